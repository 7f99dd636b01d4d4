"""The voucher drill-down: the bookings behind one account of a report line (docs/ledger.md,
Drill-down), filtered, sorted, paged and totalled, in the report lines' sign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from uppsikt.organisation.models import CostCentre, Organisation, Unit

from .. import ledger_store
from ..models import LedgerImport
from ._base import cost_centres_of, kronor, month_key, source_for

PER_PAGE = 50
# sort key → the transaction file's columns, in order
SORTS = {
    "datum": ("date", "period", "voucher_seq", "line"),
    "belopp": ("cents", "period", "voucher_seq", "line"),
    "konto": ("account", "period", "voucher_seq", "line"),
    "verifikation": ("series", "voucher_seq", "line"),
}


@dataclass
class VoucherPage:
    """One page of bookings. ``amount`` of each row and ``total`` are in report sign (the SIE
    amount negated: a cost is negative, as on the report lines); ``total`` and ``count`` are of
    every row the filters leave, not only this page's."""

    rows: list[dict] = field(default_factory=list)
    count: int = 0
    total: Decimal = Decimal(0)
    page: int = 1
    pages: int = 1
    cost_centres: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    periods: list[tuple[int, int]] = field(default_factory=list)  # (year, month)

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.count else 0

    @property
    def last(self) -> int:
        return min(self.page * PER_PAGE, self.count)


def _rows(source):
    """The voucher rows of the source's imports (a lazy frame), None when none are kept."""
    names = (
        LedgerImport.objects.filter(pk__in=source.import_ids)
        .exclude(transactions_file="")
        .values_list("transactions_file", flat=True)
    )
    return ledger_store.scan(list(names))


def _periods(start: dt.date, year: int, month: int) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (year, month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _cost_centre_names(organisation: Organisation, codes) -> list[tuple[str, str]]:
    names = dict(
        CostCentre.objects.filter(organisation=organisation, code__in=list(codes)).values_list(
            "code", "name"
        )
    )
    return [(code, names.get(code, "")) for code in sorted(codes)]


def voucher_page(  # noqa: PLR0913 - the drill-down's filters, each keyword-only
    *,
    organisation: Organisation,
    unit: Unit | None,
    year: int,
    month: int,
    account: str,
    cost_centre: str = "",
    period: tuple[int, int] | None = None,
    sort: str = "datum",
    descending: bool = False,
    page: int = 1,
) -> VoucherPage:
    """The bookings on ``account`` from the fiscal year's start through ``year``-``month``, within
    ``unit``'s cost centres (all for the whole organisation), optionally of one cost centre and
    one month. A page beyond the last gives the last; an unknown sort sorts by date."""
    import polars as pl

    source = source_for(organisation=organisation, day=dt.date(year, month, 1))
    if source is None or source.year != 0:
        return VoucherPage()
    rows = _rows(source)
    periods = _periods(source.start, year, month)
    if rows is None:
        return VoucherPage(periods=periods)
    first, last = month_key(source.start.year, source.start.month), month_key(year, month)
    query = rows.filter(
        (pl.col("kind") == "T")
        & (pl.col("account") == account)
        & pl.col("period").is_between(first, last)
    )
    codes = cost_centres_of(unit)
    if codes is not None:
        query = query.filter(pl.col("cost_centre").is_in(codes))
    found = query.collect()
    present = {c for c in found.get_column("cost_centre").to_list() if c}
    if cost_centre:
        found = found.filter(pl.col("cost_centre") == cost_centre)
    if period is not None:
        found = found.filter(pl.col("period") == month_key(*period))
    columns = SORTS.get(sort, SORTS["datum"])
    # report sign: the larger cost (SIE debit) is the more negative amount
    found = found.with_columns((-pl.col("cents")).alias("cents")).sort(
        list(columns), descending=descending, nulls_last=True
    )
    count = found.height
    pages = max(1, -(-count // PER_PAGE))
    page = min(max(1, page), pages)
    rows = found.slice((page - 1) * PER_PAGE, PER_PAGE).to_dicts()
    for r in rows:
        r["amount"] = kronor(r.pop("cents"))
    return VoucherPage(
        rows=rows,
        count=count,
        total=kronor(int(found.get_column("cents").sum() or 0)),
        page=page,
        pages=pages,
        cost_centres=_cost_centre_names(organisation, present),
        periods=periods,
    )
