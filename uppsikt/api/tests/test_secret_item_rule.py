"""One rule for a secret § on an open case, on every way out (docs/meetings.md, *Secrecy*):
the minutes are public, but what is secret in a § is withheld. A § marked secret is withheld
from everyone the register's gate does not entitle to its case's secret material, whether or
not the case itself is secret; its number stays public. Pinned here on the screens (the §'s
page, the meeting's page, the minutes PDF, the extract), the search, the API, the notice
board and the open data."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import require
from uppsikt.documents import pdf as pdf_writer
from uppsikt.meetings import selectors as meetings_selectors
from uppsikt.meetings.models import AgendaItem, MinutesItem
from uppsikt.oparl.tests.walk import walk

from .conftest import EVERY, bearer, make_token

pytestmark = pytest.mark.django_db

TITLE = "Utvardering av anbud Kvartzbolaget"
MARK = "Kvartz"


@pytest.fixture
def secret_item(api_region, register):
    """§ 4 of the held meeting: on the open case (Upphandling av livsmedel), marked secret
    (a tenderer's business secrets, OSL 31:16), approved."""
    agenda = AgendaItem.objects.create(
        meeting=register.meeting, position=4, title=TITLE, case=register.open_case
    )
    return MinutesItem.objects.create(
        meeting=register.meeting,
        agenda_item=agenda,
        body=api_region.dnrs,
        year=2024,
        number=4,
        position=4,
        title=TITLE,
        case=register.open_case,
        secret=True,
        matter="Anbudet från Kvartzbolaget innehåller affärshemligheter.",
        decision_points=["Anta anbudet."],
        approved_at=timezone.now(),
    )


def test_the_selector_withholds_it_from_a_reader_and_shows_it_to_the_entitled(
    api_region, register, secret_item
):
    assert not register.open_case.secret
    assert meetings_selectors.item_withheld(actor=api_region.reader, item=secret_item)
    assert meetings_selectors.item_withheld(actor=api_region.reporter, item=secret_item)
    assert not meetings_selectors.item_withheld(actor=api_region.secretary, item=secret_item)
    # an open § on the same case is nobody's secret
    assert not meetings_selectors.item_withheld(
        actor=api_region.reader, item=register.items["open"]
    )
    # a secret § without a case: by role on its body
    assert meetings_selectors.item_withheld(actor=api_region.reader, item=register.items["secret"])
    assert not meetings_selectors.item_withheld(
        actor=api_region.secretary, item=register.items["secret"]
    )


def test_the_screens_withhold_it_from_a_reader(client, api_region, register, secret_item):
    client.force_login(api_region.reader)
    item_page = client.get(reverse("meetings:item", args=[secret_item.pk])).content.decode()
    assert MARK not in item_page
    meeting_page = client.get(reverse("meetings:meeting", args=[register.meeting.pk]))
    text = meeting_page.content.decode()
    assert MARK not in text
    assert "§ 4" in text and "Ärende som omfattas av sekretess" in text
    assert "Upphandling av livsmedel" in text  # the open § stays
    extract = client.get(reverse("meetings:extract", args=[secret_item.pk, "docx"]))
    assert extract.status_code == 403
    client.force_login(api_region.secretary)
    assert MARK in client.get(reverse("meetings:item", args=[secret_item.pk])).content.decode()
    text = client.get(reverse("meetings:meeting", args=[register.meeting.pk])).content.decode()
    assert TITLE in text
    assert client.get(reverse("meetings:extract", args=[secret_item.pk, "docx"])).status_code == 200


def test_the_minutes_pdf_of_the_screens_is_the_public_one_for_a_reader(
    client, api_region, register, secret_item
):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext saknas")

    def text_of(user) -> str:
        client.force_login(user)
        response = client.get(reverse("meetings:minutes_pdf", args=[register.meeting.pk]))
        assert response.status_code == 200
        return subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()

    assert MARK not in text_of(api_region.reader)
    assert MARK in text_of(api_region.secretary)


def test_the_search_finds_it_only_for_the_entitled(client, api_region, register, secret_item):
    found = meetings_selectors.header_search(
        actor=api_region.reader, organisation=api_region.org, query=MARK
    )
    assert found["items"] == []
    found = meetings_selectors.header_search(
        actor=api_region.secretary, organisation=api_region.org, query=MARK
    )
    assert found["items"] == [secret_item]
    client.force_login(api_region.reader)
    page = client.get(reverse("reports:search"), {"q": MARK}).content.decode()
    assert TITLE not in page


def test_the_api_withholds_it_unless_the_token_is_entitled(
    client, api_region, register, secret_item
):
    _t, reader = make_token(api_region, api_region.reader, EVERY)
    ids = {r["id"] for r in client.get("/api/v1/minutes-items", **bearer(reader)).json()["data"]}
    assert secret_item.pk not in ids and register.items["open"].pk in ids
    response = client.get(f"/api/v1/minutes-items/{secret_item.pk}", **bearer(reader))
    assert response.status_code == 404
    agenda = client.get(f"/api/v1/meetings/{register.meeting.pk}", **bearer(reader)).json()
    assert MARK not in str(agenda)
    _t, entitled = make_token(api_region, api_region.secretary, EVERY)
    detail = client.get(f"/api/v1/minutes-items/{secret_item.pk}", **bearer(entitled)).json()
    assert detail["title"] == TITLE and detail["secret"] is True


def test_the_notice_board_and_the_open_data_show_only_its_number(
    client, api_region, register, secret_item
):
    public = meetings_selectors.notice_public_items(notice=register.notice)
    assert [(p.label, p.secret) for p in public][-1] == ("§ 4", True)
    board = client.get(reverse("noticeboard:notice", args=[register.notice.pk])).content.decode()
    assert MARK not in board
    client.logout()
    assert MARK not in walk(client).text()
