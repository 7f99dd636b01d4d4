"""The capital budget and the capital projects: spending, budget and forecast per project, and
the multi-year plan as each revision left it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from uppsikt.organisation.models import Organisation, Unit

from ..models import (
    CapitalBudgetLine,
    CapitalBudgetRevision,
    CapitalForecast,
    CapitalProject,
    LedgerBalance,
)
from ._base import (
    kronor,
    month_key,
    source_for,
)

# Spending on a capital project is booked on fixed-asset accounts with the project's code in
# dimension 6 (Region-Bas: intangible and tangible fixed assets).
INVESTMENT_ACCOUNTS = ("1000", "1299")


def capital_budget(*, organisation: Organisation, years: list[int], upto=None) -> dict:
    """(project id, year) → öre: per project and year, the latest revision (up to and including
    the revision ``upto``, if given) that states it."""
    lines = CapitalBudgetLine.objects.filter(revision__organisation=organisation, year__in=years)
    if upto is not None:
        lines = lines.filter(
            Q(revision__decided_on__lt=upto.decided_on)
            | Q(revision__decided_on=upto.decided_on, revision_id__lte=upto.pk)
        )
    out: dict[tuple[int, int], int] = {}
    for project_id, year, cents in lines.order_by(
        "revision__decided_on", "revision_id"
    ).values_list("project_id", "year", "cents"):
        out[(project_id, year)] = cents
    return out


@dataclass
class CapitalRow:
    project: object
    actual: Decimal
    budget: Decimal
    forecast: Decimal
    comment: str = ""
    forecast_as_of: int | None = None
    # the named parts of the variance: (name, kronor with the variance's sign, explanation,
    # position among the department's forecast variances in the report)
    items: list = field(default_factory=list)

    @property
    def variance(self) -> Decimal:
        """Budget − forecast: positive is an under-spend (docs/definitions.md §2)."""
        return self.budget - self.forecast


def capital_table(
    *, organisation: Organisation, year: int, month: int, unit: Unit | None = None
) -> list[CapitalRow]:
    """Per project: spending from the year's start through the month (from the ledger), the
    current annual budget, the latest forecast made by then (the budget where none), the
    variance and the forecast's comment."""
    projects = list(CapitalProject.objects.filter(organisation=organisation).select_related("unit"))
    if unit is not None:
        subtree = set(unit.subtree().values_list("pk", flat=True))
        projects = [p for p in projects if p.unit_id in subtree]
    budget = capital_budget(organisation=organisation, years=[year])
    actual: dict[str, int] = {}
    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is not None:
        first = month_key(source.start.year, source.start.month)
        actual = dict(
            LedgerBalance.objects.filter(
                ledger_import_id__in=source.import_ids,
                year=source.year,
                kind="actual",
                view="project",
                period__gte=first,
                period__lte=month_key(year, month),
                account__gte=INVESTMENT_ACCOUNTS[0],
                account__lte=INVESTMENT_ACCOUNTS[1] + "\uffff",
                project__in=[p.code for p in projects],
            )
            .values("project")
            .annotate(total=Sum("cents"))
            .values_list("project", "total")
        )
    latest: dict[int, CapitalForecast] = {}
    for forecast in (
        CapitalForecast.objects.filter(
            project__in=projects, year=year, as_of__lte=month_key(year, month)
        )
        .prefetch_related("items")
        .order_by("as_of")
    ):
        latest[forecast.project_id] = forecast
    rows = []
    for p in projects:
        if (p.pk, year) not in budget and p.code not in actual and p.pk not in latest:
            continue
        b = kronor(budget.get((p.pk, year), 0))
        f = latest.get(p.pk)
        rows.append(
            CapitalRow(
                project=p,
                actual=kronor(actual.get(p.code, 0)),
                budget=b,
                forecast=kronor(f.cents) if f else b,
                comment=f.comment if f else "",
                forecast_as_of=f.as_of if f else None,
                items=[(i.name, kronor(i.cents), i.comment, i.position) for i in f.items.all()]
                if f
                else [],
            )
        )
    return rows


def capital_plan(*, organisation: Organisation, first_year: int, years: int = 3) -> dict:
    """The multi-year capital budget as each revision left it: for every revision, the budget of
    each project and year in force right after it."""
    span = list(range(first_year, first_year + years))
    projects = list(CapitalProject.objects.filter(organisation=organisation))
    revisions = list(
        CapitalBudgetRevision.objects.filter(organisation=organisation).order_by("decided_on", "id")
    )
    versions = []
    for revision in revisions:
        amounts = capital_budget(organisation=organisation, years=span, upto=revision)
        rows = [
            (p, [kronor(amounts[(p.pk, y)]) if (p.pk, y) in amounts else None for y in span])
            for p in projects
            if any((p.pk, y) in amounts for y in span)
        ]
        totals = [sum((r[1][i] or Decimal(0) for r in rows), Decimal(0)) for i in range(len(span))]
        versions.append({"revision": revision, "rows": rows, "totals": totals})
    return {"years": span, "versions": versions}


def capital_forecast(*, project: CapitalProject, as_of: tuple[int, int]) -> CapitalForecast | None:
    """The project's forecast for the year made at the end of the month ``as_of``, with its
    named parts in their order; ``None`` if none was made that month."""
    return (
        CapitalForecast.objects.filter(
            project=project, year=as_of[0], as_of=month_key(as_of[0], as_of[1])
        )
        .prefetch_related("items")
        .first()
    )
