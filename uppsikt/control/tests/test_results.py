"""Results: the responsible unit reports a control point in an open period of an adopted plan,
draft → submitted → approved or returned, with optimistic locking; a deviation gets actions,
followed up until done, and an action can be raised into a decision assignment."""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.control import services
from uppsikt.control.models import Action, ControlResult
from uppsikt.core.audit import AuditEvent
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup
from uppsikt.meetings.models import DecisionAssignment

pytestmark = pytest.mark.django_db


def test_the_reporter_saves_a_draft_and_submits_it(region):
    point = region.adopted_point()
    r = region.filled(region.result(point), "minor")
    assert (r.state, r.outcome, r.version) == ("draft", "minor", 2)
    r = services.result_submit(actor=region.reporter, result=r, version=r.version)
    assert (r.state, r.version) == ("submitted", 3) and r.submitted_at is not None
    actions = list(
        AuditEvent.objects.filter(object_id=str(r.pk), object_type="control.controlresult")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["control_result.save", "control_result.submit"]


def test_the_approver_above_approves_or_returns_with_a_reason(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    with pytest.raises(DomainError, match="Skriv varför"):
        services.result_return(actor=region.approver, result=r, version=r.version, comment=" ")
    r = services.result_return(
        actor=region.approver, result=r, version=r.version, comment="Ange antalet kontrollerade."
    )
    assert (r.state, r.return_comment) == ("returned", "Ange antalet kontrollerade.")
    # the reporter corrects and submits again; the approver approves
    r = region.filled(r, "minor")
    r = services.result_submit(actor=region.reporter, result=r, version=r.version)
    r = services.result_approve(actor=region.approver, result=r, version=r.version)
    assert (r.state, r.return_comment) == ("approved", "") and r.approved_at is not None


def test_a_save_based_on_an_older_version_is_refused(region):
    point = region.adopted_point()
    r = region.result(point)
    region.filled(r)
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.result_save_draft(
            actor=region.reporter, result=r, version=1, outcome="none", checked="x"
        )
    assert ControlResult.objects.get(pk=r.pk).outcome == "deviation"


def test_an_approval_based_on_an_older_version_is_refused(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.result_approve(actor=region.approver, result=r, version=r.version - 1)


def test_a_reporter_on_another_unit_cannot_report(region):
    point = region.adopted_point()
    with pytest.raises(NotPermitted):
        region.filled(region.result(point), user=region.reporter_elsewhere)


def test_an_approver_elsewhere_and_the_reporter_cannot_approve(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    for user in (region.approver_elsewhere, region.reporter):
        with pytest.raises(NotPermitted):
            services.result_approve(actor=user, result=r, version=r.version)


def test_nothing_is_reported_before_the_plan_is_adopted(region):
    plan = region.plan()
    point = region.point(region.risk(plan))
    followup.period_open(actor=SYSTEM, period=region.ur1)
    with pytest.raises(InvalidTransition, match="inte antagen"):
        region.filled(region.result(point))


def test_nothing_is_reported_in_a_closed_period(region):
    point = region.adopted_point()
    followup.period_close(actor=SYSTEM, period=region.ur1)
    with pytest.raises(InvalidTransition, match="stängd"):
        region.filled(region.result(point))


def test_a_result_needs_its_outcome_and_what_was_checked_to_be_submitted(region):
    point = region.adopted_point()
    r = services.result_save_draft(
        actor=region.reporter, result=region.result(point), version=1, outcome="", checked="x"
    )
    with pytest.raises(DomainError, match="Välj resultatet"):
        services.result_submit(actor=region.reporter, result=r, version=r.version)
    r = services.result_save_draft(
        actor=region.reporter, result=r, version=r.version, outcome="none", checked=" "
    )
    with pytest.raises(DomainError, match="vad som har kontrollerats"):
        services.result_submit(actor=region.reporter, result=r, version=r.version)


def test_an_outcome_off_the_scale_is_refused(region):
    point = region.adopted_point()
    with pytest.raises(DomainError, match="skalan"):
        services.result_save_draft(
            actor=region.reporter, result=region.result(point), version=1, outcome="maybe"
        )


def test_submitted_and_approved_results_do_not_change(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    with pytest.raises(InvalidTransition):
        services.result_save_draft(actor=region.reporter, result=r, version=r.version)
    r = services.result_approve(actor=region.approver, result=r, version=r.version)
    with pytest.raises(InvalidTransition):
        services.result_return(actor=region.approver, result=r, version=r.version, comment="x")


def test_the_comment_is_sanitised(region):
    point = region.adopted_point()
    r = services.result_save_draft(
        actor=region.reporter,
        result=region.result(point),
        version=1,
        outcome="none",
        checked="<p>Ok</p><script>alert(1)</script>",
    )
    assert r.checked == "<p>Ok</p>"


# Actions


def _action(region, r, **kw):
    return services.action_create(
        actor=region.reporter,
        result=r,
        description=kw.get("description", "Ny rutin för attest."),
        owner=kw.get("owner", region.cook),
        due_date=kw.get("due_date", dt.date(2025, 9, 30)),
    )


def test_a_deviation_gets_an_action_with_owner_and_due_date(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point), "deviation")
    action = _action(region, r)
    assert (action.status, action.owner, action.due_date) == (
        "not_started",
        region.cook,
        dt.date(2025, 9, 30),
    )
    assert AuditEvent.objects.filter(action="control_action.create").count() == 1


def test_a_result_without_deviation_gets_no_action(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point), "none")
    with pytest.raises(DomainError, match="avvikelse"):
        _action(region, r)


def test_a_result_with_actions_cannot_become_free_of_deviation(region):
    point = region.adopted_point()
    r = region.filled(region.result(point), "deviation")
    _action(region, r)
    with pytest.raises(DomainError, match="har åtgärder"):
        services.result_save_draft(
            actor=region.reporter, result=r, version=r.version, outcome="none", checked="x"
        )


def test_an_action_is_followed_up_until_done(region):
    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))

    def follow(version, status):
        return services.action_update(
            actor=region.reporter,
            action=action,
            version=version,
            description=action.description,
            owner=action.owner,
            due_date=action.due_date,
            status=status,
            follow_up="Rutinen är skriven.",
        )

    a = follow(1, Action.Status.IN_PROGRESS)
    assert (a.status, a.done_on) == ("in_progress", None)
    a = follow(2, Action.Status.DONE)
    assert a.status == "done" and a.done_on is not None
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        follow(2, Action.Status.IN_PROGRESS)


def test_someone_elsewhere_cannot_add_or_follow_up_actions(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    action = _action(region, r)
    with pytest.raises(NotPermitted):
        services.action_create(
            actor=region.reporter_elsewhere,
            result=r,
            description="x",
            owner=region.cook,
            due_date=dt.date(2025, 9, 30),
        )
    with pytest.raises(NotPermitted):
        services.action_update(
            actor=region.reporter_elsewhere,
            action=action,
            version=1,
            description="x",
            owner=region.cook,
            due_date=dt.date(2025, 9, 30),
            status="done",
        )


def _decided_item(region, points):
    """A § of DNRS (a meeting in June 2025) with ``points`` as its decision."""
    from uppsikt.meetings import services as meetings

    meeting = meetings.meeting_create(
        actor=SYSTEM,
        body=region.dnrs,
        date=dt.date(2025, 6, 10),
        start_time=dt.time(9),
        place="Halmstad",
    )
    meetings.agenda_add(actor=SYSTEM, meeting=meeting, title="Uppföljning av internkontrollen")
    meetings.attendance_record(
        actor=SYSTEM, meeting=meeting, present=[p.pk for p in region.members]
    )
    meetings.meeting_hold(actor=SYSTEM, meeting=meeting)
    item = meeting.items.get()
    return meetings.item_update(
        actor=SYSTEM, item=item, version=item.version, decision_points=points
    )


def test_the_secretary_of_the_body_raises_an_action_into_a_decision_assignment(region):
    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))
    item = _decided_item(
        region, ["godkänna uppföljningen.", "ge Regionservice i uppdrag att utbilda alla."]
    )
    raised = services.action_raise(actor=region.secretary, action=action, item=item, point=2)
    assignment = raised.decision_assignment
    assert (assignment.given_by, assignment.point, assignment.text) == (
        item,
        2,
        "ge Regionservice i uppdrag att utbilda alla.",
    )
    # to the control point's unit, due when the action is
    assert (assignment.recipient_unit, assignment.due_date) == (region.mat, dt.date(2025, 9, 30))
    assert AuditEvent.objects.filter(action="control_action.raise").count() == 1
    with pytest.raises(InvalidTransition, match="redan lyft"):
        services.action_raise(actor=region.secretary, action=raised, item=item, point=2)


def test_an_action_raised_into_a_registered_assignment_is_linked_to_it(region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    first, second = _action(region, r), _action(region, r, description="Andra åtgärden")
    item = _decided_item(region, ["ge Regionservice i uppdrag att utbilda alla."])
    services.action_raise(actor=region.secretary, action=first, item=item, point=1)
    services.action_raise(actor=region.secretary, action=second, item=item, point=1)
    assert DecisionAssignment.objects.filter(given_by=item).count() == 1
    assert Action.objects.get(pk=second.pk).decision_assignment == DecisionAssignment.objects.get()


def test_raising_an_action_is_the_privilege_of_the_bodys_secretary(region):
    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))
    item = _decided_item(region, ["ge Regionservice i uppdrag att utbilda alla."])
    for user in (region.secretary_elsewhere, region.controller, region.reporter):
        with pytest.raises(NotPermitted):
            services.action_raise(actor=user, action=action, item=item, point=1)
    assert not DecisionAssignment.objects.exists()


def test_an_action_is_raised_into_a_decision_of_the_plans_body(region):
    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))
    item = _decided_item(region, ["ge Regionservice i uppdrag att utbilda alla."])
    with pytest.raises(DomainError, match="ingen punkt 3"):
        services.action_raise(actor=region.secretary, action=action, item=item, point=3)
    from uppsikt.meetings.models import MinutesItem

    MinutesItem.objects.filter(pk=item.pk).update(body=region.dnks)
    item.refresh_from_db()
    with pytest.raises(DomainError, match="genom ett beslut av Driftnämnden Regionservice"):
        services.action_raise(actor=region.secretary, action=action, item=item, point=1)
