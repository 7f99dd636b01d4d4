"""Activities: under a goal or a plan assignment, or a prioritised activity of a plan area;
created, changed, and removed only when nothing hangs on them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.core.html_sanitize import sanitize
from uppsikt.organisation.models import Unit

from ..models import Activity, Goal, Plan, PlanAssignment
from ..removal import removal_blockers
from ._base import _check_goal, _ensure_manage, _ensure_open, _refuse_removal, _same_organisation


@transaction.atomic
def activity_create(
    *,
    actor,
    plan: Plan,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    assignment: PlanAssignment | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> Activity:
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    if goal is not None and assignment is not None:
        raise DomainError(_("En aktivitet hör till ett mål eller ett uppdrag, inte båda."))
    if assignment is not None and assignment.plan_id != plan.pk:
        raise DomainError(_("Uppdraget hör till en annan plan."))
    _same_organisation(plan, responsible_unit)
    _check_goal(plan, goal)
    activity = Activity.objects.create(
        plan=plan,
        goal=goal,
        assignment=assignment,
        title=title.strip(),
        responsible_unit=responsible_unit,
        area=area.strip(),
        description=sanitize(description),
        position=position,
    )
    audit_record(actor=actor, action="activity.create", obj=activity)
    return activity


@transaction.atomic
def activity_update(
    *,
    actor,
    activity: Activity,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    assignment: PlanAssignment | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> Activity:
    _ensure_manage(actor, activity.plan)
    plan = activity.plan
    _ensure_open(plan)
    if not title.strip():
        raise DomainError(_("Ange aktiviteten."))
    if goal is not None and assignment is not None:
        raise DomainError(_("En aktivitet hör till ett mål eller ett uppdrag, inte båda."))
    if assignment is not None and assignment.plan_id != plan.pk:
        raise DomainError(_("Uppdraget hör till en annan plan."))
    _same_organisation(plan, responsible_unit)
    _check_goal(plan, goal)
    before = snapshot(activity)
    activity.title = title.strip()
    activity.responsible_unit = responsible_unit
    activity.goal = goal
    activity.assignment = assignment
    activity.area = area.strip()
    activity.description = sanitize(description)
    activity.position = position
    activity.save(
        update_fields=[
            "title",
            "responsible_unit",
            "goal",
            "assignment",
            "area",
            "description",
            "position",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="activity.update", obj=activity, before=before)
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    _ensure_manage(actor, activity.plan)
    _ensure_open(activity.plan)
    _refuse_removal(
        _("Aktiviteten"),
        removal_blockers(activity),
        _("En aktivitet som inte ska genomföras bedöms som avbruten i nästa uppföljning."),
    )
    before = snapshot(activity)
    audit_record(actor=actor, action="activity.delete", obj=activity, before=before, after=None)
    activity.delete()
