"""Access to secret meeting material follows the membership's term on the day of the request:
a member whose term has ended, or not yet begun, sees nothing of the body's secret cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from uppsikt.cases import secrecy
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import services
from uppsikt.meetings.models import Meeting
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Membership
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def _secret_case_sent_to_a_meeting(c):
    from uppsikt.cases import services as case_services

    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Skyddsåtgärder för förrådet",
        secret=True,
        secrecy_ground="OSL 18 kap. 8 §",
        registered_on=dt.date(2025, 10, 1),
    )
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, case=case)
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.SUMMONED)
    return case


def _member_with_term(c, start: dt.date, end: dt.date | None):
    """An account whose person holds one seat in the committee, from ``start`` to ``end``."""
    person = org.person(c.organisation, "Tove", "Terminsdotter")
    org.membership(person, c.body, Membership.Role.MEMBER, start=start, end=end)
    return org_services.account_create(
        actor=SYSTEM,
        username=f"tove{start:%Y%m%d}",
        password="korrekt-hast-batteri",
        person=person,
    )


def test_a_member_whose_term_ended_yesterday_no_longer_sees_the_secret_case():
    c = factories.committee()
    case = _secret_case_sent_to_a_meeting(c)
    today = timezone.localdate()
    user = _member_with_term(c, start=today - 400 * DAY, end=today - DAY)
    assert not secrecy.can_see_case(user, case)


def test_a_member_whose_term_ends_today_still_sees_the_secret_case():
    # the term's days are inclusive: the last day is still a day of the term
    c = factories.committee()
    case = _secret_case_sent_to_a_meeting(c)
    today = timezone.localdate()
    user = _member_with_term(c, start=today - 400 * DAY, end=today)
    assert secrecy.can_see_case(user, case)


def test_a_member_whose_term_starts_tomorrow_does_not_see_the_secret_case_yet():
    c = factories.committee()
    case = _secret_case_sent_to_a_meeting(c)
    today = timezone.localdate()
    user = _member_with_term(c, start=today + DAY, end=today + 400 * DAY)
    assert not secrecy.can_see_case(user, case)


def test_a_member_whose_term_starts_today_sees_the_secret_case():
    c = factories.committee()
    case = _secret_case_sent_to_a_meeting(c)
    today = timezone.localdate()
    user = _member_with_term(c, start=today, end=today + 400 * DAY)
    assert secrecy.can_see_case(user, case)


def test_a_member_whose_term_has_no_end_sees_the_secret_case():
    c = factories.committee()
    case = _secret_case_sent_to_a_meeting(c)
    user = _member_with_term(c, start=timezone.localdate() - 400 * DAY, end=None)
    assert secrecy.can_see_case(user, case)


def test_a_former_member_no_longer_finds_the_secret_case_in_the_register_list():
    from uppsikt.cases.models import Case

    c = factories.committee()
    case = _secret_case_sent_to_a_meeting(c)
    today = timezone.localdate()
    user = _member_with_term(c, start=today - 400 * DAY, end=today - DAY)
    visible = Case.objects.filter(secrecy.case_entitled_q(user, c.organisation))
    assert case not in visible
