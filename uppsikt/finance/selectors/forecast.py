"""Forecasts per report line and per business line: the forecast page's table and the
business lines' results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from uppsikt.organisation.models import Organisation, Unit

from ..models import (
    BusinessLine,
    BusinessLineForecast,
    Forecast,
    ReportLine,
)
from ._base import (
    LineMap,
    _sums,
    kronor,
    month_key,
    source_for,
)
from .budget import budget_by_line
from .ledger import ytd_table


@dataclass
class ForecastRow:
    code: str
    name: str
    line: object
    budget: Decimal
    actual: Decimal
    proposal: Decimal
    forecast: Decimal
    previous_variance: Decimal | None
    kind: str = "line"
    entered: bool = False

    @property
    def variance(self) -> Decimal:
        """Forecast variance = full-year forecast − full-year budget (docs/definitions.md §2)."""
        return self.forecast - self.budget

    @property
    def change(self) -> Decimal | None:
        """This forecast's variance − the previous forecast's variance."""
        if self.previous_variance is None:
            return None
        return self.variance - self.previous_variance


@dataclass
class ForecastTable:
    unit: Unit
    year: int
    month: int
    rows: list[ForecastRow]
    revision: object
    previous_as_of: int | None
    comment: str = ""

    def row(self, code: str) -> ForecastRow | None:
        return next((r for r in self.rows if r.code == code), None)


def forecast_lines_stored(*, unit: Unit, year: int, month: int) -> set[str]:
    """The codes of the report lines that have a forecast made at the end of ``month``."""
    return set(
        Forecast.objects.filter(unit=unit, year=year, as_of=month_key(year, month)).values_list(
            "report_line__code", flat=True
        )
    )


def forecast_table(
    *, organisation: Organisation, unit: Unit, year: int, month: int
) -> ForecastTable:
    """Per report line: the full-year budget, the actual through the month, a proposal (actual
    + the budget of the remaining months), the forecast made at the month's end (the proposal
    where none), the forecast variance and its change since the previous forecast."""
    budget, revision = budget_by_line(unit=unit, year=year, organisation=organisation)
    ytd = ytd_table(organisation=organisation, unit=unit, year=year, month=month)
    actual_by_code = {r.code: r.actual for r in ytd.rows}
    key = month_key(year, month)
    current = {
        f.report_line_id: f for f in Forecast.objects.filter(unit=unit, year=year, as_of=key)
    }
    previous_key = (
        Forecast.objects.filter(unit=unit, year=year, as_of__lt=key)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    previous = (
        {
            f.report_line_id: f.cents
            for f in Forecast.objects.filter(unit=unit, year=year, as_of=previous_key)
        }
        if previous_key
        else {}
    )
    # the previous variance is the one reported then: against the budget in force at that time
    previous_budget: dict = {}
    if previous_key:
        p_year, p_month = divmod(previous_key, 100)
        month_end = dt.date(p_year + p_month // 12, p_month % 12 + 1, 1) - dt.timedelta(days=1)
        earlier, _rev = budget_by_line(
            unit=unit, year=year, organisation=organisation, decided_by=month_end
        )
        previous_budget = {line.pk: kronor(sum(months)) for line, months in earlier.items()}
    lines = LineMap(organisation).lines
    rows: list[ForecastRow] = []
    for line in lines:
        months = budget.get(line, [0] * 12)
        annual = kronor(sum(months))
        actual = actual_by_code.get(line.code, Decimal(0))
        proposal = actual + kronor(sum(months[month:]))
        entered = current.get(line.pk)
        rows.append(
            ForecastRow(
                code=line.code,
                name=line.display_name,
                line=line,
                budget=annual,
                actual=actual,
                proposal=proposal,
                forecast=kronor(entered.cents) if entered else proposal,
                previous_variance=(
                    kronor(previous[line.pk]) - previous_budget.get(line.pk, Decimal(0))
                    if line.pk in previous
                    else None
                ),
                entered=entered is not None,
            )
        )

    def subtotal(code, name, members):
        has_previous = all(r.previous_variance is not None for r in members) and members
        return ForecastRow(
            code=code,
            name=name,
            line=None,
            budget=sum((r.budget for r in members), Decimal(0)),
            actual=sum((r.actual for r in members), Decimal(0)),
            proposal=sum((r.proposal for r in members), Decimal(0)),
            forecast=sum((r.forecast for r in members), Decimal(0)),
            previous_variance=sum((r.previous_variance for r in members), Decimal(0))
            if has_previous
            else None,
            kind="subtotal",
        )

    operating = [r for r in rows if r.line.kind != ReportLine.Kind.INTERNAL_FUNDING]
    funding = [r for r in rows if r.line.kind == ReportLine.Kind.INTERNAL_FUNDING]
    out = [*operating, subtotal("net", _("Nettokostnad"), operating)]
    if funding:
        out += [*funding, subtotal("result", _("Resultat"), rows)]
    comment = next((f.comment for f in current.values() if f.comment), "")
    return ForecastTable(
        unit=unit,
        year=year,
        month=month,
        rows=out,
        revision=revision,
        previous_as_of=previous_key,
        comment=comment,
    )


@dataclass
class BusinessLineRow:
    business_line: object
    actual: Decimal
    previous: Decimal | None
    forecast: Decimal | None
    previous_forecast: Decimal | None
    kind: str = "line"

    @property
    def change(self) -> Decimal | None:
        if self.forecast is None or self.previous_forecast is None:
            return None
        return self.forecast - self.previous_forecast


def business_line_table(
    *, organisation: Organisation, unit: Unit, year: int, month: int
) -> list[BusinessLineRow]:
    """Per business line of ``unit``: the result from the year's start through the month (every
    report line, internal funding included: surplus +), the same months a year earlier, the
    latest forecast of the year's result made by then, and its change since the forecast
    before it; and a total row."""
    lines_map = LineMap(organisation)
    business_lines = list(BusinessLine.objects.filter(unit=unit).prefetch_related("cost_centres"))
    if not business_lines:
        return []

    def result(day: dt.date, codes: list[str], last_month: int) -> Decimal | None:
        source = source_for(organisation=organisation, day=day)
        if source is None:
            return None
        sums = _sums(
            source,
            first=month_key(source.start.year, source.start.month),
            last=last_month,
            codes=codes,
            kind="actual",
        )
        return -kronor(sum(c for a, c in sums.items() if lines_map.line_of(a) is not None))

    key = month_key(year, month)
    rows = []
    for bl in business_lines:
        codes = [c.code for c in bl.cost_centres.all()]
        forecasts = list(
            BusinessLineForecast.objects.filter(
                business_line=bl, year=year, as_of__lte=key
            ).order_by("-as_of")[:2]
        )
        rows.append(
            BusinessLineRow(
                business_line=bl,
                actual=result(dt.date(year, month, 1), codes, key) or Decimal(0),
                previous=result(dt.date(year - 1, month, 1), codes, key - 100),
                forecast=kronor(forecasts[0].cents) if forecasts else None,
                previous_forecast=kronor(forecasts[1].cents) if len(forecasts) > 1 else None,
            )
        )

    def total(values):
        values = list(values)
        return None if any(v is None for v in values) else sum(values, Decimal(0))

    rows.append(
        BusinessLineRow(
            business_line=None,
            actual=sum((r.actual for r in rows), Decimal(0)),
            previous=total(r.previous for r in rows),
            forecast=total(r.forecast for r in rows),
            previous_forecast=total(r.previous_forecast for r in rows),
            kind="total",
        )
    )
    return rows
