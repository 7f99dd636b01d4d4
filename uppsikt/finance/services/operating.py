"""The operating budget and its revisions, the forecasts per report line and the business
lines with their forecasts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.permissions import ensure_can

from ..models import (
    BusinessLine,
    BusinessLineForecast,
    Forecast,
    OperatingBudget,
    OperatingBudgetLine,
)
from ..selectors import ledger_budget_by_line
from ._base import _check_as_of, _ore


@transaction.atomic
def operating_budget_set(
    *,
    actor,
    unit,
    year: int,
    label: str,
    decided_on: dt.date,
    lines: dict,
    source: str = "manual",
) -> OperatingBudget:
    """Record a (revised) operating budget for a unit's subtree: ``lines`` maps (report line,
    month 1–12) to kronor in report sign. Earlier revisions are kept."""
    ensure_can(actor, "finance.configure", unit)
    if not lines:
        raise DomainError(_("Budgeten saknar belopp."))
    for line, month in lines:
        if line.organisation_id != unit.organisation_id:
            raise DomainError(_("Rapportraden hör till en annan organisation."))
        if not 1 <= month <= 12:
            raise DomainError(_("Månaden %(m)s finns inte (1–12).") % {"m": month})
    budget = OperatingBudget.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        year=year,
        label=label,
        decided_on=decided_on,
        source=source,
        created_by=user_or_none(actor),
    )
    OperatingBudgetLine.objects.bulk_create(
        OperatingBudgetLine(budget=budget, report_line=line, month=month, cents=_ore(amount))
        for (line, month), amount in lines.items()
        if amount
    )
    total = sum((Decimal(a) for a in lines.values()), Decimal(0))
    audit_record(
        actor=actor, action="operating_budget.set", obj=budget, detail={"total": str(total)}
    )
    return budget


def operating_budget_from_ledger(
    *, actor, unit, year: int, label: str, decided_on: dt.date
) -> OperatingBudget:
    """A revision that takes the ledger's monthly budget (#PBUDGET) for the unit's subtree."""
    months = ledger_budget_by_line(unit=unit, year=year)
    lines = {
        (line, month): Decimal(cents) / 100
        for line, per_month in months.items()
        for month, cents in enumerate(per_month, start=1)
        if cents
    }
    return operating_budget_set(
        actor=actor,
        unit=unit,
        year=year,
        label=label,
        decided_on=decided_on,
        lines=lines,
        source="ledger",
    )


@transaction.atomic
def forecast_set(
    *,
    actor,
    unit,
    year: int,
    as_of: tuple[int, int],
    amounts: dict,
    comment: str = "",
) -> list[Forecast]:
    """A unit's full-year forecast per report line (kronor, report sign) made at the end of
    ``as_of``; it replaces a forecast made for the same month.

    A forecast without amounts, or one leaving out a line the stored forecast of that month
    has, is refused: a replacement never deletes figures by omission."""
    ensure_can(actor, "finance.forecast", unit)
    _check_as_of(year, as_of)
    key = as_of[0] * 100 + as_of[1]
    if not amounts:
        raise DomainError(_("Prognosen saknar belopp; den sparade prognosen är oförändrad."))
    for line in amounts:
        if line.organisation_id != unit.organisation_id:
            raise DomainError(_("Rapportraden hör till en annan organisation."))
    existing = Forecast.objects.select_for_update().filter(unit=unit, year=year, as_of=key)
    left_out = sorted(
        f.report_line.code
        for f in existing.select_related("report_line")
        if f.report_line not in amounts
    )
    if left_out:
        raise DomainError(
            _(
                "Prognosen saknar rapportraderna %(lines)s som har en sparad prognos; "
                "ingenting har ändrats."
            )
            % {"lines": ", ".join(left_out)}
        )
    before = {str(f.report_line_id): f.cents for f in existing}
    existing.delete()
    user = user_or_none(actor)
    clean = comment.strip()
    rows = Forecast.objects.bulk_create(
        Forecast(
            unit=unit,
            year=year,
            as_of=key,
            report_line=line,
            cents=_ore(amount),
            comment=clean,
            created_by=user,
        )
        for line, amount in amounts.items()
    )
    audit_record(
        actor=actor,
        action="forecast.set",
        obj=unit,
        before={"as_of": key, "lines": before} if before else None,
        after={"as_of": key, "lines": {str(line.pk): _ore(a) for line, a in amounts.items()}},
        detail={"comment": clean},
    )
    return rows


@transaction.atomic
def unit_forecast_set(
    *,
    actor,
    unit,
    year: int,
    as_of: tuple[int, int],
    amounts: dict,
    business_line_results: dict | None = None,
    comment: str = "",
) -> list[Forecast]:
    """The forecast page's one save: a unit's forecast per report line (``forecast_set``) and
    its business lines' results (``business_line_forecast_set``), all of it or nothing."""
    ensure_can(actor, "finance.forecast", unit)
    results = business_line_results or {}
    for business_line in results:
        if business_line.unit_id != unit.pk:
            raise DomainError(_("Verksamheten hör till en annan enhet."))
    rows = forecast_set(
        actor=actor, unit=unit, year=year, as_of=as_of, amounts=amounts, comment=comment
    )
    for business_line, result in results.items():
        business_line_forecast_set(
            actor=actor, business_line=business_line, year=year, as_of=as_of, result=result
        )
    return rows


@transaction.atomic
def business_line_create(
    *, actor, unit, name: str, cost_centres: list, position: int = 0
) -> BusinessLine:
    """A business line of ``unit`` made of cost centres of its subtree (none in two lines)."""
    ensure_can(actor, "finance.configure", unit)
    subtree = set(unit.subtree().values_list("pk", flat=True))
    for cc in cost_centres:
        if cc.unit_id not in subtree:
            raise DomainError(
                _("Kostnadsstället %(code)s hör inte till enheten.") % {"code": cc.code}
            )
    taken = BusinessLine.objects.filter(unit=unit, cost_centres__in=cost_centres).values_list(
        "name", flat=True
    )
    if taken:
        raise DomainError(
            _("Kostnadsställena ingår redan i verksamheten %(name)s.") % {"name": taken[0]}
        )
    line = BusinessLine.objects.create(
        organisation_id=unit.organisation_id, unit=unit, name=name, position=position
    )
    line.cost_centres.set(cost_centres)
    audit_record(
        actor=actor,
        action="business_line.create",
        obj=line,
        detail={"cost_centres": [c.code for c in cost_centres]},
    )
    return line


@transaction.atomic
def business_line_forecast_set(
    *, actor, business_line: BusinessLine, year: int, as_of: tuple[int, int], result: Decimal
) -> BusinessLineForecast:
    """A business line's forecast of its full-year result (kronor, surplus positive)."""
    ensure_can(actor, "finance.forecast", business_line.unit)
    _check_as_of(year, as_of)
    key = as_of[0] * 100 + as_of[1]
    existing = BusinessLineForecast.objects.filter(
        business_line=business_line, year=year, as_of=key
    ).first()
    before = snapshot(existing) if existing else None
    forecast, _created = BusinessLineForecast.objects.update_or_create(
        business_line=business_line,
        year=year,
        as_of=key,
        defaults={
            "cents": _ore(result),
            "created_by": user_or_none(actor),
        },
    )
    audit_record(actor=actor, action="business_line_forecast.set", obj=forecast, before=before)
    return forecast
