"""Plans built through the services, as a controller would build them."""

from __future__ import annotations

from decimal import Decimal

from uppsikt.core.permissions import SYSTEM
from uppsikt.planning import services
from uppsikt.planning.models import Goal, Indicator, Plan


def plan(org, body, year: int = 2024, *, adopted: bool = True, **kwargs) -> Plan:
    p = services.plan_create(
        actor=SYSTEM,
        organisation=org,
        body=body,
        year=year,
        title=kwargs.pop("title", f"Plan {body.code} {year}"),
        **kwargs,
    )
    if adopted:
        p = services.plan_set_status(actor=SYSTEM, plan=p, status=Plan.Status.ADOPTED)
    return p


def council_goal(plan, title: str = "Bidra till en hållbar resursanvändning", **kwargs) -> Goal:
    return services.goal_create(
        actor=SYSTEM, plan=plan, level=Goal.Level.COUNCIL, title=title, **kwargs
    )


def body_goal(plan, title: str = "Nämndens mål", **kwargs) -> Goal:
    return services.goal_create(
        actor=SYSTEM, plan=plan, level=Goal.Level.BODY, title=title, **kwargs
    )


def plan_assignment(plan, unit, title: str = "Ett uppdrag", **kwargs):
    return services.plan_assignment_create(
        actor=SYSTEM, plan=plan, title=title, responsible_unit=unit, **kwargs
    )


def activity(plan, unit, title: str = "En aktivitet", **kwargs):
    return services.activity_create(
        actor=SYSTEM, plan=plan, title=title, responsible_unit=unit, **kwargs
    )


def indicator(org, name: str = "Personalomsättning", **kwargs) -> Indicator:
    return services.indicator_create(
        actor=SYSTEM,
        organisation=org,
        name=name,
        direction=kwargs.pop("direction", Indicator.Direction.LOWER),
        unit_of_measure=kwargs.pop("unit_of_measure", "%"),
        **kwargs,
    )


def target(indicator, year: int = 2024, value="11.0", tolerance="0.5", **kwargs):
    return services.target_set(
        actor=SYSTEM,
        indicator=indicator,
        year=year,
        value=Decimal(value),
        tolerance=Decimal(tolerance),
        **kwargs,
    )
