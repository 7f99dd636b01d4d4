"""Approved minutes sealed as PDF/A with the organisation's seal (docs/sealing.md): the job
started when the last approver signs, the signature page, the notice board serving the sealed
file, ``uppsikt minutes verify`` checking every seal, and the demo's own certificate. The PKI
and the time-stamping service are the test's own (Certomancer, ``documents/tests/pki.py``)."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from conftest import require
from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.models import Job
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import demo_seal, seal
from uppsikt.documents import pdf as pdf_writer
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.tests.pki import served_pki
from uppsikt.meetings import selectors, services, signature_page
from uppsikt.meetings.models import Notice
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    with served_pki(tmp_path_factory.mktemp("pki")) as served:
        yield served


@pytest.fixture
def sealing(pki):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    with override_settings(
        UPPSIKT_SEAL_PKCS12=str(pki.pkcs12),
        UPPSIKT_SEAL_PASSPHRASE=pki.passphrase,
        UPPSIKT_SEAL_TSA_URL=pki.tsa_url,
        UPPSIKT_SEAL_TRUST_ROOTS=[str(pki.root)],
    ):
        yield pki


def _approve(c, m, *, capture):
    services.minutes_approve(actor=c.chair_user, meeting=m)
    with capture(execute=True):
        services.minutes_approve(actor=c.approver_user, meeting=m)
    return Notice.objects.get(meeting=m, kind=Notice.Kind.APPROVAL)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_last_signature_starts_a_job_that_seals_the_minutes_and_keeps_the_file(
    sealing, django_capture_on_commit_callbacks
):
    # given: held minutes, signed by the chair
    c = factories.committee()
    m = factories.held_meeting(c)
    # when: the approver signs last (the job runs once the approval is committed)
    notice = _approve(c, m, capture=django_capture_on_commit_callbacks)
    # then: one job, done, and the sealed PDF/A kept under the notice
    job = Job.objects.get(kind="minutes_seal")
    assert job.status == Job.Status.DONE, job.message
    rendered = selectors.notice_sealed(notice=notice)
    assert rendered is not None and rendered.format == "pdf"
    content = doc_selectors.rendered_content(rendered)
    assert hashlib.sha256(content).hexdigest() == rendered.checksum
    check = seal.verify_pdf(content)
    assert check.ok, check.problems
    assert (check.seals, check.timestamps) == (1, 1)  # B-LTA: the seal and a document timestamp


def test_the_first_signature_alone_seals_nothing(sealing, django_capture_on_commit_callbacks):
    c = factories.committee()
    m = factories.held_meeting(c)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(actor=c.chair_user, meeting=m)
    assert not Job.objects.filter(kind="minutes_seal").exists()


def test_without_a_seal_configured_approval_starts_no_job(
    django_capture_on_commit_callbacks, tmp_path
):
    c = factories.committee()
    m = factories.held_meeting(c)
    with override_settings(UPPSIKT_SEAL_DEMO_DIR=str(tmp_path)):  # no demo certificate either
        notice = _approve(c, m, capture=django_capture_on_commit_callbacks)
    assert not Job.objects.filter(kind="minutes_seal").exists()
    assert selectors.notice_sealed(notice=notice) is None


def test_the_signature_page_lists_who_approved_in_which_role_when_and_how(
    sealing, django_capture_on_commit_callbacks
):
    c = factories.committee()
    m = factories.held_meeting(c)
    notice = _approve(c, m, capture=django_capture_on_commit_callbacks)
    text = _pdf_text(doc_selectors.rendered_content(selectors.notice_sealed(notice=notice)))
    page = text[text.index("Signatursida") :]
    chair, approver = c.members[0].full_name, c.members[1].full_name
    assert chair in page and approver in page
    assert "Ordförande" in page and "Justerare" in page
    assert page.count("Knapp i Uppsikt") == 2
    assert "PAdES B-LTA" in page and "Testregionen sigill" in page
    assert "Democertifikat" not in page


def test_the_notice_links_to_the_sealed_pdf_and_the_board_serves_it(
    sealing, django_capture_on_commit_callbacks, client
):
    c = factories.committee()
    m = factories.held_meeting(c)
    notice = _approve(c, m, capture=django_capture_on_commit_callbacks)
    rendered = selectors.notice_sealed(notice=notice)
    html = client.get(reverse("noticeboard:notice", args=[notice.pk])).content.decode()
    assert 'id="notice-sealed"' in html and reverse("noticeboard:minutes", args=[notice.pk]) in html
    response = client.get(reverse("noticeboard:minutes", args=[notice.pk]))
    assert response.status_code == 200
    assert response.content == doc_selectors.rendered_content(rendered)


def test_minutes_verify_checks_every_seal_and_names_a_changed_file(
    sealing, django_capture_on_commit_callbacks
):
    c = factories.committee()
    m = factories.held_meeting(c)
    notice = _approve(c, m, capture=django_capture_on_commit_callbacks)
    call_command("minutes_verify")
    # when: one byte of the kept file is changed in the storage
    rendered = selectors.notice_sealed(notice=notice)
    data = bytearray(doc_selectors.rendered_content(rendered))
    at = bytes(data).index(b"/Producer")
    data[at + 2] ^= 0x01
    default_storage.delete(rendered.file.name)
    default_storage.save(rendered.file.name, BytesIO(bytes(data)))
    # then
    with pytest.raises(CommandError):
        call_command("minutes_verify")


def test_sealing_by_hand_needs_manage_on_the_body(sealing, django_capture_on_commit_callbacks):
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m)
    services.minutes_approve(actor=c.approver_user, meeting=m)  # no job: callbacks not run
    notice = Notice.objects.get(meeting=m, kind=Notice.Kind.APPROVAL)
    other_body = org.body(c.organisation, "RN", name="Regionnämnden")
    outsider = org_services.account_create(
        actor=SYSTEM, username="sekr-rn", password="korrekt-hast-batteri"
    )
    org.grant(outsider, Role.SECRETARY, c.organisation, body=other_body)
    with pytest.raises(NotPermitted):
        services.notice_pdf_seal(actor=outsider, notice=notice)
    # the body's own secretary may (e.g. when the job failed)
    rendered = services.notice_pdf_seal(actor=c.secretary, notice=notice)
    assert services.notice_pdf_seal(actor=c.secretary, notice=notice) == rendered


def test_the_demo_certificate_is_used_when_nothing_is_configured_and_the_page_says_so(
    tmp_path, django_capture_on_commit_callbacks
):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    with override_settings(UPPSIKT_SEAL_DEMO_DIR=str(tmp_path / "demo-seal")):
        assert seal.config() is None
        demo_seal.make(organisation="Region Demo")
        cfg = seal.config()
        assert cfg is not None and cfg.demo and cfg.level == "B-B"
        c = factories.committee()
        m = factories.held_meeting(c)
        notice = _approve(c, m, capture=django_capture_on_commit_callbacks)
        content = doc_selectors.rendered_content(selectors.notice_sealed(notice=notice))
        check = seal.verify_pdf(content)  # against the demo's own authority
        assert check.ok, check.problems
        text = _pdf_text(content)
        assert "Democertifikat" in text and "PAdES B-B" in text
        assert "tidsstämpel" in text


def test_the_signature_page_names_a_paper_signature_as_paper():
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m)
    services.minutes_approve(actor=c.secretary, meeting=m, person=c.members[1], method="on_paper")
    notice = Notice.objects.get(meeting=m, kind=Notice.Kind.APPROVAL)
    doc = signature_page.sealed_notice_document(notice, holder="X", level="B-B", demo=False)
    page = doc.sections[-1]
    table = page.blocks[0]
    methods = [row.cells[3] for row in table.rows]
    assert "Knapp i Uppsikt, inloggad med eget konto" in str(methods)
    assert "Signerat på papper" in str(methods)


def test_an_item_approved_at_once_gets_its_own_sealed_notice_with_that_item_alone(
    sealing, django_capture_on_commit_callbacks
):
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Handlingsplan för förrådet", "Ej justerad punkt"))
    first = m.items.order_by("position").first()
    services.item_approve_immediately(actor=c.chair_user, item=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_approve_immediately(actor=c.approver_user, item=first)
    notice = Notice.objects.get(meeting=m, item=first)
    content = doc_selectors.rendered_content(selectors.notice_sealed(notice=notice))
    assert seal.verify_pdf(content).ok
    text = _pdf_text(content)
    assert "Handlingsplan för förrådet" in text and "Ej justerad punkt" not in text


def test_the_demo_seals_the_notices_of_its_approved_minutes(
    tmp_path, django_capture_on_commit_callbacks, client
):
    from uppsikt.demo.loader import load_demo

    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    with override_settings(
        UPPSIKT_SEAL_DEMO=True, UPPSIKT_SEAL_DEMO_DIR=str(tmp_path / "demo-seal")
    ):
        # when: the demo loads (its jobs run once it is committed)
        with django_capture_on_commit_callbacks(execute=True):
            organisation = load_demo().organisation
        # then: every notice of approval has its sealed PDF, and the board serves it
        notices = list(Notice.objects.filter(organisation=organisation, kind=Notice.Kind.APPROVAL))
        assert len(notices) >= 5  # four approved meetings and an item approved at once
        assert not Job.objects.filter(kind="minutes_seal").exclude(status=Job.Status.DONE)
        for notice in notices:
            assert selectors.notice_sealed(notice=notice) is not None, notice
        response = client.get(reverse("noticeboard:minutes", args=[notices[0].pk]))
        check = seal.verify_pdf(response.content)
        assert check.ok, check.problems
        assert "Democertifikat" in _pdf_text(response.content)
        call_command("minutes_verify")


def test_seal_pdf_seals_the_notices_approved_before_a_seal_was_configured(sealing):
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m)
    services.minutes_approve(actor=c.approver_user, meeting=m)  # the job never ran
    notice = Notice.objects.get(meeting=m, kind=Notice.Kind.APPROVAL)
    assert selectors.notices_unsealed(organisation=c.organisation) == [notice]
    call_command("minutes_seal_pdf")
    assert selectors.notices_unsealed(organisation=c.organisation) == []
    assert seal.verify_pdf(
        doc_selectors.rendered_content(selectors.notice_sealed(notice=notice))
    ).ok
