"""The meetings' notifications: minutes to approve to the chair and the approvers, an
assignment to the accounts of the receiving unit or body, each only to those entitled."""

import datetime as dt

import pytest

from uppsikt.meetings import services
from uppsikt.meetings.tests import factories
from uppsikt.notifications.models import Kind, Notification
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

pytestmark = pytest.mark.django_db


def _recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_minutes_to_approve_go_to_the_chair_and_the_approver_once_held():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("A",))
    assert _recipients(Kind.MINUTES_TO_APPROVE) == {c.chair_user.pk, c.approver_user.pk}
    n = Notification.objects.filter(kind=Kind.MINUTES_TO_APPROVE).first()
    assert n.url == m.get_absolute_url() and n.organisation == c.organisation
    # not the other member, nor the secretary who held it
    assert c.other_member_user.pk not in _recipients(Kind.MINUTES_TO_APPROVE)
    assert c.secretary.pk not in _recipients(Kind.MINUTES_TO_APPROVE)


def test_an_approver_chosen_after_the_meeting_is_held_is_told():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("A",))
    services.meeting_set_approvers(
        actor=c.secretary, meeting=m, chair=c.members[0], approvers=[c.members[2]]
    )
    assert c.other_member_user.pk in _recipients(Kind.MINUTES_TO_APPROVE)


def test_an_assignment_to_a_unit_goes_to_its_accounts_only():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("A",), date=dt.date(2025, 4, 1))
    item = services.item_update(
        actor=c.secretary,
        item=m.items.get(),
        version=1,
        decision_points=["ge Regionservice i uppdrag att ta fram en analys"],
    )
    rse = org.unit(c.organisation, "RSE", name="Regionservice")
    mat = org.unit(c.organisation, "RSE-MAT", rse, name="Måltidsservice")
    other = org.unit(c.organisation, "RK", name="Regionkontoret")
    on_rse = org.user("godkannare-rse")
    org.grant(on_rse, Role.APPROVER, c.organisation, unit=rse)
    below = org.user("rapportor-mat")  # a role below the unit does not cover it
    org.grant(below, Role.REPORTER, c.organisation, unit=mat)
    elsewhere = org.user("rapportor-rk")
    org.grant(elsewhere, Role.REPORTER, c.organisation, unit=other)
    reader = org.user("lasare-rse")  # holds a role there, but may not report on it
    org.grant(reader, Role.READER, c.organisation, unit=rse)
    services.assignment_create(
        actor=c.secretary, item=item, point=1, recipient_unit=rse, due_date=dt.date(2026, 3, 31)
    )
    assert _recipients(Kind.ASSIGNMENT_GIVEN) == {on_rse.pk}
