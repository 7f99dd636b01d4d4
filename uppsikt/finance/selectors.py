"""Reads of the ledger: year to date per report line, the trial balance, drill-down.

Definitions (docs/definitions.md §2): report sign is the organisation's view (revenue positive, costs
negative), i.e. minus the SIE sign. Variance = actual − budget; variance % = variance / |budget|.
Every figure is summed from whole öre and handed out unrounded as ``Decimal`` kronor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from uppsikt.organisation.models import CostCentre, Organisation, Unit

from .models import (
    Account,
    LedgerBalance,
    LedgerImport,
    OpeningBalance,
    ReportLine,
)

HUNDRED = Decimal(100)


def kronor(cents: int | None) -> Decimal:
    return Decimal(cents or 0) / HUNDRED


def month_key(year: int, month: int) -> int:
    return year * 100 + month


def parse_month(text: str) -> tuple[int, int]:
    """``2024-04`` → ``(2024, 4)``; ValueError for anything else."""
    year_text, _, month_text = text.strip().partition("-")
    year, month = int(year_text), int(month_text)
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise ValueError(text)
    return year, month


def imports_current(*, organisation: Organisation) -> QuerySet[LedgerImport]:
    return LedgerImport.objects.filter(
        organisation=organisation, status=LedgerImport.Status.CURRENT
    )


@dataclass(frozen=True)
class Source:
    """Where the figures of one fiscal year come from: imports and the SIE year number."""

    import_ids: tuple[int, ...]
    year: int
    start: dt.date
    end: dt.date

    def months_through(self, through: int) -> tuple[int, int]:
        return month_key(self.start.year, self.start.month), through


def source_for(*, organisation: Organisation, day: dt.date) -> Source | None:
    """The current imports whose fiscal year holds ``day`` (their year 0); failing that, the
    imports whose previous year holds it (their year −1)."""
    current = imports_current(organisation=organisation)
    own = list(current.filter(fiscal_year_start__lte=day, fiscal_year_end__gte=day))
    if own:
        return Source(tuple(i.pk for i in own), 0, own[0].fiscal_year_start, own[0].fiscal_year_end)
    earlier = list(current.filter(previous_year_start__lte=day, previous_year_end__gte=day))
    if earlier:
        first = earlier[0]
        return Source(
            tuple(i.pk for i in earlier), -1, first.previous_year_start, first.previous_year_end
        )
    return None


def cost_centres_of(unit: Unit | None) -> list[str] | None:
    """The cost-centre codes of a unit's subtree; None for the whole organisation."""
    if unit is None:
        return None
    return list(CostCentre.objects.filter(unit__in=unit.subtree()).values_list("code", flat=True))


class LineMap:
    """Which report line each account belongs to (the organisation's account ranges)."""

    def __init__(self, organisation: Organisation):
        self.lines = list(
            ReportLine.objects.filter(organisation=organisation).prefetch_related("ranges")
        )
        self._ranges = [(r.first, r.last, line) for line in self.lines for r in line.ranges.all()]
        self._cache: dict[str, ReportLine | None] = {}

    def line_of(self, account: str) -> ReportLine | None:
        if account not in self._cache:
            found = None
            for first, last, line in self._ranges:
                if _in_range(account, first, last):
                    found = line
                    break
            self._cache[account] = found
        return self._cache[account]

    def accounts_q(self, line: ReportLine) -> Q:
        q = Q(pk__in=[])
        for r in line.ranges.all():
            q |= Q(account__gte=r.first, account__lte=_upper(r.last))
        return q


def _upper(last: str) -> str:
    # "7999" also covers longer numbers beginning 7999… in string order
    return last + "\uffff"


def _number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts ``²``, which ``int()`` refuses."""
    return text.isascii() and text.isdigit()


def _in_range(account: str, first: str, last: str) -> bool:
    if _number(account) and _number(first) and _number(last):
        width = max(len(first), len(last))
        head = int(account[:width].ljust(width, "0"))
        return int(first) <= head <= int(last)
    return first <= account <= _upper(last)


def _sums(
    source: Source | None,
    *,
    first: int,
    last: int,
    codes: list[str] | None,
    kind: str,
) -> dict[str, int]:
    """Öre per account over months ``first``…``last`` (YYYYMM)."""
    if source is None:
        return {}
    qs = LedgerBalance.objects.filter(
        ledger_import_id__in=source.import_ids,
        year=source.year,
        kind=kind,
        view="main",
        period__gte=first,
        period__lte=last,
    )
    if codes is not None:
        qs = qs.filter(cost_centre__in=codes)
    return dict(qs.values("account").annotate(total=Sum("cents")).values_list("account", "total"))


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
    day = dt.date(year, month, 1)
    source = source_for(organisation=organisation, day=day)
    if source is None:
        return table
    table.fiscal_year = (source.start, source.end)
    codes = cost_centres_of(unit)
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    actual = _sums(source, first=first, last=last, codes=codes, kind="actual")
    budget = _sums(source, first=first, last=last, codes=codes, kind="budget")
    prev_day = dt.date(year - 1, month, 1)
    prev_source = source_for(organisation=organisation, day=prev_day)
    previous: dict[str, int] = {}
    if prev_source is not None:
        table.has_previous = True
        previous = _sums(
            prev_source, first=first - 100, last=last - 100, codes=codes, kind="actual"
        )

    lines = LineMap(organisation)
    per_line: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    unmapped: set[str] = set()
    for index, figures in enumerate((actual, budget, previous)):
        for account, cents in figures.items():
            line = lines.line_of(account)
            if line is None:
                if cents and not account.startswith(("1", "2", "80", "81", "82", "83", "88", "89")):
                    unmapped.add(account)
                continue
            per_line[line.pk][index] += cents
    table.unmapped_accounts = sorted(unmapped)
    if unit is not None and source.year == 0:
        # a unit with a decided operating budget is measured against it, not #PBUDGET
        revision = operating_budget_current(unit=unit, year=year)
        if revision is not None:
            table.budget_revision = revision
            for figures in per_line.values():
                figures[1] = 0
            for line_id, cents in revision.lines.filter(
                month__gte=source.start.month if source.start.year == year else 1, month__lte=month
            ).values_list("report_line_id", "cents"):
                per_line[line_id][1] -= cents  # report sign → SIE sign, as the ledger's figures

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
        row = make(line.code, line.name, cents)
        if line.kind == ReportLine.Kind.INTERNAL_FUNDING:
            funding_rows.append(row)
        else:
            table.rows.append(row)
            net = [n + c for n, c in zip(net, cents, strict=True)]
        result = [r + c for r, c in zip(result, cents, strict=True)]
    table.rows.append(make("net", "Nettokostnad", net, kind="subtotal"))
    if funding_rows:
        table.rows.extend(funding_rows)
        table.rows.append(make("result", "Resultat", result, kind="subtotal"))
    return table


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
    from django.conf import settings

    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is None or source.year != 0:
        return [], 0
    files = [
        settings.UPPSIKT_LEDGER_DIR / name
        for name in LedgerImport.objects.filter(pk__in=source.import_ids)
        .exclude(transactions_file="")
        .values_list("transactions_file", flat=True)
    ]
    files = [str(f / "*.parquet") for f in files if f.is_dir()]
    if not files:
        return [], 0
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    query = pl.scan_parquet(files).filter(
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
    period = (
        LedgerBalance.objects.filter(
            ledger_import__organisation=organisation,
            ledger_import__status=LedgerImport.Status.CURRENT,
            kind="actual",
            year=0,
        )
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    if period is None:
        return None
    return period // 100, period % 100


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


# --------------------------------------------------------------------------------------------
# Capital projects

# Spending on a capital project is booked on fixed-asset accounts with the project's code in
# dimension 6 (Region-Bas: intangible and tangible fixed assets).
INVESTMENT_ACCOUNTS = ("1000", "1299")


def capital_budget(*, organisation: Organisation, years: list[int], upto=None) -> dict:
    """(project id, year) → öre: per project and year, the latest revision (up to and including
    the revision ``upto``, if given) that states it."""
    from .models import CapitalBudgetLine

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
    from .models import CapitalForecast, CapitalProject

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
    for forecast in CapitalForecast.objects.filter(
        project__in=projects, year=year, as_of__lte=month_key(year, month)
    ).order_by("as_of"):
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
            )
        )
    return rows


def capital_plan(*, organisation: Organisation, first_year: int, years: int = 3) -> dict:
    """The multi-year capital budget as each revision left it: for every revision, the budget of
    each project and year in force right after it."""
    from .models import CapitalBudgetRevision, CapitalProject

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


# --------------------------------------------------------------------------------------------
# Operating budget and forecasts (report sign, per report line)


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
    from .models import OperatingBudget

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
    from .models import Forecast

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
    from .models import Forecast

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
                name=line.name,
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
    out = [*operating, subtotal("net", "Nettokostnad", operating)]
    if funding:
        out += [*funding, subtotal("result", "Resultat", rows)]
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
    from .models import BusinessLine, BusinessLineForecast

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


def operating_budget_history(*, organisation: Organisation, unit: Unit, year: int) -> list[dict]:
    """Every decided revision of the unit's operating budget for the year, oldest first, with
    its annual amount per report line and the net (report sign, unrounded kronor)."""
    from .models import OperatingBudget

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
