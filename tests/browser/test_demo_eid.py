"""The demo's whole chain (issue: signed minutes): the two approvers of a Regionstyrelsen
meeting approve its minutes with the demo's Test-e-legitimation, through the real step-up path
(the provider's authorisation page, the code exchange, the ID token's checks), the sealed
PDF/A appears on the notice board, and pdfsig finds its seal valid — and broken after one
changed byte. The minutes the demo itself approved with e-ID are served sealed too, their
signature page naming the assurance level."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
import requests
from django.test import override_settings
from django.utils import timezone

from conftest import require

pytestmark = pytest.mark.browser

ACR = "http://id.elegnamnden.se/loa/1.0/loa3"


@pytest.fixture
def sealing_demo(transactional_db, tmp_path):
    """The demo loaded with its own seal certificate, so its approved minutes are sealed."""
    from uppsikt.demo.loader import load_demo
    from uppsikt.documents import pdf as pdf_writer

    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdfsig") is not None, "pdfsig (poppler-utils) saknas")
    with override_settings(
        UPPSIKT_SEAL_DEMO=True,
        UPPSIKT_SEAL_DEMO_DIR=str(tmp_path / "demo-seal"),
        UPPSIKT_DEMO_EID_DIR=str(tmp_path / "demo-eid"),
    ):
        yield load_demo()


@pytest.fixture
def demo_provider(sealing_demo, live_server):
    """The demo's provider on, at the live server's address, as `uppsikt demo` turns it on."""
    from uppsikt.organisation import testeid

    with override_settings(**testeid.settings_for(live_server.url)):
        yield live_server.url


def _pdfsig(tmp_path, content: bytes) -> str:
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return out.split("Signature #1:")[1].split("Signature #2:")[0]


def _text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def _approve_with_eid(page, username: str, meeting) -> None:
    p = page.page
    page.login(username, "uppsikt-demo")
    page.goto(meeting.get_absolute_url())
    p.get_by_role("button", name="Justera med e-legitimation").click()
    # the page in between sends the browser on to the provider's page
    p.wait_for_url("**/test-e-legitimation/authorize/**")
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Test-e-legitimation"
    assert "Endast för demonstration" in p.content()
    page.assert_accessible()
    p.get_by_role("button", name="Legitimera dig").click()
    p.wait_for_load_state()
    assert "Du har justerat protokollet med e-legitimation." in p.content()
    p.get_by_role("button", name="Logga ut").click()
    p.wait_for_load_state()


def test_the_two_approvers_approve_with_test_e_id_and_the_board_serves_the_sealed_minutes(
    page, demo_provider, tmp_path
):
    from uppsikt.meetings.models import Approval, Meeting, Notice

    today = timezone.localdate()
    held = Meeting.objects.get(body__code="RS", date=today - dt.timedelta(days=3))
    assert held.status == Meeting.Status.HELD

    _approve_with_eid(page, "ledamot", held)
    _approve_with_eid(page, "justerare", held)

    held.refresh_from_db()
    assert held.status == Meeting.Status.APPROVED
    approvals = held.approvals.filter(item__isnull=True).order_by("pk")
    assert [a.person.user.username for a in approvals] == ["ledamot", "justerare"]
    for a in approvals:
        assert (a.method, a.eid_acr) == (Approval.Method.E_ID, ACR)
        assert a.eid_issuer == f"{demo_provider}/test-e-legitimation"
        assert a.eid_subject.startswith("test-")

    # the notice board links to the sealed minutes, which pdfsig finds valid
    notice = Notice.objects.get(meeting=held, kind=Notice.Kind.APPROVAL, item__isnull=True)
    page.goto("/anslagstavla/")
    assert notice.get_absolute_url() in page.page.content()
    content = requests.get(
        f"{demo_provider}/anslagstavla/{notice.pk}/protokoll.pdf", timeout=30
    ).content
    assert content.startswith(b"%PDF")
    assert "Signature is Valid." in _pdfsig(tmp_path, content)
    text = _text(content)
    assert "E-legitimation, tillitsnivå" in text, text[-1500:]
    assert ACR in text.replace("\n", "")
    # one byte of the minutes changed: the seal is broken
    broken = bytearray(content)
    at = content.index(b"/Producer")
    broken[at + 2] ^= 0x01
    out = _pdfsig(tmp_path, bytes(broken))
    assert "Signature is Valid." not in out
    page.assert_no_console_errors()

    # the minutes the demo itself approved with e-ID, ten days ago, are served sealed too
    _the_demos_own_e_id_minutes_are_sealed(demo_provider, tmp_path)


def _the_demos_own_e_id_minutes_are_sealed(demo_provider, tmp_path) -> None:
    from uppsikt.documents import seal
    from uppsikt.meetings.models import Approval, Meeting, Notice

    today = timezone.localdate()
    meeting = Meeting.objects.get(body__code="RS", date=today - dt.timedelta(days=10))
    assert meeting.status == Meeting.Status.APPROVED
    methods = set(meeting.approvals.values_list("method", "eid_acr"))
    assert methods == {(Approval.Method.E_ID, ACR)}
    notice = Notice.objects.get(meeting=meeting, kind=Notice.Kind.APPROVAL)
    content = requests.get(
        f"{demo_provider}/anslagstavla/{notice.pk}/protokoll.pdf", timeout=30
    ).content
    assert seal.verify_pdf(content).ok
    assert "Signature is Valid." in _pdfsig(tmp_path, content)
    text = _text(content)
    assert "E-legitimation, tillitsnivå" in text, text[-1500:]
    assert "Democertifikat" in text
