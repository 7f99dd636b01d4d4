"""Indicators, their targets (a body's or a unit's, per year) and measurements. An indicator
belongs to the organisation and is shared by the plans it is in."""

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
from uppsikt.organisation.permissions import ensure_can

from ..models import Goal, Indicator, Measurement, Plan, Target
from ..removal import count_reason as _count
from ..removal import removal_blockers
from ..selectors import goals_in_reach, plan_units
from ._base import _ensure_manage, _ensure_manage_plans, _ensure_open, _refuse_removal


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
