"""Reads of the ledger: year to date per report line and per account, the bookings behind an
account, the trial balance, the imports and their check against the file's own closing
balances."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from uppsikt.organisation.models import Organisation, Unit

from ..models import (
    Account,
    LedgerBalance,
    LedgerImport,
    OpeningBalance,
    OperatingBudget,
    ReportLine,
)
from ._base import (
    HUNDRED,
    LineMap,
    Source,
    _number,
    _sums,
    cost_centres_of,
    kronor,
    month_key,
    source_for,
)
from .budget import operating_budget_current


@dataclass
class YtdRow:
    code: str
    name: str
    actual: Decimal
    budget: Decimal
    previous: Decimal | None
    kind: str = "line"  # line, subtotal

    @property
    def variance(self) -> Decimal:
        return self.actual - self.budget

    @property
    def variance_percent(self) -> Decimal | None:
        if self.budget == 0:
            return None
        return self.variance / abs(self.budget) * HUNDRED


@dataclass
class YtdTable:
    unit: Unit | None
    year: int
    month: int
    rows: list[YtdRow] = field(default_factory=list)
    fiscal_year: tuple[dt.date, dt.date] | None = None
    unmapped_accounts: list[str] = field(default_factory=list)
    has_previous: bool = False
    budget_revision: object = None

    @property
    def first_month(self) -> int:
        return (
            month_key(self.fiscal_year[0].year, self.fiscal_year[0].month)
            if self.fiscal_year
            else 0
        )

    def row(self, code: str) -> YtdRow | None:
        return next((r for r in self.rows if r.code == code), None)


def ytd_table(*, organisation: Organisation, unit: Unit | None, year: int, month: int) -> YtdTable:
    """Year to date through ``year``-``month``, per report line, with the previous year."""
    table = YtdTable(unit=unit, year=year, month=month)
    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is None:
        return table
    table.fiscal_year = (source.start, source.end)
    codes = cost_centres_of(unit)
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    actual = _sums(source, first=first, last=last, codes=codes, kind="actual")
    budget = _sums(source, first=first, last=last, codes=codes, kind="budget")
    prev_source = source_for(organisation=organisation, day=dt.date(year - 1, month, 1))
    previous: dict[str, int] = {}
    if prev_source is not None:
        table.has_previous = True
        previous = _sums(
            prev_source, first=first - 100, last=last - 100, codes=codes, kind="actual"
        )
    lines = LineMap(organisation)
    per_line, unmapped = _per_line(lines, (actual, budget, previous))
    table.unmapped_accounts = sorted(unmapped)
    if unit is not None and source.year == 0:
        # a unit with a decided operating budget is measured against it, not #PBUDGET
        revision = operating_budget_current(unit=unit, year=year)
        if revision is not None:
            table.budget_revision = revision
            _replace_budget(per_line, revision, source=source, year=year, month=month)
    _add_rows(table, lines, per_line)
    return table


# Accounts left out of the income statement without a warning when no report line holds them:
# the balance sheet (classes 1 and 2) and the account groups 80–83, 88 and 89.
OUTSIDE_REPORT = ("1", "2", "80", "81", "82", "83", "88", "89")


def _per_line(
    lines: LineMap, figures: tuple[dict[str, int], ...]
) -> tuple[dict[int, list[int]], set[str]]:
    """Öre per report line (by id) for each of ``figures`` (per account), and the accounts with
    figures that belong to no report line but should."""
    per_line: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    unmapped: set[str] = set()
    for index, by_account in enumerate(figures):
        for account, cents in by_account.items():
            line = lines.line_of(account)
            if line is None:
                if cents and not account.startswith(OUTSIDE_REPORT):
                    unmapped.add(account)
                continue
            per_line[line.pk][index] += cents
    return per_line, unmapped


def _replace_budget(
    per_line: dict[int, list[int]], revision, *, source: Source, year: int, month: int
) -> None:
    """The budget of the decided revision, from the fiscal year's first month through
    ``month``, in place of the ledger's."""
    for figures in per_line.values():
        figures[1] = 0
    for line_id, cents in revision.lines.filter(
        month__gte=source.start.month if source.start.year == year else 1, month__lte=month
    ).values_list("report_line_id", "cents"):
        per_line[line_id][1] -= cents  # report sign → SIE sign, as the ledger's figures


def _add_rows(table: YtdTable, lines: LineMap, per_line: dict[int, list[int]]) -> None:
    """The report lines in order, the net cost, and where there is internal funding, its lines
    and the result."""

    def make(code, name, cents, kind="line"):
        a, b, p = cents
        return YtdRow(
            code=code,
            name=name,
            actual=-kronor(a),
            budget=-kronor(b),
            previous=-kronor(p) if table.has_previous else None,
            kind=kind,
        )

    net = [0, 0, 0]
    result = [0, 0, 0]
    funding_rows = []
    for line in lines.lines:
        cents = per_line.get(line.pk, [0, 0, 0])
        row = make(line.code, line.display_name, cents)
        if line.kind == ReportLine.Kind.INTERNAL_FUNDING:
            funding_rows.append(row)
        else:
            table.rows.append(row)
            net = [n + c for n, c in zip(net, cents, strict=True)]
        result = [r + c for r, c in zip(result, cents, strict=True)]
    table.rows.append(make("net", _("Nettokostnad"), net, kind="subtotal"))
    if funding_rows:
        table.rows.extend(funding_rows)
        table.rows.append(make("result", _("Resultat"), result, kind="subtotal"))


@dataclass
class AccountFigure:
    account: str
    name: str
    actual: Decimal
    budget: Decimal | None  # None: the unit's budget is decided per report line, not account

    @property
    def variance(self) -> Decimal | None:
        return None if self.budget is None else self.actual - self.budget


def ytd_accounts(
    *, organisation: Organisation, unit: Unit | None, year: int, month: int, line_code: str
) -> list[AccountFigure]:
    """The accounts behind one report line's year-to-date figure (report sign)."""
    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is None:
        return []
    lines = LineMap(organisation)
    wanted = [
        line
        for line in lines.lines
        if line.code == line_code
        or (line_code == "net" and line.kind != ReportLine.Kind.INTERNAL_FUNDING)
        or line_code == "result"
    ]
    codes = cost_centres_of(unit)
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    actual = _sums(source, first=first, last=last, codes=codes, kind="actual")
    budget = _sums(source, first=first, last=last, codes=codes, kind="budget")
    names = dict(Account.objects.filter(organisation=organisation).values_list("number", "name"))
    per_line_budget = (
        unit is not None
        and source.year == 0
        and operating_budget_current(unit=unit, year=year) is not None
    )
    out = []
    for account in sorted(set(actual) | set(budget)):
        if lines.line_of(account) in wanted:
            out.append(
                AccountFigure(
                    account=account,
                    name=names.get(account, ""),
                    actual=-kronor(actual.get(account)),
                    budget=None if per_line_budget else -kronor(budget.get(account)),
                )
            )
    return out


def account_transactions(
    *,
    organisation: Organisation,
    unit: Unit | None,
    year: int,
    month: int,
    account: str,
    limit: int = 500,
) -> tuple[list[dict], int]:
    """The bookings on ``account`` from the fiscal year's start through the month, with their
    vouchers (SIE sign), read from the imports' transaction files. Returns the rows (at most
    ``limit``) and the total count."""
    import polars as pl

    from .. import ledger_store

    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is None or source.year != 0:
        return [], 0
    rows = ledger_store.scan(
        list(
            LedgerImport.objects.filter(pk__in=source.import_ids)
            .exclude(transactions_file="")
            .values_list("transactions_file", flat=True)
        )
    )
    if rows is None:
        return [], 0
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    query = rows.filter(
        (pl.col("kind") == "T")
        & (pl.col("account") == account)
        & pl.col("period").is_between(first, last)
    )
    codes = cost_centres_of(unit)
    if codes is not None:
        query = query.filter(pl.col("cost_centre").is_in(codes))
    found = query.sort("period", "voucher_seq", "line").collect()
    rows = found.head(limit).to_dicts()
    for r in rows:
        r["amount"] = kronor(r.pop("cents"))
    return rows, found.height


@dataclass
class TrialBalanceRow:
    account: str
    name: str
    opening: Decimal
    movement: Decimal
    budget: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.movement


def trial_balance(
    *, organisation: Organisation, year: int, month: int, unit: Unit | None = None
) -> list[TrialBalanceRow]:
    """Per account, in account order (SIE sign): opening balance, movement for the fiscal year
    through the month, closing balance, budget through the month."""
    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is None:
        return []
    codes = cost_centres_of(unit)
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    movement = _sums(source, first=first, last=last, codes=codes, kind="actual")
    budget = _sums(source, first=first, last=last, codes=codes, kind="budget")
    opening: dict[str, int] = {}
    ob = OpeningBalance.objects.filter(ledger_import_id__in=source.import_ids, year=source.year)
    if codes is None:
        rows = ob.filter(kind="IB").values("account").annotate(total=Sum("cents"))
    else:
        rows = (
            ob.filter(kind="OIB", cost_centre__in=codes)
            .values("account")
            .annotate(total=Sum("cents"))
        )
    opening = {r["account"]: r["total"] for r in rows}
    names = dict(Account.objects.filter(organisation=organisation).values_list("number", "name"))
    accounts = sorted(set(movement) | set(budget) | set(opening), key=_account_order)
    return [
        TrialBalanceRow(
            account=a,
            name=names.get(a, ""),
            opening=kronor(opening.get(a)),
            movement=kronor(movement.get(a)),
            budget=kronor(budget.get(a)),
        )
        for a in accounts
    ]


def _account_order(account: str):
    return (0, int(account), "") if _number(account) else (1, 0, account)


def file_closing(*, ledger_import: LedgerImport) -> dict[str, dict[str, Decimal]]:
    """The file's own #UB and #RES for its fiscal year, per account."""
    out: dict[str, dict[str, Decimal]] = {"UB": {}, "RES": {}}
    for kind, account, cents in OpeningBalance.objects.filter(
        ledger_import=ledger_import, year=0, kind__in=["UB", "RES"]
    ).values_list("kind", "account", "cents"):
        out[kind][account] = out[kind].get(account, Decimal(0)) + kronor(cents)
    return out


def latest_month(*, organisation: Organisation) -> tuple[int, int] | None:
    """The latest month with booked figures in the current imports."""
    period = _booked_periods(organisation).first()
    if period is None:
        return None
    return period // 100, period % 100


def latest_budgeted_month(*, organisation: Organisation) -> tuple[int, int] | None:
    """The latest month with booked figures that also has a budget (the ledger's or a decided
    operating budget), so a result can be set against it; failing that, the latest booked
    month."""
    booked = list(_booked_periods(organisation).distinct()[:36])
    if not booked:
        return None
    budgeted = set(
        LedgerBalance.objects.filter(
            ledger_import__organisation=organisation,
            ledger_import__status=LedgerImport.Status.CURRENT,
            kind="budget",
            year=0,
            period__in=booked,
        )
        .values_list("period", flat=True)
        .distinct()
    )
    budgeted |= {
        year * 100 + month
        for year, month in OperatingBudget.objects.filter(
            organisation=organisation, year__in={p // 100 for p in booked}
        ).values_list("year", "lines__month")
        if month is not None
    }
    period = next((p for p in booked if p in budgeted), booked[0])
    return period // 100, period % 100


def last_booked_month(*, organisation: Organisation, year: int) -> int | None:
    """The last month of ``year`` with booked figures in the current imports (1–12), or
    ``None`` if nothing of the year is booked: a report for a later month compares actuals and
    budget through this one (docs/ledger.md, "Months not yet booked")."""
    period = (
        _booked_periods(organisation)
        .filter(period__gte=year * 100, period__lte=year * 100 + 12)
        .first()
    )
    return None if period is None else period % 100


def _booked_periods(organisation: Organisation) -> QuerySet:
    """The periods (YYYYMM) with booked figures in the current imports, latest first."""
    return (
        LedgerBalance.objects.filter(
            ledger_import__organisation=organisation,
            ledger_import__status=LedgerImport.Status.CURRENT,
            kind="actual",
            year=0,
        )
        .order_by("-period")
        .values_list("period", flat=True)
    )


def imports_list(*, organisation: Organisation) -> QuerySet[LedgerImport]:
    return LedgerImport.objects.filter(organisation=organisation).select_related(
        "imported_by", "superseded_by"
    )


def import_check(*, ledger_import: LedgerImport) -> dict:
    """The trial balance through the fiscal year's last month against the file's own #UB and
    #RES: the accounts where they differ."""
    own = file_closing(ledger_import=ledger_import)
    first = month_key(ledger_import.fiscal_year_start.year, ledger_import.fiscal_year_start.month)
    last = month_key(ledger_import.fiscal_year_end.year, ledger_import.fiscal_year_end.month)
    source = Source(
        (ledger_import.pk,), 0, ledger_import.fiscal_year_start, ledger_import.fiscal_year_end
    )
    movement = _sums(source, first=first, last=last, codes=None, kind="actual")
    opening = dict(
        OpeningBalance.objects.filter(ledger_import=ledger_import, year=0, kind="IB")
        .values("account")
        .annotate(total=Sum("cents"))
        .values_list("account", "total")
    )
    ub_diff = [
        (a, kronor(opening.get(a, 0) + movement.get(a, 0)), v)
        for a, v in sorted(own["UB"].items())
        if kronor(opening.get(a, 0) + movement.get(a, 0)) != v
    ]
    res_diff = [
        (a, kronor(movement.get(a, 0)), v)
        for a, v in sorted(own["RES"].items())
        if kronor(movement.get(a, 0)) != v
    ]
    return {
        "ub_checked": len(own["UB"]),
        "res_checked": len(own["RES"]),
        "ub_diff": ub_diff,
        "res_diff": res_diff,
    }
