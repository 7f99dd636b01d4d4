"""Reads of the Kolada comparison: an indicator's comparison and its values as a table and a
series over the years (docs/kolada.md)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from uppsikt.planning.models import Indicator

from .models import Comparison, KoladaValue


@dataclass
class Row:
    """One municipality or region in the comparison's latest year."""

    municipality_id: str
    name: str
    own: bool
    total: Decimal | None = None
    women: Decimal | None = None
    men: Decimal | None = None
    status: str = ""
    rank: int | None = None  # 1 = the best, as the indicator's direction says
    in_group: bool = False  # a member of the comparison's Kolada group


@dataclass
class ComparisonTable:
    comparison: Comparison
    year: int | None  # the latest year with a value of ours or a peer's
    rows: list[Row] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    own_series: list[Decimal | None] = field(default_factory=list)
    peer_median: list[Decimal | None] = field(default_factory=list)
    own_name: str = ""
    ranked: int = 0  # how many have a value in the latest year


def comparison_of(indicator: Indicator) -> Comparison | None:
    return Comparison.objects.filter(indicator=indicator).first()


def report_comparison(indicator: Indicator | None) -> ComparisonTable | None:
    """The comparison a report shows beside the indicator: only one chosen for the reports
    (``in_reports``) and with values."""
    if indicator is None:
        return None
    comparison = (
        Comparison.objects.select_related("indicator")
        .filter(indicator=indicator, in_reports=True)
        .first()
    )
    if comparison is None:
        return None
    table = comparison_table(comparison)
    return table if table.rows else None


def _median(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)) if values else None


def comparison_table(comparison: Comparison) -> ComparisonTable:
    """The comparison's stored values (one query): the latest year per municipality with the
    genders, ranked by the indicator's direction, and ours beside the peers' median per year."""
    ids = comparison.municipality_ids()
    values = list(
        KoladaValue.objects.filter(
            organisation_id=comparison.organisation_id,
            kpi=comparison.kpi,
            municipality_id__in=ids,
            year__gte=comparison.first_year,
            year__lte=comparison.last_year,
        )
    )
    names = {v.municipality_id: v.municipality_name for v in values}
    totals = {(v.municipality_id, v.year): v.value for v in values if v.gender == "T"}
    with_value = sorted({y for (_m, y), val in totals.items() if val is not None})
    table = ComparisonTable(
        comparison=comparison,
        year=with_value[-1] if with_value else None,
        years=with_value,
        own_name=names.get(comparison.own_id, comparison.own_id),
    )
    for year in with_value:
        table.own_series.append(totals.get((comparison.own_id, year)))
        peers = [
            totals[(m, year)]
            for m in ids
            if m != comparison.own_id and totals.get((m, year)) is not None
        ]
        table.peer_median.append(_median(peers))
    if table.year is None:
        return table
    members = set(comparison.group_member_ids)
    by_id = {m: Row(m, names.get(m, m), m == comparison.own_id, in_group=m in members) for m in ids}
    for v in values:
        if v.year != table.year:
            continue
        row = by_id[v.municipality_id]
        setattr(row, {"T": "total", "K": "women", "M": "men"}[v.gender], v.value)
        if v.gender == "T":
            row.status = v.status
    lower_better = comparison.indicator.direction == Indicator.Direction.LOWER
    present = sorted(
        (r for r in by_id.values() if r.total is not None),
        key=lambda r: (r.total if lower_better else -r.total, r.name),
    )
    for position, row in enumerate(present, start=1):
        row.rank = position
    missing = sorted((r for r in by_id.values() if r.total is None), key=lambda r: r.name)
    table.rows = present + missing
    table.ranked = len(present)
    return table
