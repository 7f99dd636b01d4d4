"""The staff indicators of docs/definitions.md §3, computed with Polars over intervals.

Nothing here touches the database: the input is an :class:`HrData` (three data frames and the
date the extract reaches) and the unit tree as ``(code, parent_code)`` pairs; the output is one
:class:`FigureResult` per unit and period, with suppression applied.

How it works, briefly (why the code looks the way it does):

* Dates become day numbers (``Int32``), so every overlap is integer arithmetic.
* Sick records are cut into segments of constant sick extent (the largest extent of the records
  covering the segment). Records that overlap no other record are segments already; only
  overlapping clusters are cut at their breakpoints.
* Segments are merged into *runs* (consecutive sick days, no gap) and runs into *spells*
  (a run continues the spell when its first day minus the previous run's last day is at most 5).
  The day number of a day is the spell's sick days before the run plus the day's place in the
  run, so each segment splits into at most three pieces (days 1–14, 15–90, 91+).
* Sick hours of a piece on an employment = days in (piece ∩ employment ∩ window) × ordinary
  hours a day × sick extent. Ordinary hours = days in (employment ∩ window) × hours a day.
* Each unit's figure covers its subtree: rows are joined to the unit's ancestors (itself
  included), then grouped by that scope.
* Headcount uses month indices (year × 12 + month − 1); departures look at the permanent
  employments of the same person that are held on any of the 30 days after the end date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

EPOCH = dt.date(1970, 1, 1)
OPEN_END = 2_000_000  # a day number far beyond any real date, for an ongoing employment
SUPPRESS_AT_MOST = 10  # a group of 10 or fewer persons is never shown (§4.2 Privacy)
DEPARTURE_DAYS = 30
RELAPSE_DAYS = 5
LONG_TERM_RUN = 60
DAY_RANGES = (("days_1_14", 1, 14), ("days_15_90", 15, 90), ("days_91_plus", 91, 10**9))

FORM_PERMANENT = "tillsvidare"
FORM_FIXED_TERM = "visstid"
FORM_HOURLY = "timavlönad"
FORMS = (FORM_PERMANENT, FORM_FIXED_TERM, FORM_HOURLY)

GENDERS = ("K", "M")
AGE_GROUPS = ("-29", "30-49", "50-")
AGE_DECADES = ("-29", "30-39", "40-49", "50-59", "60-69", "70-")
EXTENT_GROUPS = ("full_time", "part_time")
FORM_GROUPS = (FORM_PERMANENT, FORM_FIXED_TERM)


def day_number(value: dt.date) -> int:
    return (value - EPOCH).days


def from_day_number(value: int) -> dt.date:
    return EPOCH + dt.timedelta(days=value)


@dataclass(frozen=True)
class Period:
    """A month; its R12 window is the 12 calendar months ending with the month's last day."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        try:
            year, month = (int(part) for part in text.strip().split("-"))
        except ValueError as exc:
            raise ValueError(f"not a period (YYYY-MM): {text!r}") from exc
        if not 1 <= month <= 12 or not 1900 <= year <= 2999:
            raise ValueError(f"not a period (YYYY-MM): {text!r}")
        return cls(year, month)

    @classmethod
    def from_index(cls, index: int) -> Period:
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Period:
        return Period.from_index(self.index + months)

    @property
    def window_end(self) -> dt.date:
        return month_end(self.index)

    @property
    def window_start(self) -> dt.date:
        first = self.shift(-11)
        return dt.date(first.year, first.month, 1)

    @property
    def month_indices(self) -> list[int]:
        return list(range(self.index - 11, self.index + 1))


def month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class HrData:
    """One HR extract, as read and checked by ``importers``.

    employees: employee_id (str), gender (str or null), birth_year (int or null)
    employments: employment_id, employee_id, unit_code (str), start_date, end_date (date or
      null), form (str), weekly_hours, extent (float), end_reason (str or null)
    absences: employee_id (str), start_date, end_date (date), extent (float), kind (str)
    covers_until: the last day the extract's data reaches (for the provisional mark)
    """

    employees: pl.DataFrame
    employments: pl.DataFrame
    absences: pl.DataFrame
    covers_until: dt.date


@dataclass
class FigureResult:
    unit: str
    period: Period
    figures: dict[str, Any]
    # Group sizes of the unit's own blocks (None when suppressed), for the rule that a table of
    # sub-units with exactly one suppressed sub-unit also suppresses the smallest other one.
    sizes: dict[str, int | None] = field(default_factory=dict)
    # Every block's true group size and additive amounts (sickness: ordinary hours; turnover:
    # month-end headcount rows and departures), also when suppressed. Read only by the
    # disclosure control (``disclosure.control``); never stored or shown.
    exposure: dict[str, tuple[int, tuple[float, ...]]] = field(default_factory=dict)


EMPLOYEE_SCHEMA = {"employee_id": pl.String, "gender": pl.String, "birth_year": pl.Int32}
EMPLOYMENT_SCHEMA = {
    "employment_id": pl.String,
    "employee_id": pl.String,
    "unit_code": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "form": pl.String,
    "weekly_hours": pl.Float64,
    "extent": pl.Float64,
    "end_reason": pl.String,
}
ABSENCE_SCHEMA = {
    "employee_id": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "extent": pl.Float64,
    "kind": pl.String,
}


def hr_data_from_rows(
    *,
    employees: Iterable[dict],
    employments: Iterable[dict],
    absences: Iterable[dict],
    covers_until: dt.date,
) -> HrData:
    """Build :class:`HrData` from plain dicts (tests, the generator)."""

    def frame(rows, schema):
        rows = list(rows)
        return pl.DataFrame(
            {name: [row.get(name) for row in rows] for name in schema}, schema=schema
        )

    return HrData(
        employees=frame(employees, EMPLOYEE_SCHEMA),
        employments=frame(employments, EMPLOYMENT_SCHEMA),
        absences=frame(absences, ABSENCE_SCHEMA),
        covers_until=covers_until,
    )


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


def _day(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int32)


def _age_groups(age: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    age3 = (
        pl.when(age <= 29)
        .then(pl.lit("-29"))
        .when(age <= 49)
        .then(pl.lit("30-49"))
        .when(age >= 50)
        .then(pl.lit("50-"))
    )
    decade = (
        pl.when(age <= 29)
        .then(pl.lit("-29"))
        .when(age <= 39)
        .then(pl.lit("30-39"))
        .when(age <= 49)
        .then(pl.lit("40-49"))
        .when(age <= 59)
        .then(pl.lit("50-59"))
        .when(age <= 69)
        .then(pl.lit("60-69"))
        .when(age >= 70)
        .then(pl.lit("70-"))
    )
    return age3, decade


def _jobs(data: HrData) -> pl.DataFrame:
    """Employments with day numbers, hours a day and their classes."""
    return (
        data.employments.lazy()
        .select(
            pl.col("employee_id").alias("emp"),
            pl.col("unit_code"),
            _day("start_date").alias("s"),
            _day("end_date").fill_null(OPEN_END).alias("e"),
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


def sick_pieces(absences: pl.DataFrame) -> pl.DataFrame:
    """Sick days as disjoint pieces of constant extent, each in one day range of its spell.

    Columns: emp, ps, pe (day numbers, inclusive), ext (0–100), rng (0, 1, 2 for days 1–14,
    15–90, 91+), long (the piece belongs to an unbroken run of 60 sick days or more).
    """
    sick = (
        absences.lazy()
        .filter((pl.col("kind") == "sjuk") & (pl.col("extent") > 0))
        .select(
            pl.col("employee_id").alias("emp"),
            _day("start_date").alias("s"),
            _day("end_date").alias("e"),
            pl.col("extent").clip(upper_bound=100.0).alias("ext"),
        )
        .sort("emp", "s", "e")
        .collect()
    )
    empty = pl.DataFrame(
        schema={
            "emp": sick["emp"].dtype,
            "ps": pl.Int32,
            "pe": pl.Int32,
            "ext": pl.Float64,
            "rng": pl.Int32,
            "long": pl.Boolean,
        }
    )
    if sick.is_empty():
        return empty
    # Clusters of overlapping records (adjacent records do not overlap).
    sick = sick.with_columns(
        prev_max=pl.col("e").cum_max().shift(1).over("emp"),
    ).with_columns(
        cl=(pl.col("prev_max").is_null() | (pl.col("s") > pl.col("prev_max")))
        .cast(pl.Int64)
        .cum_sum(),
    )
    sick = sick.with_columns(n=pl.len().over("cl"))
    single = sick.filter(pl.col("n") == 1).select(
        "emp", pl.col("s").alias("ss"), pl.col("e").alias("se"), "ext"
    )
    multi = sick.filter(pl.col("n") > 1).select("emp", "cl", "s", "e", "ext")
    if not multi.is_empty():
        points = (
            pl.concat(
                [
                    multi.select("cl", pl.col("s").alias("d")),
                    multi.select("cl", (pl.col("e") + 1).alias("d")),
                ]
            )
            .unique()
            .sort("cl", "d")
        )
        segments = (
            points.with_columns(d2=(pl.col("d").shift(-1).over("cl") - 1))
            .drop_nulls("d2")
            .rename({"d": "ss", "d2": "se"})
        )
        cut = (
            segments.join(multi, on="cl")
            .filter((pl.col("s") <= pl.col("ss")) & (pl.col("e") >= pl.col("se")))
            .group_by("emp", "ss", "se")
            .agg(pl.col("ext").max())
        )
        single = pl.concat([single, cut.select("emp", "ss", "se", "ext")])
    seg = single.sort("emp", "ss")
    # Runs: consecutive sick days without a gap.
    seg = seg.with_columns(
        new_run=(pl.col("emp") != pl.col("emp").shift(1)).fill_null(True)
        | (pl.col("ss") > pl.col("se").shift(1) + 1).fill_null(True)
    ).with_columns(run=pl.col("new_run").cast(pl.Int64).cum_sum())
    runs = (
        seg.group_by("run", maintain_order=True)
        .agg(pl.col("emp").first(), pl.col("ss").min().alias("rs"), pl.col("se").max().alias("re"))
        .with_columns(rlen=pl.col("re") - pl.col("rs") + 1)
    )
    # Spells: a run continues the previous run's spell when first day − last day ≤ 5.
    runs = runs.with_columns(
        new_spell=(pl.col("emp") != pl.col("emp").shift(1)).fill_null(True)
        | ((pl.col("rs") - pl.col("re").shift(1)) > RELAPSE_DAYS).fill_null(True)
    ).with_columns(spell=pl.col("new_spell").cast(pl.Int64).cum_sum())
    runs = runs.with_columns(
        before=(pl.col("rlen").cum_sum().over("spell") - pl.col("rlen")),
        long=pl.col("rlen") >= LONG_TERM_RUN,
    ).with_columns(
        # day number of day d is base + d
        base=pl.col("before") - pl.col("rs") + 1,
    )
    seg = seg.join(runs.select("run", "base", "long"), on="run")
    pieces = []
    for index, (_name, low, high) in enumerate(DAY_RANGES):
        pieces.append(
            seg.select(
                "emp",
                pl.max_horizontal(pl.col("ss"), pl.lit(low) - pl.col("base"))
                .cast(pl.Int32)
                .alias("ps"),
                pl.min_horizontal(pl.col("se"), pl.lit(min(high, 10**8)) - pl.col("base"))
                .cast(pl.Int32)
                .alias("pe"),
                "ext",
                pl.lit(index, dtype=pl.Int32).alias("rng"),
                "long",
            ).filter(pl.col("ps") <= pl.col("pe"))
        )
    return pl.concat(pieces)


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
    age3, decade = _age_groups(pl.col("wyear") - pl.col("birth_year"))
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
    return heads, departures


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


DIMENSIONS = {
    "by_gender": ("gender", GENDERS),
    "by_age": ("age3", AGE_GROUPS),
    "by_age_decade": ("decade", AGE_DECADES),
    "by_extent": ("extent_group", EXTENT_GROUPS),
    "by_form": ("form", FORM_GROUPS),
}
SICKNESS_DIMENSIONS = ("by_gender", "by_age", "by_age_decade", "by_extent", "by_form")
TURNOVER_DIMENSIONS = ("by_gender", "by_age", "by_age_decade")


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
    ordinary, sick = _sickness_frames(jobs, pieces, windows, people, anc)
    heads, departures = _turnover_frames(jobs, periods, windows, people, anc)

    ord_total = _dim_sums(ordinary, "", "ord")
    sick_total = _dim_sums(sick, "", "sick", distinct_emp=False)
    sick_ranges = _index(
        sick.group_by("win", "scope", "rng").agg(pl.col("sick").sum()),
        ["win", "scope", "rng"],
        ["sick"],
    )
    sick_long = _index(
        sick.filter(pl.col("long")).group_by("win", "scope").agg(pl.col("sick").sum()),
        ["win", "scope"],
        ["sick"],
    )
    ord_dims = {
        name: _dim_sums(ordinary, DIMENSIONS[name][0], "ord") for name in SICKNESS_DIMENSIONS
    }
    sick_dims = {
        name: _dim_sums(sick, DIMENSIONS[name][0], "sick", distinct_emp=False)
        for name in SICKNESS_DIMENSIONS
    }

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

    head_total = head_stats("")
    head_dims = {name: head_stats(DIMENSIONS[name][0]) for name in TURNOVER_DIMENSIONS}
    dep_total = departure_counts("")
    dep_kinds = _index(
        departures.group_by("win", "scope", "kind").agg(pl.len().alias("n")),
        ["win", "scope", "kind"],
        ["n"],
    )
    dep_dims = {name: departure_counts(DIMENSIONS[name][0]) for name in TURNOVER_DIMENSIONS}

    results = []
    covers = data.covers_until
    for win, period in enumerate(periods):
        provisional = covers < period.window_end + dt.timedelta(days=DEPARTURE_DAYS)
        for scope_code in scopes:
            scope = scope_ids[scope_code]
            key = (win, scope)
            # sickness
            ordinary_hours, persons = ord_total.get(key, (0.0, 0))
            sick_hours = sick_total.get(key, (0.0,))[0]
            sickness: dict[str, Any]
            if _shown(persons):
                sickness = {
                    "total": _share(sick_hours, ordinary_hours),
                    **{
                        name: _share(
                            sick_ranges.get((win, scope, index), (0.0,))[0], ordinary_hours
                        )
                        for index, (name, _lo, _hi) in enumerate(DAY_RANGES)
                    },
                    "long_term_share": _share(sick_long.get(key, (0.0,))[0], sick_hours),
                    "sick_hours": sick_hours,
                    "ordinary_hours": ordinary_hours,
                }
                for name in SICKNESS_DIMENSIONS:
                    cells = {}
                    for group in DIMENSIONS[name][1]:
                        g_ord, g_n = ord_dims[name].get((win, scope, group), (0.0, 0))
                        g_sick = sick_dims[name].get((win, scope, group), (0.0,))[0]
                        cells[group] = _share(g_sick, g_ord) if _shown(g_n) else None
                    sickness[name] = cells
            else:
                sickness = _empty_sickness()
            # turnover
            rows, head_persons = head_total.get(key, (0, 0))
            turnover: dict[str, Any]
            if _shown(head_persons):
                average = rows / 12.0
                count = dep_total.get(key, (0,))[0]
                turnover = {
                    "total": _share(count, average),
                    **{
                        kind: _share(dep_kinds.get((win, scope, kind), (0,))[0], average)
                        for kind in ("retirement", "internal", "external")
                    },
                    "departures": count,
                    "average_headcount": average,
                }
                for name in TURNOVER_DIMENSIONS:
                    cells = {}
                    for group in DIMENSIONS[name][1]:
                        g_rows, g_n = head_dims[name].get((win, scope, group), (0, 0))
                        g_dep = dep_dims[name].get((win, scope, group), (0,))[0]
                        cells[group] = _share(g_dep, g_rows / 12.0) if _shown(g_n) else None
                    turnover[name] = cells
            else:
                turnover = _empty_turnover()
            figures = {
                "unit": scope_code,
                "window_start": period.window_start.isoformat(),
                "window_end": period.window_end.isoformat(),
                "provisional": provisional,
                "sickness": sickness,
                "turnover": turnover,
            }
            results.append(
                FigureResult(
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
                            (float(rows), float(dep_total.get(key, (0,))[0])),
                        ),
                    },
                )
            )
    return results


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


def _empty_sickness() -> dict[str, Any]:
    block: dict[str, Any] = {
        "total": None,
        **{name: None for name, _lo, _hi in DAY_RANGES},
        "long_term_share": None,
        "sick_hours": None,
        "ordinary_hours": None,
    }
    for name in SICKNESS_DIMENSIONS:
        block[name] = dict.fromkeys(DIMENSIONS[name][1])
    return block


def _empty_turnover() -> dict[str, Any]:
    block: dict[str, Any] = {
        "total": None,
        "retirement": None,
        "internal": None,
        "external": None,
        "departures": None,
        "average_headcount": None,
    }
    for name in TURNOVER_DIMENSIONS:
        block[name] = dict.fromkeys(DIMENSIONS[name][1])
    return block
