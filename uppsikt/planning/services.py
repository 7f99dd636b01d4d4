"""Writes to plans: each a keyword-only, atomic, audited service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.core.html_sanitize import sanitize
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.organisation.permissions import ensure_can, ensure_can_everywhere

from .models import (
    Activity,
    FocusArea,
    Goal,
    Indicator,
    Measurement,
    Plan,
    PlanAssignment,
    Target,
)
from .removal import count_reason as _count
from .removal import removal_blockers
from .selectors import goals_in_reach, plan_scope, plan_units

PLAN_TRANSITIONS = {
    Plan.Status.DRAFT: {Plan.Status.ADOPTED},
    Plan.Status.ADOPTED: {Plan.Status.CLOSED},
    Plan.Status.CLOSED: set(),
}


def _ensure_manage(actor, plan: Plan) -> None:
    ensure_can(actor, "planning.manage", plan_scope(plan))


def _ensure_manage_plans(actor, plans) -> None:
    """An indicator belongs to the organisation and is shared by plans: changing it needs the
    right on every plan it is in, and on the whole organisation when it is in none."""
    plans = list(plans)
    if not plans:
        ensure_can_everywhere(actor, "planning.manage")
    for plan in plans:
        _ensure_manage(actor, plan)


def _same_organisation(plan: Plan, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != plan.organisation_id:
        raise DomainError(_("Enheten hör till en annan organisation."))


def _ensure_open(plan: Plan) -> None:
    """A closed plan is the record of what was decided and followed up: it is read-only. A
    draft or an adopted plan may be changed; every change is in the audit trail."""
    if plan.status == Plan.Status.CLOSED:
        raise InvalidTransition(_("Planen är avslutad och kan inte längre ändras."))


def _check_goal(plan: Plan, goal: Goal | None) -> None:
    """An item serves a goal of its own plan or a council goal of the organisation. (The
    council goal may be of an earlier year: a plan carried forward keeps its links until the
    council's new goals are in.)"""
    if goal is None or goal.plan_id == plan.pk:
        return
    if goal.level != Goal.Level.COUNCIL or goal.plan.organisation_id != plan.organisation_id:
        raise DomainError(_("Målet hör inte till planen och är inte ett av fullmäktiges mål."))


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
def focus_area_create(*, actor, plan: Plan, name: str, position: int = 0) -> FocusArea:
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    if not name.strip():
        raise DomainError(_("Ange fokusområdets namn."))
    area = FocusArea.objects.create(plan=plan, name=name.strip(), position=position)
    audit_record(actor=actor, action="focus_area.create", obj=area)
    return area


def _ensure_targets_open(
    indicator: Indicator, year: int, *, body: Body | None, unit: Unit | None
) -> None:
    """A target belongs to the plan of its body (a unit's: of the body the unit or the nearest
    unit above it serves) for the year; when that plan is closed, the target is part of the
    record and stays."""
    if body is not None:
        body_ids = {body.pk}
    else:
        chain = [unit.pk, *unit.ancestor_ids()]
        body_ids = set(
            Unit.objects.filter(pk__in=chain, body__isnull=False).values_list("body_id", flat=True)
        )
    closed = indicator.plans.filter(year=year, status=Plan.Status.CLOSED, body_id__in=body_ids)
    if closed.exists():
        raise InvalidTransition(_("Planen är avslutad och kan inte längre ändras."))


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
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    if level == Goal.Level.COUNCIL and serves:
        raise DomainError(_("Fullmäktiges mål bidrar inte till andra mål."))
    if level == Goal.Level.BODY and focus_area is not None:
        raise DomainError(_("Bara fullmäktiges mål hör direkt till ett fokusområde."))
    if any(g.level != Goal.Level.COUNCIL for g in serves):
        raise DomainError(_("Ett nämndmål kan bara bidra till fullmäktiges mål."))
    for council_goal in serves:
        _check_goal(plan, council_goal)
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
def plan_assignment_create(
    *,
    actor,
    plan: Plan,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> PlanAssignment:
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    _same_organisation(plan, responsible_unit)
    _check_goal(plan, goal)
    assignment = PlanAssignment.objects.create(
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
    _ensure_manage_plans(actor, plans)
    for plan in plans:
        _ensure_open(plan)
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
    if (body is None) == (unit is None):
        raise DomainError(_("Ett målvärde gäller ett organ eller en enhet."))
    ensure_can(actor, "planning.manage", unit or body)
    if tolerance < 0:
        raise DomainError(_("Toleransen kan inte vara negativ."))
    owner = body or unit
    if owner.organisation_id != indicator.organisation_id:
        raise DomainError(_("Målvärdet gäller ett organ eller en enhet i en annan organisation."))
    _ensure_targets_open(indicator, year, body=body, unit=unit)
    key = {"indicator": indicator, "year": year, "body": body, "unit": unit}
    target = Target.objects.select_for_update().filter(**key).first()
    if target is None:
        try:
            # the database keeps one target per key: when someone else has just set it, the
            # insert waits for them and fails, and their target is changed instead
            with transaction.atomic():
                target = Target.objects.create(**key, value=value, tolerance=tolerance)
        except IntegrityError:
            target = Target.objects.select_for_update().get(**key)
        else:
            audit_record(actor=actor, action="target.set", obj=target, before=None)
            return target
    before = snapshot(target)
    target.value = value
    target.tolerance = tolerance
    target.save(update_fields=["value", "tolerance", "updated_at"])
    audit_record(actor=actor, action="target.set", obj=target, before=before)
    return target


@transaction.atomic
def plan_indicator_create(
    *,
    actor,
    plan: Plan,
    name: str,
    direction: str,
    value: Decimal,
    tolerance: Decimal = Decimal(0),
    unit_of_measure: str = "",
    decimals: int = 1,
) -> Indicator:
    """A new indicator in ``plan`` with its target for the plan's body in the plan's year: both
    or neither."""
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    indicator = indicator_create(
        actor=actor,
        organisation=plan.organisation,
        name=name,
        direction=direction,
        unit_of_measure=unit_of_measure,
        decimals=decimals,
        plans=[plan],
    )
    target_set(
        actor=actor,
        indicator=indicator,
        year=plan.year,
        body=plan.body,
        value=value,
        tolerance=tolerance,
    )
    return indicator


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
    ensure_can(actor, "planning.manage", unit)
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


# Changing and removing what a plan holds. A closed plan is read-only (see ``_ensure_open``);
# an item is removed only when nothing hangs on it — items beneath it, measurements, and what
# other apps keep on it (their removal blockers, ``removal.py``: follow-up's assessments) — so no
# reported work disappears with it.


def _refuse_removal(what: str, reasons: list[str], hint: str = "") -> None:
    if reasons:
        message = _("%(what)s kan inte tas bort: %(reasons)s.") % {
            "what": what,
            "reasons": ", ".join(reasons),
        }
        raise DomainError(f"{message} {hint}".strip())


@transaction.atomic
def focus_area_update(*, actor, focus_area: FocusArea, name: str, position: int) -> FocusArea:
    _ensure_manage(actor, focus_area.plan)
    _ensure_open(focus_area.plan)
    if not name.strip():
        raise DomainError(_("Ange fokusområdets namn."))
    before = snapshot(focus_area)
    focus_area.name = name.strip()
    focus_area.position = position
    focus_area.save(update_fields=["name", "position", "updated_at"])
    audit_record(actor=actor, action="focus_area.update", obj=focus_area, before=before)
    return focus_area


@transaction.atomic
def focus_area_delete(*, actor, focus_area: FocusArea) -> None:
    _ensure_manage(actor, focus_area.plan)
    _ensure_open(focus_area.plan)
    goals = focus_area.goals.count()
    _refuse_removal(
        _("Fokusområdet"),
        [_count(goals, _("ett mål hör till det"), _("%(n)s mål hör till det"))] if goals else [],
        _("Flytta eller ta bort målen först."),
    )
    before = snapshot(focus_area)
    audit_record(actor=actor, action="focus_area.delete", obj=focus_area, before=before, after=None)
    focus_area.delete()


@transaction.atomic
def goal_update(
    *,
    actor,
    goal: Goal,
    title: str,
    description: str = "",
    area: str = "",
    responsible_unit: Unit | None = None,
    focus_area: FocusArea | None = None,
    serves: list[Goal] | tuple[Goal, ...] = (),
    position: int = 0,
) -> Goal:
    """Change a goal's text, grouping, responsible unit, order and the council goals it serves
    (links not in ``serves`` are removed). The level stays: a council goal is not turned into
    a body goal, it is a different thing."""
    _ensure_manage(actor, goal.plan)
    plan = goal.plan
    _ensure_open(plan)
    if not title.strip():
        raise DomainError(_("Ange målet."))
    if goal.level == Goal.Level.COUNCIL and serves:
        raise DomainError(_("Fullmäktiges mål bidrar inte till andra mål."))
    if goal.level == Goal.Level.BODY and focus_area is not None:
        raise DomainError(_("Bara fullmäktiges mål hör direkt till ett fokusområde."))
    if focus_area is not None and focus_area.plan_id != plan.pk:
        raise DomainError(_("Fokusområdet hör till en annan plan."))
    if any(g.level != Goal.Level.COUNCIL for g in serves):
        raise DomainError(_("Ett nämndmål kan bara bidra till fullmäktiges mål."))
    for council_goal in serves:
        _check_goal(plan, council_goal)
    _same_organisation(plan, responsible_unit)
    before = snapshot(goal)
    served_before = sorted(goal.serves.values_list("pk", flat=True))
    goal.title = title.strip()
    goal.description = sanitize(description)
    goal.area = area.strip()
    goal.responsible_unit = responsible_unit
    goal.focus_area = focus_area
    goal.position = position
    goal.save(
        update_fields=[
            "title",
            "description",
            "area",
            "responsible_unit",
            "focus_area",
            "position",
            "updated_at",
        ]
    )
    goal.serves.set(serves)
    served_after = sorted(g.pk for g in serves)
    audit_record(
        actor=actor,
        action="goal.update",
        obj=goal,
        before=before,
        detail={"serves_before": served_before, "serves_after": served_after},
    )
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    _ensure_manage(actor, goal.plan)
    _ensure_open(goal.plan)
    reasons = removal_blockers(goal)
    if n := goal.served_by.count():
        reasons.append(
            _count(n, _("ett nämndmål bidrar till det"), _("%(n)s nämndmål bidrar till det"))
        )
    if n := goal.assignments.count():
        reasons.append(_count(n, _("ett uppdrag hör till det"), _("%(n)s uppdrag hör till det")))
    if n := goal.activities.count():
        reasons.append(
            _count(n, _("en aktivitet hör till det"), _("%(n)s aktiviteter hör till det"))
        )
    if n := goal.indicators.count():
        reasons.append(_count(n, _("en indikator mäter det"), _("%(n)s indikatorer mäter det")))
    _refuse_removal(
        _("Målet"),
        reasons,
        _(
            "Flytta eller ta bort det som hör till målet först; bedömningar finns kvar i "
            "uppföljningen."
        ),
    )
    before = snapshot(goal)
    audit_record(
        actor=actor,
        action="goal.delete",
        obj=goal,
        before=before,
        after=None,
        detail={"serves": sorted(goal.serves.values_list("pk", flat=True))},
    )
    goal.delete()


@transaction.atomic
def plan_assignment_update(
    *,
    actor,
    assignment: PlanAssignment,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> PlanAssignment:
    """Change an assignment's text, grouping, responsible unit, order and the goal it serves
    (one of the plan's goals or a council goal; ``None`` removes the link). Assessments already
    made stay with the unit that made them; the next period opened asks the new unit."""
    _ensure_manage(actor, assignment.plan)
    plan = assignment.plan
    _ensure_open(plan)
    if not title.strip():
        raise DomainError(_("Ange uppdraget."))
    _same_organisation(plan, responsible_unit)
    _check_goal(plan, goal)
    before = snapshot(assignment)
    assignment.title = title.strip()
    assignment.responsible_unit = responsible_unit
    assignment.goal = goal
    assignment.area = area.strip()
    assignment.description = sanitize(description)
    assignment.position = position
    assignment.save(
        update_fields=[
            "title",
            "responsible_unit",
            "goal",
            "area",
            "description",
            "position",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="assignment.update", obj=assignment, before=before)
    return assignment


@transaction.atomic
def plan_assignment_delete(*, actor, assignment: PlanAssignment) -> None:
    _ensure_manage(actor, assignment.plan)
    _ensure_open(assignment.plan)
    reasons = removal_blockers(assignment)
    if n := assignment.activities.count():
        reasons.append(
            _count(n, _("en aktivitet hör till det"), _("%(n)s aktiviteter hör till det"))
        )
    _refuse_removal(
        _("Uppdraget"),
        reasons,
        _(
            "Ett uppdrag som inte ska genomföras bedöms som avbrutet i nästa uppföljning; "
            "aktiviteterna tas bort eller flyttas först."
        ),
    )
    before = snapshot(assignment)
    audit_record(actor=actor, action="assignment.delete", obj=assignment, before=before, after=None)
    assignment.delete()


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


@transaction.atomic
def indicator_update(
    *,
    actor,
    indicator: Indicator,
    plan: Plan,
    name: str,
    direction: str,
    description: str = "",
    unit_of_measure: str = "",
    decimals: int = 1,
    area: str = "",
    kolada_id: str = "",
    goals: list[Goal] | tuple[Goal, ...] = (),
) -> Indicator:
    """Change an indicator as seen from ``plan``. ``goals`` are the goals it measures among
    those in the plan's reach (its own goals and the year's council goals); links to goals of
    other years and plans are kept. An indicator is shared by the years' plans, so its name and
    definition change for all of them."""
    _ensure_manage_plans(actor, [plan, *indicator.plans.all()])
    _ensure_open(plan)
    if not indicator.plans.filter(pk=plan.pk).exists():
        raise DomainError(_("Indikatorn hör inte till planen."))
    if not name.strip():
        raise DomainError(_("Ange indikatorns namn."))
    if direction not in Indicator.Direction.values:
        raise DomainError(_("Ange om högre eller lägre värden är bättre."))
    if not 0 <= decimals <= 6:
        raise DomainError(_("Antalet decimaler ska vara mellan 0 och 6."))
    reach = set(goals_in_reach(plan).values_list("pk", flat=True))
    if any(g.pk not in reach for g in goals):
        raise DomainError(_("Målet hör inte till planen och är inte ett av fullmäktiges mål."))
    before = snapshot(indicator)
    goals_before = sorted(indicator.goals.values_list("pk", flat=True))
    indicator.name = name.strip()
    indicator.direction = direction
    indicator.description = sanitize(description)
    indicator.unit_of_measure = unit_of_measure.strip()
    indicator.decimals = decimals
    indicator.area = area.strip()
    indicator.kolada_id = kolada_id.strip()
    indicator.save(
        update_fields=[
            "name",
            "direction",
            "description",
            "unit_of_measure",
            "decimals",
            "area",
            "kolada_id",
            "updated_at",
        ]
    )
    kept = [pk for pk in goals_before if pk not in reach]
    indicator.goals.set([*kept, *(g.pk for g in goals)])
    audit_record(
        actor=actor,
        action="indicator.update",
        obj=indicator,
        before=before,
        detail={
            "plan": plan.pk,
            "goals_before": goals_before,
            "goals_after": sorted(indicator.goals.values_list("pk", flat=True)),
        },
    )
    return indicator


@transaction.atomic
def indicator_remove(*, actor, plan: Plan, indicator: Indicator) -> None:
    """Take an indicator out of a plan, with its targets for the plan's year and units. Refused
    while it has figures or assessments for that year. An indicator left in no plan and with no
    figures at all is deleted."""
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    if not indicator.plans.filter(pk=plan.pk).exists():
        raise DomainError(_("Indikatorn hör inte till planen."))
    reasons = []
    if n := indicator.measurements.filter(period_end__year=plan.year).count():
        reasons.append(
            _count(
                n,
                _("den har ett utfall för %(year)s"),
                _("den har %(n)s utfall för %(year)s"),
                year=plan.year,
            )
        )
    reasons += removal_blockers(indicator, year=plan.year)
    _refuse_removal(_("Indikatorn"), reasons)
    targets = indicator.targets.filter(year=plan.year).filter(
        Q(body=plan.body_id, unit__isnull=True) | Q(unit__in=plan_units(plan))
    )
    removed_targets = [snapshot(t) for t in targets]
    targets.delete()
    indicator.plans.remove(plan)
    detail = {"plan": plan.pk, "targets": removed_targets}
    if (
        not indicator.plans.exists()
        and not indicator.measurements.exists()
        and not removal_blockers(indicator)
        and not indicator.targets.exists()
    ):
        before = snapshot(indicator)
        audit_record(
            actor=actor,
            action="indicator.delete",
            obj=indicator,
            before=before,
            after=None,
            detail={**detail, "goals": sorted(indicator.goals.values_list("pk", flat=True))},
        )
        indicator.delete()
        return
    audit_record(actor=actor, action="indicator.remove", obj=indicator, detail=detail)


@transaction.atomic
def plan_indicator_update(
    *,
    actor,
    plan: Plan,
    indicator: Indicator,
    value: Decimal | None,
    tolerance: Decimal = Decimal(0),
    **changes,
) -> Indicator:
    """Change an indicator as seen from ``plan`` (``indicator_update``) and its target for the
    plan's body in the plan's year: set to ``value``, or removed when ``value`` is ``None``;
    all of it or nothing."""
    _ensure_manage_plans(actor, [plan, *indicator.plans.all()])
    indicator = indicator_update(actor=actor, indicator=indicator, plan=plan, **changes)
    if value is not None:
        target_set(
            actor=actor,
            indicator=indicator,
            year=plan.year,
            body=plan.body,
            value=value,
            tolerance=tolerance,
        )
    else:
        target = Target.objects.filter(
            indicator=indicator, year=plan.year, body=plan.body_id, unit__isnull=True
        ).first()
        if target is not None:
            target_delete(actor=actor, target=target)
    return indicator


@transaction.atomic
def target_delete(*, actor, target: Target) -> None:
    """Remove a target. Refused for a unit target the unit has already assessed against in
    the year: change its value instead."""
    ensure_can(actor, "planning.manage", target.unit or target.body)
    _ensure_targets_open(target.indicator, target.year, body=target.body, unit=target.unit)
    _refuse_removal(_("Målvärdet"), removal_blockers(target), _("Ändra målvärdet i stället."))
    before = snapshot(target)
    audit_record(actor=actor, action="target.delete", obj=target, before=before, after=None)
    target.delete()
