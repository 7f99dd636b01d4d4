"""The one rule for a withheld § (docs/meetings.md, *Secrecy*) on the ways out that read the
minutes besides the § page: a § is withheld from a reader when it is marked secret or its case
is secret, unless the register's gate entitles the reader; its number stays public. Pinned
here for a § NOT marked secret on a SECRET case (and a secret § on an open case or without
a case): the minutes PDF, the e-mailed extract, the decision assignments, the member's papers.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import require
from uppsikt.documents import pdf as pdf_writer
from uppsikt.meetings import documents, papers, services
from uppsikt.meetings import selectors as meetings_selectors
from uppsikt.meetings.models import AgendaItem, DecisionAssignment, MinutesItem

pytestmark = pytest.mark.django_db

# § 2 of the register's meeting: not marked secret, on the secret case.
MARK = "Hansson"


@pytest.fixture
def secret_on_open_case(api_region, register):
    """§ 4: marked secret, on the open case."""
    agenda = AgendaItem.objects.create(
        meeting=register.meeting, position=4, title="Anbud Kvartzbolaget", case=register.open_case
    )
    return MinutesItem.objects.create(
        meeting=register.meeting,
        agenda_item=agenda,
        body=api_region.dnrs,
        year=2024,
        number=4,
        position=4,
        title="Anbud Kvartzbolaget",
        case=register.open_case,
        secret=True,
        decision_points=["Anta anbudet."],
        approved_at=timezone.now(),
    )


def test_the_item_on_a_secret_case_is_withheld_by_the_selector(api_region, register):
    item = register.items["secret_case"]
    assert not item.secret and item.case.secret
    assert meetings_selectors.item_withheld(actor=api_region.reader, item=item)
    assert not meetings_selectors.item_withheld(actor=api_region.secretary, item=item)


def test_the_minutes_pdf_withholds_a_plain_item_on_a_secret_case(client, api_region, register):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext saknas")
    number = register.secret_case.number

    def text_of(user) -> str:
        client.force_login(user)
        response = client.get(reverse("meetings:minutes_pdf", args=[register.meeting.pk]))
        assert response.status_code == 200
        return subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()

    reader = text_of(api_region.reader)
    assert MARK not in reader and number not in reader
    assert "Sekretessgatan" not in reader  # the secret § without a case
    assert "§ 2" in reader and "Ärende som omfattas av sekretess" in reader
    assert "Upphandling av livsmedel" in reader  # the open § stays
    secretary = text_of(api_region.secretary)
    assert MARK in secretary and number in secretary and "Sekretessgatan" in secretary


def test_the_fully_public_minutes_withhold_an_item_on_a_secret_case(api_region, register):
    public = repr(documents.minutes_document(register.meeting, public=True))
    internal = repr(documents.minutes_document(register.meeting))
    assert MARK not in public and register.secret_case.number not in public
    assert "Sekretessgatan" not in public
    assert "Upphandling av livsmedel" in public
    assert MARK in internal and "Sekretessgatan" in internal
    # withheld from one reader: exactly that reader's withheld §
    _, withheld = meetings_selectors.withheld_on_meeting(
        actor=api_region.reader, meeting=register.meeting
    )
    assert withheld == {register.items["secret_case"].pk, register.items["secret"].pk}
    shown = repr(documents.minutes_document(register.meeting, withheld=set()))
    assert MARK in shown


def test_an_item_on_a_secret_case_is_never_e_mailed(
    api_region, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_record(
            actor=api_region.secretary,
            item=register.items["secret_case"],
            recipient="Personalavdelningen",
            email="personal@example.org",
            fmt="docx",
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_record(
            actor=api_region.secretary,
            item=register.items["open"],
            recipient="Upphandlingen",
            email="upphandling@example.org",
            fmt="docx",
        )
    assert len(mail.outbox) == 1


def test_the_assignments_given_by_a_withheld_item_are_hidden(client, api_region, register):
    client.force_login(api_region.reader)
    page = client.get(reverse("meetings:assignments")).content.decode()
    assert "Återkomma om Upphandling av livsmedel" in page
    assert MARK not in page and "Sekretessgatan" not in page
    for key, status in (("open", 200), ("secret_case", 403), ("secret", 403)):
        url = reverse("meetings:assignment", args=[register.assignments[key].pk])
        assert client.get(url).status_code == status, key
    client.force_login(api_region.secretary)
    page = client.get(reverse("meetings:assignments")).content.decode()
    assert MARK in page and "Sekretessgatan" in page
    for key in ("open", "secret_case", "secret"):
        url = reverse("meetings:assignment", args=[register.assignments[key].pk])
        assert client.get(url).status_code == 200, key


def test_the_assignment_list_costs_the_same_whatever_the_number_of_assignments(
    client, api_region, register
):
    client.force_login(api_region.reader)
    url = reverse("meetings:assignments")
    client.get(url)  # the menu and the organisation read once and kept (organisation.reference)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for key, item in register.items.items():
        for point in (2, 3):
            DecisionAssignment.objects.create(
                organisation=api_region.org,
                given_by=item,
                point=point,
                text=f"Mer om {key} {point}",
                recipient_unit=api_region.mat,
            )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_papers_withhold_a_secret_item_after_the_meeting(
    api_region, register, secret_on_open_case
):
    def withheld(user) -> set[int]:
        return {
            p.number
            for p in papers.meeting_papers(actor=user, meeting=register.meeting)
            if p.withheld
        }

    # § 2 on the secret case, § 3 secret without a case, § 4 secret on the open case
    assert withheld(api_region.reader) == {2, 3, 4}
    assert withheld(api_region.secretary) == set()
