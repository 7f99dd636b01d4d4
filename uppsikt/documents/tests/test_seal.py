"""The organisation's seal (documents.seal): PAdES with pyHanko, against a PKI and a
time-stamping service of the test's own (Certomancer, ``pki.py``), validated by pyHanko and by
an independent validator, poppler's ``pdfsig``."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from conftest import require
from uppsikt.documents import pdf, seal
from uppsikt.documents.document import Document, Paragraph

from .pki import served_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    with served_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture(scope="module")
def minutes_pdf():
    require(pdf.available(), "WeasyPrint/Pango saknas")
    doc = Document(
        title="Protokoll",
        subtitle="Regionstyrelsen",
        organisation="Testregionen",
        header="Regionstyrelsen – Protokoll",
        cover=False,
        numbered=False,
        toc=False,
    )
    doc.section("§ 1 Budget", numbered=False).add(Paragraph("Regionstyrelsen beslutar att …"))
    return pdf.render(doc)


def _config(pki, *, tsa: bool) -> seal.SealConfig:
    return seal.SealConfig(
        pkcs12=pki.pkcs12,
        passphrase=pki.passphrase,
        tsa_url=pki.tsa_url if tsa else "",
        trust_roots=(pki.root,),
    )


@pytest.fixture(scope="module")
def sealed_lta(pki, minutes_pdf):
    return seal.seal_pdf(minutes_pdf, reason="Justerat protokoll", cfg=_config(pki, tsa=True))


def _pdfsig(tmp_path, content: bytes) -> str:
    require(shutil.which("pdfsig") is not None, "pdfsig (poppler-utils) saknas")
    path = tmp_path / "sealed.pdf"
    path.write_bytes(content)
    # -nocert: pdfsig checks the certificate against its own NSS store, which does not hold
    # the test's root; the chain is pyHanko's part of the test.
    return subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, check=False
    ).stdout


def _tampered(content: bytes) -> bytes:
    """One byte of the minutes' own text changed, inside the sealed range."""
    data = bytearray(content)
    at = content.index(b"/Producer")  # the document information, covered by the seal
    data[at + 2] ^= 0x01
    return bytes(data)


def test_a_seal_with_a_time_stamping_service_is_pades_b_lta_intact_and_trusted(sealed_lta, pki):
    check = seal.verify_pdf(sealed_lta, trust_roots=(pki.root,))
    assert check.ok, check.problems
    # the seal itself and the document timestamp that closes B-LTA
    assert (check.seals, check.timestamps) == (1, 1)
    assert "Testregionen sigill" in check.signer
    # validation data embedded (the document security store)
    assert b"/DSS" in sealed_lta and b"/OCSPs" in sealed_lta


def test_the_sealed_file_is_still_declared_pdf_a_2b(sealed_lta):
    from pyhanko.pdf_utils.reader import PdfFileReader

    xmp = PdfFileReader(io.BytesIO(sealed_lta)).root["/Metadata"].get_object().data
    # pyHanko rewrites the metadata in its update (producer, date) and keeps the PDF/A id
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="B"' in xmp


def _first_signature(out: str) -> str:
    return out.split("Signature #1:")[1].split("Signature #2:")[0]


def test_pdfsig_finds_the_seal_valid(sealed_lta, tmp_path):
    # pdfsig validates signatures, not document timestamps: the seal is its Signature #1.
    seal_part = _first_signature(_pdfsig(tmp_path, sealed_lta))
    assert "Signer Certificate Common Name: Testregionen sigill" in seal_part
    assert "Signature Type: ETSI.CAdES.detached" in seal_part
    assert "Signature Validation: Signature is Valid." in seal_part


def test_a_byte_changed_in_the_sealed_file_breaks_the_seal_for_pyhanko(sealed_lta, pki):
    check = seal.verify_pdf(_tampered(sealed_lta), trust_roots=(pki.root,))
    assert not check.ok
    assert any("brutet" in p for p in check.problems)


def test_a_byte_changed_in_the_sealed_file_breaks_the_seal_for_pdfsig(sealed_lta, tmp_path):
    seal_part = _first_signature(_pdfsig(tmp_path, _tampered(sealed_lta)))
    assert "Signature Validation: Signature is Valid." not in seal_part
    assert "Signature Validation: Digest Mismatch." in seal_part


def test_a_seal_is_not_trusted_against_a_root_that_did_not_issue_it(sealed_lta, pki):
    check = seal.verify_pdf(sealed_lta, trust_roots=(pki.other_root,))
    assert not check.ok
    assert any("betrodd" in p for p in check.problems)


def test_without_a_time_stamping_service_the_seal_is_b_b_and_still_verifies(pki, minutes_pdf):
    cfg = _config(pki, tsa=False)
    assert cfg.level == "B-B"
    sealed = seal.seal_pdf(minutes_pdf, reason="Justerat protokoll", cfg=cfg)
    check = seal.verify_pdf(sealed, trust_roots=(pki.root,))
    assert check.ok, check.problems
    assert (check.seals, check.timestamps) == (1, 0)


def test_a_wrong_passphrase_is_a_seal_unavailable_error_not_a_crash(pki, minutes_pdf):
    cfg = seal.SealConfig(pkcs12=pki.pkcs12, passphrase="fel", trust_roots=(pki.root,))
    with pytest.raises(seal.SealUnavailable):
        seal.seal_pdf(minutes_pdf, reason="x", cfg=cfg)


def test_a_file_without_a_seal_or_not_a_pdf_does_not_verify(pki, minutes_pdf):
    assert seal.verify_pdf(minutes_pdf, trust_roots=(pki.root,)).problems == [
        "filen har inget sigill"
    ]
    assert not seal.verify_pdf(b"not a pdf", trust_roots=(pki.root,)).ok


def test_data_added_after_the_last_timestamp_is_found(sealed_lta, pki):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(sealed_lta))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    check = seal.verify_pdf(out.getvalue(), trust_roots=(pki.root,))
    assert not check.ok


def test_sealing_and_validating_work_from_inside_a_running_event_loop(pki, minutes_pdf):
    """pyHanko's synchronous calls run ``asyncio.run``; called from async code (a loop already
    running in the thread) the seal is made and checked all the same."""
    import asyncio
    import threading

    async def from_async_code():
        sealed = seal.seal_pdf(minutes_pdf, reason="Justerat", cfg=_config(pki, tsa=False))
        return seal.verify_pdf(sealed, trust_roots=(pki.root,))

    found = {}

    # the test runner's own thread holds the session's browser (tests/browser: Playwright's sync
    # API keeps an event loop running in it), so the async caller gets a thread of its own
    def in_a_thread_of_its_own():
        found["check"] = asyncio.run(from_async_code())

    worker = threading.Thread(target=in_a_thread_of_its_own)
    worker.start()
    worker.join()
    check = found["check"]
    assert check.ok, check.problems
    assert (check.seals, check.timestamps) == (1, 0)
