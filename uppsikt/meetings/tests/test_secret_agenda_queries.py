"""The secrecy gate on a meeting's agenda is asked once for all its secret cases, not once per
case: the meeting's page takes as many queries with four secret cases as with one, and hides
the same titles from the same people as the gate does case by case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uppsikt.cases import secrecy
from uppsikt.cases import services as case_services
from uppsikt.cases.models import DecisionProposal
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import selectors, services
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db


def _secret_case(c, n: int):
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title=f"Skyddat boende nr {n}",
        secret=True,
        secrecy_ground="OSL 26 kap. 1 §",
        registered_on=dt.date(2025, 3, 1),
    )
    return DecisionProposal.objects.create(
        case=case,
        body=c.body,
        status=DecisionProposal.Status.FINAL,
        date=dt.date(2025, 3, 20),
        title=f"Skyddat boende nr {n}",
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=["Godkänna placeringen"],
    )


def _meeting(c, secret: int, date):
    meeting = factories.held_meeting(c, date=date, titles=("Öppen punkt",))
    for n in range(secret):
        services.agenda_add(actor=c.secretary, meeting=meeting, proposal=_secret_case(c, n))
    return meeting


@pytest.fixture
def committee():
    c = factories.committee()
    c.au_secretary = org_services.account_create(
        actor=SYSTEM, username="sekr-au", password="korrekt-hast-batteri"
    )
    org.grant(c.au_secretary, Role.SECRETARY, c.organisation, body=c.body)
    return c


def test_the_gate_for_many_cases_at_once_answers_as_for_each_alone(committee):
    c = committee
    meeting = _meeting(c, 3, dt.date(2025, 4, 1))
    cases = [a.case for a in meeting.agenda.select_related("case") if a.case_id]
    assert len(cases) == 3
    for user in (c.au_secretary, c.secretary):
        one_by_one = {case.pk for case in cases if secrecy.entitled_to_case(user, case)}
        assert secrecy.entitled_case_ids(user, cases) == one_by_one
    # the working committee's secretary is not entitled to the board's secret cases; the
    # board's secretary is (test_withheld_assignments), and SYSTEM sees everything
    assert secrecy.entitled_case_ids(c.au_secretary, cases) == set()
    assert secrecy.entitled_case_ids(c.secretary, cases) == {case.pk for case in cases}
    assert secrecy.entitled_case_ids(SYSTEM, cases) == {case.pk for case in cases}
    assert secrecy.entitled_case_ids(c.au_secretary, []) == set()


def _page(client, user, meeting) -> tuple[int, str]:
    client.force_login(user)
    client.get(meeting.get_absolute_url())  # what the process keeps for a minute read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_meeting_page_asks_the_gate_once_however_many_secret_cases(client, committee):
    c = committee
    one = _meeting(c, 1, dt.date(2025, 4, 1))
    four = _meeting(c, 4, dt.date(2025, 5, 1))
    for user, sees in ((c.au_secretary, False), (c.secretary, True)):
        few, html = _page(client, user, one)
        assert ("Skyddat boende nr 0" in html) is sees
        many, html = _page(client, user, four)
        assert all((f"Skyddat boende nr {n}" in html) is sees for n in range(4))
        assert "Öppen punkt" in html
        assert many == few, user
    hidden, withheld = selectors.withheld_on_meeting(actor=c.au_secretary, meeting=four)
    assert len(hidden) == 4 and len(withheld) == 4
    hidden, withheld = selectors.withheld_on_meeting(actor=c.secretary, meeting=four)
    assert hidden == set() and withheld == set()
