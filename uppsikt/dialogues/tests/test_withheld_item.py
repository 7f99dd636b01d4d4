"""A dialogue's § withheld from the reader (docs/meetings.md, *Secrecy*) lets out neither its
decision nor the assignments it gave: on the dialogue's page, in the next dialogue's brief, and
in the count of open assignments of the oversight overview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.meetings import selectors as meeting_selectors
from uppsikt.meetings.models import AgendaItem, DecisionAssignment, Meeting, MinutesItem
from uppsikt.reports import oversight
from uppsikt.reports.data import dialogue_data
from uppsikt.reports.dialogue import previous_slide

pytestmark = pytest.mark.django_db

POINT = "Ge driftnämnden i uppdrag att utreda Kvartzleverantören"


def _secret_decision(world, dialogue) -> MinutesItem:
    """The § the dialogue's proposal became at the working committee's meeting, marked secret
    (a supplier's business secrets), with the assignment it gave the committee."""
    meeting = Meeting.objects.create(
        organisation=world.org,
        body=world.rsau,
        date=dialogue.date,
        start_time=dt.time(9),
        place="Halmstad",
        status=Meeting.Status.HELD,
    )
    proposal = dialogue.proposal
    agenda = AgendaItem.objects.create(
        meeting=meeting, position=1, title=proposal.title, case=proposal.case, proposal=proposal
    )
    item = MinutesItem.objects.create(
        meeting=meeting,
        agenda_item=agenda,
        body=world.rsau,
        year=dialogue.date.year,
        number=1,
        position=1,
        title=proposal.title,
        case=proposal.case,
        proposal=proposal,
        secret=True,
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=[POINT],
    )
    DecisionAssignment.objects.create(
        organisation=world.org,
        given_by=item,
        point=1,
        text=POINT,
        recipient_body=world.dnrs,
        due_date=dt.date(2026, 6, 30),
    )
    return item


def test_the_dialogue_page_shows_a_withheld_decision_by_its_number_only(client, world):
    d = world.dialogue(register=True)
    item = _secret_decision(world, d)
    assert meeting_selectors.item_withheld(actor=world.approver, item=item)
    assert not meeting_selectors.item_withheld(actor=world.secretary, item=item)
    url = reverse("dialogues:dialogue", args=[d.pk])
    client.force_login(world.approver)
    page = client.get(url).content.decode()
    assert "Kvartz" not in page
    assert item.label in page and "Paragrafen omfattas av sekretess" in page
    client.force_login(world.secretary)
    assert POINT in client.get(url).content.decode()


def test_the_next_brief_shows_a_secret_previous_decision_by_its_number_only(world):
    spring = world.dialogue(number=1, register=True)
    item = _secret_decision(world, spring)
    autumn = world.dialogue(number=2)
    data = dialogue_data(dialogue=autumn)
    assert data.previous_item_secret and data.previous_assignments == []
    [slide] = previous_slide(data)
    assert "Kvartz" not in repr(slide)
    assert "§ 1" in slide.lead and "Paragrafen omfattas av sekretess" in repr(slide)
    # an open § shows its decision and assignment there
    MinutesItem.objects.filter(pk=item.pk).update(secret=False)
    [slide] = previous_slide(dialogue_data(dialogue=autumn))
    assert repr(slide).count(POINT) == 2


def test_the_oversight_overview_counts_no_assignment_of_a_withheld_item(world):
    d = world.dialogue(register=True)
    _secret_decision(world, d)

    def open_assignments(user) -> int:
        rows = oversight.overview(actor=user, organisation=world.org, today=dt.date(2025, 11, 1))
        return next(r.open_assignments for r in rows if r.committee == world.dnrs)

    assert open_assignments(world.approver) == 0
    assert open_assignments(world.secretary) == 1
