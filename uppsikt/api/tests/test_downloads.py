"""The API's files: the approved minutes (the sealed file when there is one), the notices'
minutes, extracts of a §, and records' files. The same gates as the screens (approved
minutes only; the register's secrecy gate for the token's owner, within the token's scope),
each download audited, each answer with an ETag and its checksum."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile

from conftest import require
from uppsikt.cases.models import RecordFile
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import pdf as pdf_writer
from uppsikt.documents import services as doc_services
from uppsikt.meetings import selectors as meetings_selectors
from uppsikt.meetings.models import Meeting

from .conftest import EVERY, bearer, make_token

pytestmark = pytest.mark.django_db

SEALED = b"%PDF-1.7\n% forseglat protokoll DNRS\n%%EOF\n"
RANKS = ["reader", "reporter", "approver", "controller"]


def get(client, url, secret, **headers):
    return client.get(url, **bearer(secret), **headers)


def error_code(response) -> str:
    return response.json()["error"]["code"]


def downloads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="api.download").order_by("pk"))


def approve(register) -> None:
    Meeting.objects.filter(pk=register.meeting.pk).update(status=Meeting.Status.APPROVED)


def seal(register) -> None:
    doc_services.rendered_store(
        kind=meetings_selectors.SEALED_KIND,
        subject=meetings_selectors.notice_seal_subject(register.notice),
        fmt="pdf",
        content=SEALED,
        data_version="v1",
        title="Förseglat protokoll",
        actor=SYSTEM,
    )


def attach(record, name: str, content: bytes) -> RecordFile:
    return RecordFile.objects.create(
        record=record,
        file=ContentFile(content, name=name),
        name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.fixture
def record_files(register):
    return {
        "open": attach(register.open_record, "anbud-åkeriet.pdf", b"%PDF-1.4 anbud\n"),
        "secret": attach(register.secret_record, "affarshemlighet.pdf", b"%PDF-1.4 hemligt\n"),
        "secret_case": attach(register.record_of_secret_case, "intyg.png", b"\x89PNG intyg"),
    }


# --- minutes -------------------------------------------------------------------------------


def test_minutes_not_yet_approved_are_refused(client, api_region, register):
    _t, secret = make_token(api_region, api_region.secretary, EVERY)
    response = get(client, f"/api/v1/meetings/{register.meeting.pk}/minutes", secret)
    assert response.status_code == 409 and error_code(response) == "not_approved"
    assert downloads() == []


def test_approved_minutes_are_the_sealed_file_with_etag_and_each_download_audited(
    client, api_region, register
):
    approve(register)
    seal(register)
    token, secret = make_token(api_region, api_region.reader, ["meetings.view"])
    url = f"/api/v1/meetings/{register.meeting.pk}/minutes"
    response = get(client, url, secret)
    assert response.status_code == 200
    assert response.content == SEALED
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Checksum-SHA256"] == hashlib.sha256(SEALED).hexdigest()
    assert "forseglat.pdf" in response["Content-Disposition"]
    etag = response["ETag"]
    again = get(client, url, secret, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    # the notice's own address serves the same file, to any valid token
    _t, other = make_token(api_region, api_region.reader, ["organisation.view"])
    by_notice = get(client, f"/api/v1/notices/{register.notice.pk}/minutes", other)
    assert by_notice.status_code == 200 and by_notice.content == SEALED
    events = downloads()
    assert len(events) == 3
    assert [e.detail["what"] for e in events] == ["minutes", "minutes", "notice_minutes"]
    assert events[0].actor_id == api_region.reader.pk
    assert events[0].detail["token"] == token.prefix
    assert events[0].detail["sha256"] == hashlib.sha256(SEALED).hexdigest()
    assert events[0].object_type == "meetings.notice"


def test_a_token_without_meetings_view_gets_no_minutes_nor_extract(client, api_region, register):
    approve(register)
    seal(register)
    _t, secret = make_token(api_region, api_region.reader, ["organisation.view"])
    for url in (
        f"/api/v1/meetings/{register.meeting.pk}/minutes",
        f"/api/v1/minutes-items/{register.items['open'].pk}/extract?format=docx",
    ):
        response = get(client, url, secret)
        assert response.status_code == 403 and error_code(response) == "forbidden"
    assert downloads() == []


def test_unsealed_approved_minutes_are_the_boards_pdf_without_secrets(client, api_region, register):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext saknas")
    approve(register)
    _t, secret = make_token(api_region, api_region.secretary, EVERY)  # entitled, all the same
    response = get(client, f"/api/v1/meetings/{register.meeting.pk}/minutes", secret)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Upphandling av livsmedel" in text
    for word in ("Hemlig Hansson", "Sekretessgatan"):
        assert word not in text


def test_an_announcement_has_no_minutes(client, api_region, register):
    from uppsikt.meetings.models import Notice

    today = dt.date.today()
    announcement = Notice.objects.create(
        organisation=api_region.org,
        kind=Notice.Kind.ANNOUNCEMENT,
        meeting=register.meeting,
        posted_on=today,
        last_day=today + dt.timedelta(days=7),
    )
    _t, secret = make_token(api_region, api_region.reader, ["meetings.view"])
    response = get(client, f"/api/v1/notices/{announcement.pk}/minutes", secret)
    assert response.status_code == 404 and error_code(response) == "not_found"


# --- extracts ------------------------------------------------------------------------------


def test_an_extract_of_an_open_approved_item(client, api_region, register):
    _t, secret = make_token(api_region, api_region.reader, EVERY, units=[api_region.log])
    response = get(
        client, f"/api/v1/minutes-items/{register.items['open'].pk}/extract?format=docx", secret
    )
    assert response.status_code == 200
    assert response.content.startswith(b"PK")  # a DOCX is a zip
    assert "wordprocessingml" in response["Content-Type"]
    assert response.has_header("ETag")
    [event] = downloads()
    assert event.detail["what"] == "extract" and event.object_type == "meetings.minutesitem"


def test_a_sealed_extract_is_served_as_sealed_like_the_items_page(client, api_region, register):
    item = register.items["open"]
    sealed = b"%PDF-1.7\n% forseglat utdrag\n%%EOF\n"
    doc_services.rendered_store(
        kind=meetings_selectors.EXTRACT_SEALED_KIND,
        subject=meetings_selectors.extract_seal_subject(item),
        fmt="pdf",
        content=sealed,
        data_version="v1",
        title="Förseglat protokollsutdrag",
        actor=SYSTEM,
    )
    _t, secret = make_token(api_region, api_region.reader, EVERY, units=[api_region.log])
    response = get(client, f"/api/v1/minutes-items/{item.pk}/extract?format=pdf", secret)
    assert response.status_code == 200
    assert response.content == sealed
    assert "forseglat.pdf" in response["Content-Disposition"]
    assert response["X-Checksum-SHA256"] == hashlib.sha256(sealed).hexdigest()


@pytest.mark.parametrize("role", RANKS)
def test_no_rank_scoped_to_a_unit_gets_the_extract_of_a_withheld_item(
    client, api_region, register, role
):
    _t, secret = make_token(api_region, getattr(api_region, role), EVERY, units=[api_region.mat])
    for key in ("secret", "secret_case"):
        url = f"/api/v1/minutes-items/{register.items[key].pk}/extract?format=docx"
        response = get(client, url, secret)
        assert response.status_code == 404 and error_code(response) == "not_found", key
    assert downloads() == []


def test_the_entitled_secretary_gets_the_secret_extract_only_with_secrecy_read_in_scope(
    client, api_region, register
):
    url = f"/api/v1/minutes-items/{register.items['secret'].pk}/extract?format=docx"
    _t, entitled = make_token(api_region, api_region.secretary, EVERY)
    assert get(client, url, entitled).status_code == 200
    without = [p for p in EVERY if p != "secrecy.read"]
    _t, plain = make_token(api_region, api_region.secretary, without)
    assert get(client, url, plain).status_code == 404
    _t, elsewhere = make_token(api_region, api_region.secretary, EVERY, units=[api_region.log])
    assert get(client, url, elsewhere).status_code == 404


def test_an_extract_of_an_item_not_yet_approved_is_refused_and_bad_formats_too(
    client, api_region, register
):
    from uppsikt.meetings.models import AgendaItem, MinutesItem

    _t, secret = make_token(api_region, api_region.reader, EVERY)
    bad = get(
        client, f"/api/v1/minutes-items/{register.items['open'].pk}/extract?format=exe", secret
    )
    assert bad.status_code == 422 and error_code(bad) == "invalid"
    agenda = AgendaItem.objects.create(meeting=register.meeting, position=4, title="Övrigt")
    item = MinutesItem.objects.create(
        meeting=register.meeting,
        agenda_item=agenda,
        body=api_region.dnrs,
        year=2024,
        number=4,
        position=4,
        title="Övrigt",
    )
    response = get(client, f"/api/v1/minutes-items/{item.pk}/extract?format=docx", secret)
    assert response.status_code == 409 and error_code(response) == "not_approved"
    assert downloads() == []


# --- records' files ------------------------------------------------------------------------


def _file_url(record_file) -> str:
    return f"/api/v1/records/{record_file.record_id}/files/{record_file.pk}"


@pytest.mark.parametrize("scope", ["unit", "body"])
@pytest.mark.parametrize("role", RANKS)
def test_every_rank_scoped_to_a_unit_or_body_gets_the_open_file_and_no_secret_one(
    client, api_region, register, record_files, role, scope
):
    within = {"units": [api_region.mat]} if scope == "unit" else {"bodies": [api_region.dnrs]}
    _t, secret = make_token(api_region, getattr(api_region, role), EVERY, **within)
    response = get(client, _file_url(record_files["open"]), secret)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 anbud\n"
    assert response["Content-Type"] == "application/pdf"
    assert "anbud-%C3%A5keriet.pdf" in response["Content-Disposition"]
    for key in ("secret", "secret_case"):
        refused = get(client, _file_url(record_files[key]), secret)
        assert refused.status_code == 404 and error_code(refused) == "not_found", key
    [event] = downloads()
    assert event.object_type == "cases.recordfile" and event.detail["what"] == "record_file"
    # the record lists its file, and the secret ones not at all
    listed = get(client, "/api/v1/records", secret).json()["data"]
    assert [r["files"] for r in listed] == [
        [
            {
                "id": record_files["open"].pk,
                "name": "anbud-åkeriet.pdf",
                "size": 15,
                "sha256": record_files["open"].sha256,
            }
        ]
    ]


def test_secret_files_need_secrecy_read_the_gate_and_the_tokens_scope(
    client, api_region, register, record_files
):
    _t, entitled = make_token(api_region, api_region.secretary, EVERY)
    for key, content, mime in (
        ("secret", b"%PDF-1.4 hemligt\n", "application/pdf"),
        ("secret_case", b"\x89PNG intyg", "image/png"),
    ):
        response = get(client, _file_url(record_files[key]), entitled)
        assert response.status_code == 200 and response.content == content, key
        assert response["Content-Type"] == mime
    without = [p for p in EVERY if p != "secrecy.read"]
    _t, plain = make_token(api_region, api_region.secretary, without)
    _t, elsewhere = make_token(api_region, api_region.secretary, EVERY, units=[api_region.log])
    for secret in (plain, elsewhere):
        for key in ("secret", "secret_case"):
            assert get(client, _file_url(record_files[key]), secret).status_code == 404
    assert len(downloads()) == 2


def test_a_file_is_found_only_under_its_own_record_and_needs_cases_view(
    client, api_region, register, record_files
):
    _t, secret = make_token(api_region, api_region.reader, EVERY)
    wrong = f"/api/v1/records/{register.open_record.pk}/files/{record_files['secret'].pk}"
    assert get(client, wrong, secret).status_code == 404
    _t, no_cases = make_token(api_region, api_region.reader, ["meetings.view"])
    response = get(client, _file_url(record_files["open"]), no_cases)
    assert response.status_code == 403 and error_code(response) == "forbidden"
    assert downloads() == []


def test_the_downloads_are_in_the_schema_as_files(client, api_region):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, types in (
        ("/api/v1/meetings/{meeting_id}/minutes", {"application/pdf"}),
        ("/api/v1/notices/{notice_id}/minutes", {"application/pdf"}),
        (
            "/api/v1/minutes-items/{item_id}/extract",
            {
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            },
        ),
        ("/api/v1/records/{record_id}/files/{file_id}", {"application/pdf", "image/png"}),
    ):
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert types <= set(content), path
        assert all(c["schema"]["format"] == "binary" for c in content.values())
