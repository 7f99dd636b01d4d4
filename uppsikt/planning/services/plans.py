"""A plan itself: creating it, its status (draft → adopted → closed) and carrying it forward
to the next year."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.organisation.permissions import ensure_can

from ..models import Plan
from ._base import _ensure_manage
from .activities import activity_create
from .assignments import plan_assignment_create
from .goals import focus_area_create, goal_create
from .indicators import target_set

PLAN_TRANSITIONS = {
    Plan.Status.DRAFT: {Plan.Status.ADOPTED},
    Plan.Status.ADOPTED: {Plan.Status.CLOSED},
    Plan.Status.CLOSED: set(),
}


@transaction.atomic
def plan_create(
    *,
    actor,
    organisation: Organisation,
    body: Body,
    year: int,
    title: str,
    unit: Unit | None = None,
) -> Plan:
    ensure_can(actor, "planning.manage", unit or body)
    if body.organisation_id != organisation.pk:
        raise DomainError(_("Organet hör till en annan organisation."))
    if Plan.objects.filter(body=body, unit=unit, year=year).exists():
        raise DomainError(
            _("%(body)s har redan en plan för %(year)s.") % {"body": body.name, "year": year}
        )
    plan = Plan.objects.create(
        organisation=organisation, body=body, unit=unit, year=year, title=title.strip()
    )
    audit_record(actor=actor, action="plan.create", obj=plan)
    return plan


@transaction.atomic
def plan_set_status(*, actor, plan: Plan, status: str) -> Plan:
    _ensure_manage(actor, plan)
    if status not in PLAN_TRANSITIONS[plan.status]:
        raise InvalidTransition(
            _("En plan med status %(status)s kan inte få den nya statusen.")
            % {"status": plan.get_status_display()}
        )
    before = snapshot(plan)
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="plan.status", obj=plan, before=before)
    return plan


@transaction.atomic
def plan_copy_forward(*, actor, plan: Plan, year: int | None = None) -> Plan:
    """Start next year's plan from this one: a draft with the same focus areas, goals (and the
    council goals they serve), assignments, activities, indicators and the body's targets.
    Measurements and assessments stay with the year they belong to."""
    _ensure_manage(actor, plan)
    year = year if year is not None else plan.year + 1
    if year <= plan.year:
        raise DomainError(_("En plan kan bara föras vidare till ett senare år."))
    new = plan_create(
        actor=actor,
        organisation=plan.organisation,
        body=plan.body,
        unit=plan.unit,
        year=year,
        title=plan.title.replace(str(plan.year), str(year)),
    )
    areas = {
        area.pk: focus_area_create(actor=actor, plan=new, name=area.name, position=area.position)
        for area in plan.focus_areas.all()
    }
    goals = {}
    for goal in plan.goals.select_related("focus_area").prefetch_related("serves"):
        goals[goal.pk] = goal_create(
            actor=actor,
            plan=new,
            level=goal.level,
            title=goal.title,
            focus_area=areas.get(goal.focus_area_id),
            serves=list(goal.serves.all()),
            area=goal.area,
            description=goal.description,
            responsible_unit=goal.responsible_unit,
            position=goal.position,
        )
    assignments = {}
    for a in plan.assignments.select_related("responsible_unit", "goal"):
        assignments[a.pk] = plan_assignment_create(
            actor=actor,
            plan=new,
            title=a.title,
            responsible_unit=a.responsible_unit,
            goal=goals.get(a.goal_id, a.goal),
            area=a.area,
            description=a.description,
            position=a.position,
        )
    for act in plan.activities.select_related("responsible_unit", "goal"):
        activity_create(
            actor=actor,
            plan=new,
            title=act.title,
            responsible_unit=act.responsible_unit,
            goal=goals.get(act.goal_id, act.goal),
            assignment=assignments.get(act.assignment_id),
            area=act.area,
            description=act.description,
            position=act.position,
        )
    for indicator in plan.indicators.all():
        indicator.plans.add(new)
        for target in indicator.targets.filter(year=plan.year, body=plan.body_id):
            target_set(
                actor=actor,
                indicator=indicator,
                year=year,
                body=plan.body,
                value=target.value,
                tolerance=target.tolerance,
            )
    audit_record(
        actor=actor,
        action="plan.copy_forward",
        obj=new,
        detail={"from_plan": plan.pk},
    )
    return new
