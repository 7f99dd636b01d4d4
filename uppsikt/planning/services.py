"""Writes to plans: each a keyword-only, atomic, audited service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.core.richtext import sanitize
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.organisation.permissions import ensure_can

from .models import (
    Activity,
    Assignment,
    FocusArea,
    Goal,
    Indicator,
    Measurement,
    Plan,
    Target,
)

PLAN_TRANSITIONS = {
    Plan.Status.DRAFT: {Plan.Status.ADOPTED},
    Plan.Status.ADOPTED: {Plan.Status.CLOSED},
    Plan.Status.CLOSED: set(),
}


def _same_organisation(plan: Plan, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != plan.organisation_id:
        raise DomainError(_("Enheten hör till en annan organisation."))


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
    ensure_can(actor, "planning.manage")
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
    ensure_can(actor, "planning.manage")
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
def focus_area_create(*, actor, plan: Plan, name: str, position: int = 0) -> FocusArea:
    ensure_can(actor, "planning.manage")
    area = FocusArea.objects.create(plan=plan, name=name.strip(), position=position)
    audit_record(actor=actor, action="focus_area.create", obj=area)
    return area


@transaction.atomic
def goal_create(
    *,
    actor,
    plan: Plan,
    level: str,
    title: str,
    focus_area: FocusArea | None = None,
    serves: list[Goal] | tuple[Goal, ...] = (),
    area: str = "",
    description: str = "",
    responsible_unit: Unit | None = None,
    position: int = 0,
) -> Goal:
    ensure_can(actor, "planning.manage")
    if level == Goal.Level.COUNCIL and serves:
        raise DomainError(_("Fullmäktiges mål bidrar inte till andra mål."))
    if level == Goal.Level.BODY and focus_area is not None:
        raise DomainError(_("Bara fullmäktiges mål hör direkt till ett fokusområde."))
    if any(g.level != Goal.Level.COUNCIL for g in serves):
        raise DomainError(_("Ett nämndmål kan bara bidra till fullmäktiges mål."))
    _same_organisation(plan, responsible_unit)
    goal = Goal.objects.create(
        plan=plan,
        level=level,
        title=title.strip(),
        focus_area=focus_area,
        area=area.strip(),
        description=sanitize(description),
        responsible_unit=responsible_unit,
        position=position,
    )
    if serves:
        goal.serves.set(serves)
    audit_record(
        actor=actor,
        action="goal.create",
        obj=goal,
        detail={"serves": [g.pk for g in serves]} if serves else None,
    )
    return goal


@transaction.atomic
def assignment_create(
    *,
    actor,
    plan: Plan,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> Assignment:
    ensure_can(actor, "planning.manage")
    _same_organisation(plan, responsible_unit)
    assignment = Assignment.objects.create(
        plan=plan,
        goal=goal,
        title=title.strip(),
        responsible_unit=responsible_unit,
        area=area.strip(),
        description=sanitize(description),
        position=position,
    )
    audit_record(actor=actor, action="assignment.create", obj=assignment)
    return assignment


@transaction.atomic
def activity_create(
    *,
    actor,
    plan: Plan,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    assignment: Assignment | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> Activity:
    ensure_can(actor, "planning.manage")
    if goal is not None and assignment is not None:
        raise DomainError(_("En aktivitet hör till ett mål eller ett uppdrag, inte båda."))
    _same_organisation(plan, responsible_unit)
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
def indicator_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    direction: str,
    description: str = "",
    unit_of_measure: str = "",
    decimals: int = 1,
    source: str = Indicator.Source.MANUAL,
    kolada_id: str = "",
    computed_from: str = "",
    area: str = "",
    plans: list[Plan] | tuple[Plan, ...] = (),
    goals: list[Goal] | tuple[Goal, ...] = (),
) -> Indicator:
    ensure_can(actor, "planning.manage")
    indicator = Indicator.objects.create(
        organisation=organisation,
        name=name.strip(),
        direction=direction,
        description=sanitize(description),
        unit_of_measure=unit_of_measure,
        decimals=decimals,
        source=Indicator.Source.COMPUTED if computed_from else source,
        kolada_id=kolada_id.strip(),
        computed_from=computed_from.strip(),
        area=area.strip(),
    )
    if plans:
        indicator.plans.set(plans)
    if goals:
        indicator.goals.set(goals)
    audit_record(actor=actor, action="indicator.create", obj=indicator)
    return indicator


@transaction.atomic
def target_set(
    *,
    actor,
    indicator: Indicator,
    year: int,
    value: Decimal,
    tolerance: Decimal = Decimal(0),
    body: Body | None = None,
    unit: Unit | None = None,
) -> Target:
    """Set (or change) the target of an indicator for a body or a unit in a year."""
    ensure_can(actor, "planning.manage")
    if (body is None) == (unit is None):
        raise DomainError(_("Ett målvärde gäller ett organ eller en enhet."))
    if tolerance < 0:
        raise DomainError(_("Toleransen kan inte vara negativ."))
    target = Target.objects.filter(indicator=indicator, year=year, body=body, unit=unit).first()
    before = snapshot(target)
    if target is None:
        target = Target(indicator=indicator, year=year, body=body, unit=unit)
    target.value = value
    target.tolerance = tolerance
    target.save()
    audit_record(actor=actor, action="target.set", obj=target, before=before)
    return target


@transaction.atomic
def measurement_record(
    *,
    actor,
    indicator: Indicator,
    unit: Unit,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal | None = None,
    provenance: str = "",
    not_reported: bool = False,
    reason: str = "",
) -> Measurement:
    """Record an actual figure, or that it is not reported (with the reason)."""
    ensure_can(actor, "planning.manage")
    if period_start > period_end:
        raise DomainError(_("Perioden slutar innan den börjar."))
    if not_reported:
        if value is not None:
            raise DomainError(_("En mätning som inte redovisas kan inte ha något utfall."))
        if not reason.strip():
            raise DomainError(_("Ange skälet till att utfallet inte redovisas."))
    elif value is None:
        raise DomainError(_("Ange utfallet, eller markera att det inte redovisas."))
    measurement = Measurement.objects.filter(
        indicator=indicator, unit=unit, period_start=period_start, period_end=period_end
    ).first()
    before = snapshot(measurement)
    if measurement is None:
        measurement = Measurement(
            indicator=indicator, unit=unit, period_start=period_start, period_end=period_end
        )
    measurement.value = value
    measurement.provenance = provenance.strip()
    measurement.not_reported = not_reported
    measurement.reason = reason.strip()
    measurement.save()
    audit_record(actor=actor, action="measurement.record", obj=measurement, before=before)
    return measurement


@transaction.atomic
def plan_copy_forward(*, actor, plan: Plan, year: int | None = None) -> Plan:
    """Start next year's plan from this one: a draft with the same focus areas, goals (and the
    council goals they serve), assignments, activities, indicators and the body's targets.
    Measurements and assessments stay with the year they belong to."""
    ensure_can(actor, "planning.manage")
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
        assignments[a.pk] = assignment_create(
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
