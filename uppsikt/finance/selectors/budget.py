"""The operating budget per report line (report sign): the ledger's #PBUDGET, the decided
revisions and their history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from uppsikt.organisation.models import Organisation, Unit

from ..models import (
    LedgerBalance,
    OperatingBudget,
    ReportLine,
)
from ._base import (
    LineMap,
    cost_centres_of,
    kronor,
    month_key,
    source_for,
)


def ledger_budget_by_line(
    *, unit: Unit | None, year: int, organisation: Organisation | None = None
) -> dict:
    """The ledger's monthly budget (#PBUDGET) for a unit's subtree: report line → 12 months of
    öre in report sign."""
    organisation = organisation or unit.organisation
    source = source_for(organisation=organisation, day=dt.date(year, 1, 1))
    out: dict = {}
    if source is None:
        return out
    lines = LineMap(organisation)
    qs = LedgerBalance.objects.filter(
        ledger_import_id__in=source.import_ids,
        year=source.year,
        kind="budget",
        view="main",
        period__gte=month_key(year, 1),
        period__lte=month_key(year, 12),
    )
    codes = cost_centres_of(unit)
    if codes is not None:
        qs = qs.filter(cost_centre__in=codes)
    for account, period, cents in (
        qs.values("account", "period")
        .annotate(total=Sum("cents"))
        .values_list("account", "period", "total")
    ):
        line = lines.line_of(account)
        if line is None:
            continue
        out.setdefault(line, [0] * 12)[period % 100 - 1] -= cents
    return out


def operating_budget_current(*, unit: Unit, year: int, decided_by: dt.date | None = None):
    """The unit's latest decided budget for the year (decided on or before ``decided_by``)."""
    qs = OperatingBudget.objects.filter(unit=unit, year=year)
    if decided_by is not None:
        qs = qs.filter(decided_on__lte=decided_by)
    return qs.order_by("-decided_on", "-id").first()


def budget_by_line(
    *, unit: Unit | None, year: int, organisation: Organisation, decided_by: dt.date | None = None
) -> tuple[dict, object]:
    """The unit's budget per report line and month (öre, report sign): its latest operating
    budget revision when it has one, else the ledger's #PBUDGET. Returns (lines, revision)."""
    revision = (
        operating_budget_current(unit=unit, year=year, decided_by=decided_by)
        if unit is not None
        else None
    )
    if revision is None:
        return ledger_budget_by_line(unit=unit, year=year, organisation=organisation), None
    out: dict = {}
    for line in revision.lines.select_related("report_line"):
        out.setdefault(line.report_line, [0] * 12)[line.month - 1] += line.cents
    return out, revision


def operating_budget_history(*, organisation: Organisation, unit: Unit, year: int) -> list[dict]:
    """Every decided revision of the unit's operating budget for the year, oldest first, with
    its annual amount per report line and the net (report sign, unrounded kronor)."""
    lines = LineMap(organisation).lines
    history = []
    for revision in OperatingBudget.objects.filter(unit=unit, year=year).order_by(
        "decided_on", "id"
    ):
        totals = dict(
            revision.lines.values("report_line")
            .annotate(total=Sum("cents"))
            .values_list("report_line", "total")
        )
        amounts = [kronor(totals.get(line.pk, 0)) for line in lines]
        net = sum(
            (
                a
                for a, line in zip(amounts, lines, strict=True)
                if line.kind != ReportLine.Kind.INTERNAL_FUNDING
            ),
            Decimal(0),
        )
        history.append({"revision": revision, "amounts": amounts, "net": net})
    return history
