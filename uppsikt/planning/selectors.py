"""Reads of plans for the pages: each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from uppsikt.organisation.models import Organisation, Unit

from .models import Activity, Assignment, Goal, Indicator, Measurement, Plan, Target
from .status import IndicatorStatus, indicator_status


def plans(*, organisation: Organisation) -> QuerySet[Plan]:
    return Plan.objects.filter(organisation=organisation).select_related("body", "unit")


@dataclass
class IndicatorRow:
    indicator: Indicator
    target: Target | None
    measurement: Measurement | None
    status: IndicatorStatus | None


def indicator_rows(*, plan: Plan) -> list[IndicatorRow]:
    """The plan's indicators with the body's target for the year, the latest measurement and
    its status (three queries)."""
    indicators = list(plan.indicators.order_by("area", "name"))
    targets = {
        t.indicator_id: t
        for t in Target.objects.filter(indicator__in=indicators, year=plan.year, body=plan.body_id)
    }
    # the plan's own unit, or the units serving its body (a förvaltning serves its nämnd)
    if plan.unit_id:
        units = [plan.unit_id]
    else:
        units = list(Unit.objects.filter(body_id=plan.body_id).values_list("pk", flat=True))
    latest: dict[int, Measurement] = {}
    for m in Measurement.objects.filter(
        indicator__in=indicators,
        unit_id__in=units,
        period_end__year=plan.year,
    ).order_by("period_end", "not_reported", "pk"):
        latest[m.indicator_id] = m
    rows = []
    for indicator in indicators:
        target, measurement = targets.get(indicator.pk), latest.get(indicator.pk)
        status = None
        if target and measurement and not measurement.not_reported:
            status = indicator_status(
                value=measurement.value,
                target=target.value,
                tolerance=target.tolerance,
                higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
            )
        rows.append(IndicatorRow(indicator, target, measurement, status))
    return rows


def plan_contents(*, plan: Plan) -> dict[str, Any]:
    goals = list(
        plan.goals.select_related("focus_area", "responsible_unit").prefetch_related(
            Prefetch("serves", queryset=Goal.objects.select_related("plan__body"))
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
    assignments: list[Assignment] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def red_thread(*, goal: Goal) -> list[Branch]:
    """Everything beneath a goal, across bodies (five queries)."""
    body_goals = list(goal.served_by.select_related("plan__body").order_by("plan__body__position"))
    goals = [goal, *body_goals]
    assignments = list(
        Assignment.objects.filter(goal__in=goals)
        .select_related("plan__body", "responsible_unit")
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related("responsible_unit"))
        )
    )
    activities = list(
        Activity.objects.filter(goal__in=goals).select_related("plan__body", "responsible_unit")
    )
    indicators = list(Indicator.objects.filter(goals__in=goals).distinct())
    by_goal = {g.pk: g for g in goals}
    indicator_goals = dict(
        Indicator.goals.through.objects.filter(goal__in=goals).values_list(
            "indicator_id", "goal_id"
        )
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
    for ind in indicators:
        gid = indicator_goals.get(ind.pk)
        if gid == goal.pk:
            branch_for(goal.plan.body, gid).indicators.append(ind)
        else:
            branch_for(by_goal[gid].plan.body, gid).indicators.append(ind)
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
    if isinstance(item, Assignment):
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
    model = {"goal": Goal, "assignment": Assignment, "activity": Activity}.get(kind)
    if model is None:
        return None
    return (
        model.objects.filter(plan__organisation=organisation, pk=pk)
        .select_related("plan__body")
        .first()
    )
