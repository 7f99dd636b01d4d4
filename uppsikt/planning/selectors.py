"""Reads of plans for the pages: each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from uppsikt.organisation.models import Body, Organisation, Unit

from .models import Activity, Goal, Indicator, Measurement, Plan, PlanAssignment, Target
from .status import IndicatorStatus, indicator_status


def plans(*, organisation: Organisation) -> QuerySet[Plan]:
    return Plan.objects.filter(organisation=organisation).select_related("body", "unit")


def goals_in_reach(plan: Plan) -> QuerySet[Goal]:
    """The goals an item of ``plan`` may serve or an indicator of it may measure: the plan's own
    goals and the council goals of the same organisation and year."""
    return (
        Goal.objects.filter(
            Q(plan=plan)
            | Q(
                plan__organisation=plan.organisation_id,
                plan__year=plan.year,
                level=Goal.Level.COUNCIL,
            )
        )
        .select_related("plan")
        .order_by("level", "plan__pk", "position", "pk")
    )


def plan_units(plan: Plan) -> QuerySet[Unit]:
    """The units a plan is for: the plan's own unit, or the units serving its body, each with
    the units beneath it."""
    if plan.unit_id:
        return plan.unit.subtree().order_by("path")
    paths = Unit.objects.filter(body_id=plan.body_id).values_list("path", flat=True)
    match = Q(pk__in=[])
    for path in paths:
        match |= Q(path__startswith=path)
    return Unit.objects.filter(match, organisation_id=plan.organisation_id).order_by("path")


@dataclass
class UnitTargetRow:
    """A unit's own target for the year, the unit's latest figure and its status."""

    target: Target
    measurement: Measurement | None
    status: IndicatorStatus | None


@dataclass
class IndicatorRow:
    indicator: Indicator
    target: Target | None
    measurement: Measurement | None
    status: IndicatorStatus | None
    # the target the status was judged against: the measured unit's own (or the nearest unit
    # above it with one), else the body's
    status_target: Target | None = None
    unit_targets: list[UnitTargetRow] = field(default_factory=list)


def _status(indicator: Indicator, target: Target | None, m: Measurement | None):
    if target is None or m is None or m.not_reported or m.value is None:
        return None
    return indicator_status(
        value=m.value,
        target=target.value,
        tolerance=target.tolerance,
        higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
    )


def _plan_targets(plan: Plan, indicators, units) -> tuple[dict, dict]:
    """The year's targets of the plan's indicators: the body's by indicator, the units' by
    (indicator, unit) in the order of the unit tree (one query)."""
    body_targets: dict[int, Target] = {}
    unit_targets: dict[tuple[int, int], Target] = {}
    for t in (
        Target.objects.filter(indicator__in=indicators, year=plan.year)
        .filter(Q(body=plan.body_id, unit__isnull=True) | Q(unit__in=list(units)))
        .select_related("unit")
        .order_by("unit__path", "pk")
    ):
        if t.unit_id is None:
            body_targets[t.indicator_id] = t
        else:
            unit_targets[(t.indicator_id, t.unit_id)] = t
    return body_targets, unit_targets


def _latest_measurements(plan: Plan, indicators, base: set, measured: set) -> tuple[dict, dict]:
    """The year's latest measurement of each indicator among the ``base`` units, and of each
    (indicator, unit) among the ``measured`` units (one query)."""
    latest: dict[int, Measurement] = {}
    latest_by_unit: dict[tuple[int, int], Measurement] = {}
    for m in Measurement.objects.filter(
        indicator__in=indicators,
        unit_id__in=measured,
        period_end__year=plan.year,
    ).order_by("period_end", "not_reported", "pk"):
        latest_by_unit[(m.indicator_id, m.unit_id)] = m
        if m.unit_id in base:
            latest[m.indicator_id] = m
    return latest, latest_by_unit


def indicator_rows(*, plan: Plan) -> list[IndicatorRow]:
    """The plan's indicators with the body's target for the year, the latest measurement, its
    status, and each unit target with that unit's latest figure (six queries). A figure is
    judged against its unit's own target when there is one (docs/definitions.md §4: a target per body or
    unit), else against that of the nearest unit above it, else against the body's."""
    indicators = list(plan.indicators.prefetch_related("goals").order_by("area", "name"))
    units = {u.pk: u for u in plan_units(plan)}
    body_targets, unit_targets = _plan_targets(plan, indicators, units)
    # the plan's own unit, or the units serving its body (a förvaltning serves its nämnd),
    # and the units beneath them that have a target of their own
    base = (
        {plan.unit_id}
        if plan.unit_id
        else {pk for pk, u in units.items() if u.body_id == plan.body_id}
    )
    measured = base | {unit_id for (_i, unit_id) in unit_targets}
    latest, latest_by_unit = _latest_measurements(plan, indicators, base, measured)

    def target_for(indicator_id: int, unit_id: int) -> Target | None:
        unit = units.get(unit_id)
        chain = [unit_id, *reversed(unit.ancestor_ids())] if unit else [unit_id]
        for pk in chain:
            if (indicator_id, pk) in unit_targets:
                return unit_targets[(indicator_id, pk)]
        return body_targets.get(indicator_id)

    rows = []
    for indicator in indicators:
        target, measurement = body_targets.get(indicator.pk), latest.get(indicator.pk)
        status_target = target_for(indicator.pk, measurement.unit_id) if measurement else target
        row = IndicatorRow(
            indicator,
            target,
            measurement,
            _status(indicator, status_target, measurement),
            status_target,
        )
        for (indicator_id, _unit_id), t in unit_targets.items():
            if indicator_id == indicator.pk:
                m = latest_by_unit.get((indicator.pk, t.unit_id))
                row.unit_targets.append(UnitTargetRow(t, m, _status(indicator, t, m)))
        rows.append(row)
    return rows


def plan_contents(*, plan: Plan) -> dict[str, Any]:
    goals = list(
        plan.goals.select_related("focus_area", "responsible_unit").prefetch_related(
            Prefetch("serves", queryset=Goal.objects.select_related("plan__body")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("name")),
        )
    )
    assignments = list(
        plan.assignments.select_related("responsible_unit", "goal").prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related("responsible_unit"))
        )
    )
    loose_activities = list(
        plan.activities.filter(assignment__isnull=True).select_related("responsible_unit", "goal")
    )
    return {
        "plan": plan,
        "focus_areas": list(plan.focus_areas.all()),
        "goals": goals,
        "assignments": assignments,
        "activities": loose_activities,
        "indicators": indicator_rows(plan=plan),
    }


@dataclass
class Branch:
    """What one body does under a council goal: its goal (or none, when its assignments serve
    the council goal directly), assignments with their activities, activities and indicators."""

    body: Any
    goal: Goal | None
    assignments: list[PlanAssignment] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def red_thread(*, goal: Goal) -> list[Branch]:
    """Everything beneath a goal, across bodies (six queries)."""
    body_goals = list(goal.served_by.select_related("plan__body").order_by("plan__body__position"))
    goals = [goal, *body_goals]
    assignments = list(
        PlanAssignment.objects.filter(goal__in=goals)
        .select_related("plan__body", "responsible_unit")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related("responsible_unit"))
        )
    )
    activities = list(
        Activity.objects.filter(goal__in=goals).select_related("plan__body", "responsible_unit")
    )
    indicators = {i.pk: i for i in Indicator.objects.filter(goals__in=goals).distinct()}
    by_goal = {g.pk: g for g in goals}
    # an indicator may measure several of these goals: it shows under each
    indicator_goals = (
        Indicator.goals.through.objects.filter(goal__in=goals)
        .order_by("indicator__name", "pk")
        .values_list("indicator_id", "goal_id")
    )
    branches: dict[tuple[int, int | None], Branch] = {}
    for g in body_goals:
        branches[(g.plan.body_id, g.pk)] = Branch(body=g.plan.body, goal=g)

    def branch_for(body, goal_id):
        key = (body.pk, None if goal_id == goal.pk else goal_id)
        if key not in branches:
            branches[key] = Branch(body=body, goal=by_goal.get(key[1]))
        return branches[key]

    for a in assignments:
        branch_for(a.plan.body, a.goal_id).assignments.append(a)
    for act in activities:
        branch_for(act.plan.body, act.goal_id).activities.append(act)
    for indicator_id, gid in indicator_goals:
        branch_for(by_goal[gid].plan.body, gid).indicators.append(indicators[indicator_id])
    return list(branches.values())


@dataclass
class Link:
    kind: str
    objects: list[Any]


def chain_up(*, item) -> list[Link]:
    """From an item up to the focus area: the links from the top down."""
    chain: list[Link] = []
    goal = None
    if isinstance(item, Activity):
        chain.append(Link(_("Aktivitet"), [item]))
        if item.assignment_id:
            item = item.assignment
        else:
            goal = item.goal
    if isinstance(item, PlanAssignment):
        chain.append(Link(_("Uppdrag"), [item]))
        goal = item.goal
    if isinstance(item, Goal):
        goal = item
    if goal is not None:
        if goal.level == Goal.Level.BODY:
            chain.append(Link(_("Nämndens mål"), [goal]))
            council = list(goal.serves.select_related("focus_area"))
        else:
            council = [goal]
        if council:
            chain.append(Link(_("Fullmäktiges mål"), council))
            areas = {g.focus_area_id: g.focus_area for g in council if g.focus_area_id}
            if areas:
                chain.append(Link(_("Fokusområde"), list(areas.values())))
    chain.reverse()
    return chain


def item_for(kind: str, pk: int, *, organisation: Organisation):
    """The goal, assignment or activity ``pk`` of the organisation, or None."""
    model = {"goal": Goal, "assignment": PlanAssignment, "activity": Activity}.get(kind)
    if model is None:
        return None
    return (
        model.objects.filter(plan__organisation=organisation, pk=pk)
        .select_related("plan__body")
        .first()
    )


# --------------------------------------------------------------------------------------------
# For the documents (uppsikt/reports)


def plan_of(*, body, year: int) -> Plan | None:
    """The body's own plan for the year (not a unit's), the adopted one first."""
    plans = list(
        Plan.objects.filter(body=body, year=year, unit__isnull=True)
        .select_related("body", "organisation")
        .order_by("-pk")
    )
    adopted = [p for p in plans if p.status != Plan.Status.DRAFT]
    return (adopted or plans or [None])[0]


def plan_years(*, bodies) -> dict[int, set[int]]:
    """The years each of ``bodies`` has a plan of its own for (not a unit's), by body id (1
    query)."""
    found: dict[int, set[int]] = {}
    rows = Plan.objects.filter(body__in=bodies, unit__isnull=True).values_list("body_id", "year")
    for body_id, year in rows.distinct():
        found.setdefault(body_id, set()).add(year)
    return found


def council_goals(*, organisation: Organisation, year: int) -> list[tuple[str, list[Goal]]]:
    """The council's focus areas for the year with their goals, in order (2 queries)."""
    goals = list(
        Goal.objects.filter(
            plan__organisation=organisation, plan__year=year, level=Goal.Level.COUNCIL
        )
        .select_related("focus_area")
        .order_by("focus_area__position", "focus_area__pk", "position", "pk")
    )
    out: list[tuple[str, list[Goal]]] = []
    for g in goals:
        name = g.focus_area.name if g.focus_area else ""
        if not out or out[-1][0] != name:
            out.append((name, []))
        out[-1][1].append(g)
    return out


def body_goals(*, plan: Plan) -> list[tuple[Goal, list[Goal]]]:
    """A plan's own goals, each with the council goals it serves, in the council's order
    (focus area, council goal) and then the plan's (2 queries)."""
    served = Goal.objects.select_related("focus_area").order_by(
        "focus_area__position", "position", "pk"
    )
    goals = list(
        plan.goals.filter(level=Goal.Level.BODY).prefetch_related(
            Prefetch("serves", queryset=served)
        )
    )

    def order(goal: Goal) -> tuple:
        council = next(iter(goal.serves.all()), None)
        if council is None:
            return (1, 0, 0, goal.position, goal.pk)
        area = council.focus_area.position if council.focus_area else 0
        return (0, area, council.position, goal.position, goal.pk)

    return [(g, list(g.serves.all())) for g in sorted(goals, key=order)]


def plan_items(*, plan: Plan) -> dict[str, list]:
    """A plan's assignments and activities with the goals they serve (3 queries)."""
    return {
        "assignments": list(
            plan.assignments.select_related("goal", "goal__focus_area", "responsible_unit")
        ),
        "activities": list(plan.activities.select_related("responsible_unit")),
        "indicators": list(plan.indicators.order_by("area", "name")),
    }


def measurement_for(*, indicator: Indicator, unit: Unit, period_end) -> Measurement | None:
    """The indicator's measurement (or not-reported note) for the unit ending on the day."""
    return (
        Measurement.objects.filter(indicator=indicator, unit=unit, period_end=period_end)
        .order_by("-pk")
        .first()
    )


def target_for_body(*, indicator: Indicator, body, year: int) -> Target | None:
    return Target.objects.filter(
        indicator=indicator, body=body, year=year, unit__isnull=True
    ).first()


def plan_scope(plan: Plan) -> Unit | Body:
    """What a plan is managed on (``planning.manage``): its unit, or its body when it is the
    body's own plan."""
    return plan.unit if plan.unit_id else plan.body


def public_measurements(*, organisation: Organisation) -> QuerySet[Measurement]:
    """Open data (docs/oparl.md): the measured values anyone may read. Those of indicators in
    an adopted or closed plan (a public decision), entered or imported by people — never a
    computed one (the staff figures leave only through workforce's disclosure gate) — and
    reported, not a note that they were not. The reason and the provenance are not published."""
    indicators = Indicator.objects.filter(
        organisation=organisation,
        plans__status__in=[Plan.Status.ADOPTED, Plan.Status.CLOSED],
        computed_from="",
    ).exclude(source=Indicator.Source.COMPUTED)
    return (
        Measurement.objects.filter(
            indicator__in=indicators.values("pk"), not_reported=False, value__isnull=False
        )
        .select_related("indicator", "unit")
        .order_by("indicator__name", "indicator_id", "unit__path", "period_end", "pk")
    )


def _all_words_q(words: list[str], *fields: str) -> Q:
    q = Q()
    for w in words:
        any_field = Q()
        for f in fields:
            any_field |= Q(**{f"{f}__icontains": w})
        q &= any_field
    return q


def header_search(*, organisation: Organisation, query: str, limit: int = 10) -> dict:
    """Planning's part of the header search: plans, goals and indicators with every word of
    ``query`` in their title (name) or description, at most ``limit`` of each (+1 read to tell
    that there are more). Whoever holds ``planning.view`` reads every plan's page, so the caller
    asks that once; nothing here is secret."""
    words = [w for w in (query or "").split() if w][:6]
    if not words:
        return {"plans": [], "goals": [], "indicators": [], "more": {}}
    found = {
        "plans": list(
            Plan.objects.filter(
                _all_words_q(words, "title", "body__name", "unit__name"), organisation=organisation
            )
            .select_related("body", "unit")
            .order_by("-year", "title")[: limit + 1]
        ),
        "goals": list(
            Goal.objects.filter(
                _all_words_q(words, "title", "description"), plan__organisation=organisation
            )
            .select_related("plan")
            .order_by("-plan__year", "title")[: limit + 1]
        ),
        "indicators": list(
            Indicator.objects.filter(
                _all_words_q(words, "name", "description"), organisation=organisation
            )
            .prefetch_related("plans")
            .order_by("name")[: limit + 1]
        ),
    }
    result = {key: rows[:limit] for key, rows in found.items()}
    result["more"] = {key: len(rows) > limit for key, rows in found.items()}
    return result
