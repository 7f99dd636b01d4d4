"""The secretary's list of approved § still to be sent (expedieras): a § is on it while the
minutes name recipients and no extract has been sent, whether the recipients came from a
decision proposal or were written in the minutes, and as the secretary last edited them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from uppsikt.cases import services as case_services
from uppsikt.cases.models import DecisionProposal
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import selectors, services
from uppsikt.meetings.models import MinutesItem

from . import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 10, 20)


def _to_send(c) -> list[str]:
    work = selectors.secretary_work(actor=c.secretary, organisation=c.organisation, today=TODAY)
    return [item.title for item in work.not_dispatched]


def _approve(meeting) -> None:
    MinutesItem.objects.filter(meeting=meeting).update(approved_at=timezone.now())


def test_recipients_written_in_the_minutes_put_a_section_on_the_list_until_it_is_sent():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Lokalförsörjning", "Information"))
    written, information = m.items.order_by("position")
    services.item_update(
        actor=c.secretary, item=written, version=written.version, dispatch_to=["Regionkontoret"]
    )
    assert _to_send(c) == []  # not approved yet
    _approve(m)
    # no proposal behind it: the recipients are those the minutes name
    assert _to_send(c) == ["Lokalförsörjning"]

    sent = services.dispatch_record(
        actor=c.secretary,
        item=written,
        recipient="Regionkontoret",
        fmt="docx",
        at=dt.datetime(2025, 10, 17, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
    )
    assert sent.sent_at == dt.datetime(2025, 10, 17, 7, 0, tzinfo=dt.UTC)
    assert _to_send(c) == []


def test_the_recipients_as_the_secretary_edited_them_count_not_the_proposals():
    c = factories.committee()
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.body,
        title="Stabsfunktioner",
        registered_on=dt.date(2025, 8, 1),
    )
    proposal = DecisionProposal.objects.create(
        case=case,
        body=c.body,
        status=DecisionProposal.Status.FINAL,
        date=dt.date(2025, 9, 1),
        title="Översyn av stabsfunktioner",
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=["lägga redovisningen till handlingarna"],
        dispatch_to=["Förvaltningsledningarna"],
    )
    m = factories.held_meeting(c, titles=())
    services.agenda_add(actor=SYSTEM, meeting=m, proposal=proposal)
    item = m.items.get()
    assert item.dispatch_to == ["Förvaltningsledningarna"]  # copied from the proposal
    # the secretary takes the recipients out of the minutes: nothing is to be sent
    services.item_update(actor=c.secretary, item=item, version=item.version, dispatch_to=[])
    _approve(m)
    assert _to_send(c) == []
