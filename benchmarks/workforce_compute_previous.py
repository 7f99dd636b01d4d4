"""The previous staff-indicator computation (one dictionary look-up per unit, window and group),
kept unchanged as the reference that benchmarks/workforce_compute.py measures against.

The staff indicators of docs/definitions.md §3, computed with Polars over intervals.

Nothing here touches the database: the input is an :class:`HrData` (three data frames and the
date the extract reaches) and the unit tree as ``(code, parent_code)`` pairs; the output is one
:class:`FigureResult` per unit and period, with suppression applied.

How it works, briefly (why the code looks the way it does):

* Dates become day numbers (``Int32``), so every overlap is integer arithmetic.
* Sick records are cut into segments of constant sick extent and merged into runs and spells
  (``sick_spells``), so that each sick day knows its number in the spell.
* Sick hours of a piece on an employment = days in (piece ∩ employment ∩ window) × ordinary
  hours a day × sick extent. Ordinary hours = days in (employment ∩ window) × hours a day.
* Each unit's figure covers its subtree: rows are joined to the unit's ancestors (itself
  included), then grouped by that scope.
* Headcount uses month indices (year × 12 + month − 1); departures look at the permanent
  employments of the same person that are held on any of the 30 days after the end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from uppsikt.workforce.figures import (
    DIMENSIONS,
    SICKNESS_DIMENSIONS,
    TURNOVER_DIMENSIONS,
    FigureResult,
    age_groups,
    empty_sickness,
    empty_turnover,
)
from uppsikt.workforce.hrdata import (
    FORM_HOURLY,
    FORM_PERMANENT,
    HrData,
    Period,
    day_column,
    day_number,
)
from uppsikt.workforce.sick_spells import DAY_RANGES, sick_pieces

OPEN_END = 2_000_000  # a day number far beyond any real date, for an ongoing employment
SUPPRESS_AT_MOST = 10  # a group of 10 or fewer persons is never shown (§4.2 Privacy)
DEPARTURE_DAYS = 30


# --- the unit tree -------------------------------------------------------------------------


def ancestor_table(units: Sequence[tuple[str, str | None]]) -> pl.DataFrame:
    """One row per (unit, scope) where scope is the unit itself or one of its ancestors."""
    parent = {code: parent for code, parent in units}
    rows_unit, rows_scope = [], []
    for code in parent:
        seen = set()
        current: str | None = code
        while current is not None and current not in seen:
            seen.add(current)
            rows_unit.append(code)
            rows_scope.append(current)
            current = parent.get(current)
    return pl.DataFrame({"unit_code": rows_unit, "scope": rows_scope})


# --- preparation ---------------------------------------------------------------------------


def _jobs(data: HrData) -> pl.DataFrame:
    """Employments with day numbers, hours a day and their classes."""
    return (
        data.employments.lazy()
        .select(
            pl.col("employee_id").alias("emp"),
            pl.col("unit_code"),
            day_column("start_date").alias("s"),
            day_column("end_date").fill_null(OPEN_END).alias("e"),
            pl.col("form"),
            pl.when(pl.col("form") == FORM_HOURLY)
            .then(pl.lit(0.0))
            .otherwise(pl.col("weekly_hours") * pl.col("extent") / 100.0 / 7.0)
            .alias("rate"),
            pl.when(pl.col("extent") >= 100)
            .then(pl.lit("full_time"))
            .otherwise(pl.lit("part_time"))
            .alias("extent_group"),
            (pl.col("end_reason") == "pension").fill_null(False).alias("pension"),
        )
        .collect()
    )


# --- the computation -----------------------------------------------------------------------


def _windows(periods: Sequence[Period]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "win": list(range(len(periods))),
            "ws": [day_number(p.window_start) for p in periods],
            "we": [day_number(p.window_end) for p in periods],
            "wyear": [p.year for p in periods],
        },
        schema={"win": pl.Int32, "ws": pl.Int32, "we": pl.Int32, "wyear": pl.Int32},
    )


def _overlap(a_start: str, a_end: str, b_start: str, b_end: str) -> pl.Expr:
    return (
        pl.min_horizontal(pl.col(a_end), pl.col(b_end))
        - pl.max_horizontal(pl.col(a_start), pl.col(b_start))
        + 1
    ).clip(lower_bound=0)


def _with_people(frame: pl.LazyFrame, people: pl.LazyFrame) -> pl.LazyFrame:
    age3, decade = age_groups(pl.col("wyear") - pl.col("birth_year"))
    return frame.join(people, on="emp", how="left").with_columns(age3=age3, decade=decade)


def _sickness_frames(
    jobs: pl.DataFrame,
    pieces: pl.DataFrame,
    windows: pl.DataFrame,
    people: pl.LazyFrame,
    anc: pl.LazyFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(ordinary hours per window, scope, employee and class; sick hours per the same and range)."""
    paid = jobs.lazy().filter(pl.col("rate") > 0)
    ordinary = (
        paid.join(windows.lazy(), how="cross")
        .with_columns(days=_overlap("s", "e", "ws", "we"))
        .filter(pl.col("days") > 0)
        .group_by("win", "wyear", "emp", "unit_code", "extent_group", "form")
        .agg((pl.col("days") * pl.col("rate")).sum().alias("ord"))
    )
    ordinary = _with_people(ordinary, people).join(anc, on="unit_code").collect()

    sick = (
        paid.join(pieces.lazy(), on="emp")
        .with_columns(i_s=pl.max_horizontal("s", "ps"), i_e=pl.min_horizontal("e", "pe"))
        .filter(pl.col("i_s") <= pl.col("i_e"))
        .join(windows.lazy(), how="cross")
        .with_columns(days=_overlap("i_s", "i_e", "ws", "we"))
        .filter(pl.col("days") > 0)
        .group_by("win", "wyear", "emp", "unit_code", "extent_group", "form", "rng", "long")
        .agg((pl.col("days") * pl.col("rate") * pl.col("ext") / 100.0).sum().alias("sick"))
    )
    sick = _with_people(sick, people).join(anc, on="unit_code").collect()
    return ordinary, sick


def _turnover_frames(
    jobs: pl.DataFrame,
    periods: Sequence[Period],
    windows: pl.DataFrame,
    people: pl.LazyFrame,
    anc: pl.LazyFrame,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(month-end headcount rows per window, scope, employee; departures per window, scope)."""
    permanent = jobs.lazy().filter(pl.col("form") == FORM_PERMANENT)
    heads = _headcount_frame(permanent, periods, windows, people, anc)
    departures = _departures_frame(permanent, windows, people, anc)
    return heads, departures


def _headcount_frame(
    permanent: pl.LazyFrame,
    periods: Sequence[Period],
    windows: pl.DataFrame,
    people: pl.LazyFrame,
    anc: pl.LazyFrame,
) -> pl.DataFrame:
    """Per window, scope and employee: the month ends held in a permanent employment."""
    months = sorted({m for p in periods for m in p.month_indices})
    low, high = months[0], months[-1]
    # month index of the first month end on or after s, and the last on or before e
    start_date = pl.from_epoch(pl.col("s").cast(pl.Int64), time_unit="d")
    end_date = pl.from_epoch(
        pl.col("e").clip(upper_bound=day_number(dt.date(2999, 12, 31))).cast(pl.Int64),
        time_unit="d",
    )
    month_of = lambda d: d.dt.year().cast(pl.Int32) * 12 + d.dt.month().cast(pl.Int32) - 1  # noqa: E731
    heads = (
        permanent.with_columns(
            m0=pl.max_horizontal(month_of(start_date), pl.lit(low)),
            m1=pl.min_horizontal(
                month_of(end_date)
                - pl.when(end_date.dt.month_end() == end_date).then(0).otherwise(1),
                pl.lit(high),
            ),
        )
        .filter(pl.col("m0") <= pl.col("m1"))
        .select(
            "emp", "unit_code", pl.int_ranges("m0", pl.col("m1") + 1, dtype=pl.Int32).alias("mi")
        )
        .explode("mi")
        .unique(["emp", "unit_code", "mi"])
        .join(anc, on="unit_code")
        .unique(["emp", "scope", "mi"])
        .select("emp", "scope", "mi")
    )
    win_months = pl.DataFrame(
        {
            "win": [w for w, p in enumerate(periods) for _ in p.month_indices],
            "mi": [m for p in periods for m in p.month_indices],
        },
        schema={"win": pl.Int32, "mi": pl.Int32},
    ).lazy()
    heads = (
        heads.join(win_months, on="mi")
        .group_by("win", "scope", "emp")
        .agg(pl.len().cast(pl.Int32).alias("months"))
        .join(windows.lazy().select("win", "wyear"), on="win")
    )
    heads = _with_people(heads, people).collect()
    return heads


def _departures_frame(
    permanent: pl.LazyFrame, windows: pl.DataFrame, people: pl.LazyFrame, anc: pl.LazyFrame
) -> pl.DataFrame:
    """Per window and scope: the permanent employments ending in the window that are no
    departure from the scope (another permanent employment in it within 30 days), with their
    kind (internal, retirement, external)."""
    # Departures: a permanent employment ending inside some window, per scope.
    first_ws = windows["ws"].min()
    last_we = windows["we"].max()
    ends = permanent.filter((pl.col("e") >= first_ws) & (pl.col("e") <= last_we)).select(
        "emp", "unit_code", "e", "pension"
    )
    ends_scoped = (
        ends.join(anc, on="unit_code").group_by("emp", "e", "scope").agg(pl.col("pension").any())
    )
    # Permanent employments held on any of the 30 days after the end date.
    following = (
        ends.select("emp", "e")
        .unique()
        .join(
            permanent.select(
                "emp",
                pl.col("unit_code").alias("unit2"),
                pl.col("s").alias("s2"),
                pl.col("e").alias("e2"),
            ),
            on="emp",
        )
        .filter((pl.col("s2") <= pl.col("e") + DEPARTURE_DAYS) & (pl.col("e2") >= pl.col("e") + 1))
    )
    held_anywhere = following.group_by("emp", "e").agg(pl.len().alias("n_after"))
    held_in_scope = (
        following.join(anc.rename({"unit_code": "unit2"}), on="unit2")
        .group_by("emp", "e", "scope")
        .agg(pl.len().alias("n_in"))
    )
    departures = (
        ends_scoped.join(held_in_scope, on=["emp", "e", "scope"], how="left")
        .join(held_anywhere, on=["emp", "e"], how="left")
        .filter(pl.col("n_in").is_null())
        .with_columns(
            kind=pl.when(pl.col("n_after").fill_null(0) > 0)
            .then(pl.lit("internal"))
            .when(pl.col("pension"))
            .then(pl.lit("retirement"))
            .otherwise(pl.lit("external"))
        )
        .join(windows.lazy(), how="cross")
        .filter((pl.col("e") >= pl.col("ws")) & (pl.col("e") <= pl.col("we")))
        .select("win", "wyear", "emp", "scope", "kind")
    )
    departures = _with_people(departures, people).collect()
    return departures


def _index(frame: pl.DataFrame, keys: list[str], values: list[str]) -> dict[tuple, tuple]:
    out: dict[tuple, tuple] = {}
    for row in frame.iter_rows(named=True):
        out[tuple(row[k] for k in keys)] = tuple(row[v] for v in values)
    return out


def _dim_sums(
    frame: pl.DataFrame, dim: str, value: str, *, distinct_emp: bool = True
) -> dict[tuple, tuple]:
    keys = ["win", "scope"] + ([dim] if dim else [])
    aggs = [pl.col(value).sum().alias("v")]
    if distinct_emp:
        aggs.append(pl.col("emp").n_unique().alias("n"))
    source = frame.filter(pl.col(dim).is_not_null()) if dim else frame
    grouped = source.group_by(keys).agg(aggs)
    return _index(grouped, keys, ["v", "n"] if distinct_emp else ["v"])


def _shown(size: int) -> bool:
    return size > SUPPRESS_AT_MOST


def _share(part: float, whole: float) -> float:
    return part / whole * 100.0 if whole else 0.0


def compute(
    data: HrData,
    *,
    units: Sequence[tuple[str, str | None]],
    scopes: Sequence[str],
    periods: Sequence[Period],
) -> list[FigureResult]:
    """The figures of every unit in ``scopes`` for every period in ``periods``."""
    periods = list(periods)
    scopes = list(scopes)
    if not periods or not scopes:
        return []
    data, anc_frame, scope_ids = _integer_coded(data, units, scopes)
    anc = anc_frame.lazy()
    windows = _windows(periods)
    people = data.employees.lazy().select(
        pl.col("employee_id").alias("emp"), "gender", "birth_year"
    )
    jobs = _jobs(data)
    pieces = sick_pieces(data.absences)
    sums = _Sums.of(
        *_sickness_frames(jobs, pieces, windows, people, anc),
        *_turnover_frames(jobs, periods, windows, people, anc),
    )
    results = []
    for win, period in enumerate(periods):
        provisional = data.covers_until < period.window_end + dt.timedelta(days=DEPARTURE_DAYS)
        for scope_code in scopes:
            results.append(
                _figure_result(sums, win, scope_ids[scope_code], scope_code, period, provisional)
            )
    return results


@dataclass
class _Sums:
    """The computation's sums, each looked up by (window, scope) or (window, scope, group)."""

    ord_total: dict[tuple, tuple]
    sick_total: dict[tuple, tuple]
    sick_ranges: dict[tuple, tuple]
    sick_long: dict[tuple, tuple]
    ord_dims: dict[str, dict[tuple, tuple]]
    sick_dims: dict[str, dict[tuple, tuple]]
    head_total: dict[tuple, tuple]
    head_dims: dict[str, dict[tuple, tuple]]
    dep_total: dict[tuple, tuple]
    dep_kinds: dict[tuple, tuple]
    dep_dims: dict[str, dict[tuple, tuple]]

    @classmethod
    def of(
        cls,
        ordinary: pl.DataFrame,
        sick: pl.DataFrame,
        heads: pl.DataFrame,
        departures: pl.DataFrame,
    ) -> _Sums:
        def head_stats(dim: str) -> dict[tuple, tuple]:
            keys = ["win", "scope"] + ([dim] if dim else [])
            source = heads.filter(pl.col(dim).is_not_null()) if dim else heads
            # one row per window, scope and employee: months present, and the person
            grouped = source.group_by(keys).agg(
                pl.col("months").sum().alias("rows"), pl.len().alias("n")
            )
            return _index(grouped, keys, ["rows", "n"])

        def departure_counts(dim: str) -> dict[tuple, tuple]:
            keys = ["win", "scope"] + ([dim] if dim else [])
            source = departures.filter(pl.col(dim).is_not_null()) if dim else departures
            return _index(source.group_by(keys).agg(pl.len().alias("n")), keys, ["n"])

        return cls(
            ord_total=_dim_sums(ordinary, "", "ord"),
            sick_total=_dim_sums(sick, "", "sick", distinct_emp=False),
            sick_ranges=_index(
                sick.group_by("win", "scope", "rng").agg(pl.col("sick").sum()),
                ["win", "scope", "rng"],
                ["sick"],
            ),
            sick_long=_index(
                sick.filter(pl.col("long")).group_by("win", "scope").agg(pl.col("sick").sum()),
                ["win", "scope"],
                ["sick"],
            ),
            ord_dims={
                name: _dim_sums(ordinary, DIMENSIONS[name][0], "ord")
                for name in SICKNESS_DIMENSIONS
            },
            sick_dims={
                name: _dim_sums(sick, DIMENSIONS[name][0], "sick", distinct_emp=False)
                for name in SICKNESS_DIMENSIONS
            },
            head_total=head_stats(""),
            head_dims={name: head_stats(DIMENSIONS[name][0]) for name in TURNOVER_DIMENSIONS},
            dep_total=departure_counts(""),
            dep_kinds=_index(
                departures.group_by("win", "scope", "kind").agg(pl.len().alias("n")),
                ["win", "scope", "kind"],
                ["n"],
            ),
            dep_dims={name: departure_counts(DIMENSIONS[name][0]) for name in TURNOVER_DIMENSIONS},
        )


def _figure_result(
    sums: _Sums, win: int, scope: int, scope_code: str, period: Period, provisional: bool
) -> FigureResult:
    key = (win, scope)
    ordinary_hours, persons = sums.ord_total.get(key, (0.0, 0))
    rows, head_persons = sums.head_total.get(key, (0, 0))
    figures = {
        "unit": scope_code,
        "window_start": period.window_start.isoformat(),
        "window_end": period.window_end.isoformat(),
        "provisional": provisional,
        "sickness": _sickness_block(sums, win, scope) if _shown(persons) else empty_sickness(),
        "turnover": _turnover_block(sums, win, scope) if _shown(head_persons) else empty_turnover(),
    }
    return FigureResult(
        unit=scope_code,
        period=period,
        figures=figures,
        sizes={
            "sickness": persons if _shown(persons) else None,
            "turnover": head_persons if _shown(head_persons) else None,
        },
        exposure={
            "sickness": (persons, (ordinary_hours,)),
            "turnover": (
                head_persons,
                (float(rows), float(sums.dep_total.get(key, (0,))[0])),
            ),
        },
    )


def _sickness_block(sums: _Sums, win: int, scope: int) -> dict[str, Any]:
    key = (win, scope)
    ordinary_hours, _persons = sums.ord_total.get(key, (0.0, 0))
    sick_hours = sums.sick_total.get(key, (0.0,))[0]
    sickness: dict[str, Any] = {
        "total": _share(sick_hours, ordinary_hours),
        **{
            name: _share(sums.sick_ranges.get((win, scope, index), (0.0,))[0], ordinary_hours)
            for index, (name, _lo, _hi) in enumerate(DAY_RANGES)
        },
        "long_term_share": _share(sums.sick_long.get(key, (0.0,))[0], sick_hours),
        "sick_hours": sick_hours,
        "ordinary_hours": ordinary_hours,
    }
    for name in SICKNESS_DIMENSIONS:
        cells = {}
        for group in DIMENSIONS[name][1]:
            g_ord, g_n = sums.ord_dims[name].get((win, scope, group), (0.0, 0))
            g_sick = sums.sick_dims[name].get((win, scope, group), (0.0,))[0]
            cells[group] = _share(g_sick, g_ord) if _shown(g_n) else None
        sickness[name] = cells
    return sickness


def _turnover_block(sums: _Sums, win: int, scope: int) -> dict[str, Any]:
    key = (win, scope)
    rows, _persons = sums.head_total.get(key, (0, 0))
    average = rows / 12.0
    count = sums.dep_total.get(key, (0,))[0]
    turnover: dict[str, Any] = {
        "total": _share(count, average),
        **{
            kind: _share(sums.dep_kinds.get((win, scope, kind), (0,))[0], average)
            for kind in ("retirement", "internal", "external")
        },
        "departures": count,
        "average_headcount": average,
    }
    for name in TURNOVER_DIMENSIONS:
        cells = {}
        for group in DIMENSIONS[name][1]:
            g_rows, g_n = sums.head_dims[name].get((win, scope, group), (0, 0))
            g_dep = sums.dep_dims[name].get((win, scope, group), (0,))[0]
            cells[group] = _share(g_dep, g_rows / 12.0) if _shown(g_n) else None
        turnover[name] = cells
    return turnover


def _integer_coded(
    data: HrData, units: Sequence[tuple[str, str | None]], scopes: Sequence[str]
) -> tuple[HrData, pl.DataFrame, dict[str, int]]:
    """Employees and units as integers (smaller, faster joins); the ancestor table limited to
    the scopes asked for."""
    codes = sorted(
        {code for code, _parent in units}
        | set(scopes)
        | set(data.employments["unit_code"].drop_nulls().unique().to_list())
    )
    unit_ids = {code: index for index, code in enumerate(codes)}
    unit_map = pl.DataFrame(
        {"unit_code": codes, "uid": list(range(len(codes)))},
        schema={"unit_code": pl.String, "uid": pl.Int32},
    )
    people = (
        data.employees.select("employee_id")
        .unique()
        .with_row_index("eid")
        .with_columns(pl.col("eid").cast(pl.Int32))
    )

    def coded(frame: pl.DataFrame) -> pl.DataFrame:
        out = frame.join(people, on="employee_id", how="inner").drop("employee_id")
        out = out.rename({"eid": "employee_id"})
        if "unit_code" in frame.columns:
            out = out.join(unit_map, on="unit_code", how="inner").drop("unit_code")
            out = out.rename({"uid": "unit_code"})
        return out

    anc = ancestor_table(units).filter(pl.col("scope").is_in(list(scopes)))
    anc = pl.DataFrame(
        {
            "unit_code": [unit_ids[c] for c in anc["unit_code"].to_list()],
            "scope": [unit_ids[c] for c in anc["scope"].to_list()],
        },
        schema={"unit_code": pl.Int32, "scope": pl.Int32},
    )
    coded_data = HrData(
        employees=coded(data.employees),
        employments=coded(data.employments),
        absences=coded(data.absences),
        covers_until=data.covers_until,
    )
    return coded_data, anc, {code: unit_ids[code] for code in scopes}
