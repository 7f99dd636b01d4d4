"""The staff indicators of docs/definitions.md §3, computed with Polars over intervals.

Nothing here touches the database: the input is an :class:`HrData` (three data frames and the
date the extract reaches) and the unit tree as ``(code, parent_code)`` pairs; the output is one
:class:`FigureResult` per unit and period, with suppression applied.

How it works, briefly (why the code looks the way it does):

* Dates become day numbers (``Int32``), so every overlap is integer arithmetic.
* Sick records are cut into segments of constant sick extent and merged into runs and spells
  (``sick_spells``), so that each sick day knows its number in the spell.
* Sick hours of a piece on an employment = days in (piece ∩ employment ∩ window) × ordinary
  hours a day × sick extent. Ordinary hours = days in (employment ∩ window) × hours a day.
* Every window is computed at once: the rows are crossed with all windows first (a unit's
  *contributions*: its employments, sick pieces, month-end spans and ends, clipped to each
  window), then joined to the unit's ancestors (itself included) and grouped by window, scope
  and group, all in one set of Polars queries.
* The sums end in one wide frame (one row per window and scope); percentages, suppression and
  the nested figures are Polars expressions, so Python only wraps each row in a
  :class:`FigureResult`.
* Headcount uses month indices (year × 12 + month − 1) as spans, merged per person and scope;
  departures look at the permanent employments of the same person that are held on any of the
  30 days after the end date.
* :meth:`Computation.fingerprints` hashes each unit's contributions to each window and sums the
  hashes over the subtree, so that a figure whose rows did not change is known without
  computing it (``services``: recomputation after a new extract), and :meth:`Computation.figures`
  computes only the (unit, window) pairs asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import polars as pl

from .figures import (
    DIMENSIONS,
    SICKNESS_DIMENSIONS,
    TURNOVER_DIMENSIONS,
    FigureResult,
    age_groups,
    empty_sickness,
    empty_turnover,
)
from .hrdata import FORM_HOURLY, FORM_PERMANENT, HrData, Period, day_column, day_number
from .sick_spells import DAY_RANGES, LONG_TERM_RUN, RELAPSE_DAYS, sick_pieces

OPEN_END = 2_000_000  # a day number far beyond any real date, for an ongoing employment
SUPPRESS_AT_MOST = 10  # a group of 10 or fewer persons is never shown (§4.2 Privacy)
DEPARTURE_DAYS = 30
# Part of every fingerprint: change it whenever the rules or the shape of the figures change,
# so that no figure computed by an earlier version is taken as current.
ENGINE_VERSION = "2026-12: wide frame, subtree fingerprints"
KINDS = ("retirement", "internal", "external")
_MONTHS = 1_000_000  # more than any month index (year × 12 + month − 1)


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


def _windows(periods: Sequence[Period]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "win": list(range(len(periods))),
            "ws": [day_number(p.window_start) for p in periods],
            "we": [day_number(p.window_end) for p in periods],
            "wyear": [p.year for p in periods],
            "wm": [p.index for p in periods],
        },
        schema={
            "win": pl.Int32,
            "ws": pl.Int32,
            "we": pl.Int32,
            "wyear": pl.Int32,
            "wm": pl.Int32,
        },
    )


def _overlap(a_start: str, a_end: str, b_start: str, b_end: str) -> pl.Expr:
    return (
        pl.min_horizontal(pl.col(a_end), pl.col(b_end))
        - pl.max_horizontal(pl.col(a_start), pl.col(b_start))
        + 1
    ).clip(lower_bound=0)


def _month_spans(permanent: pl.DataFrame, periods: Sequence[Period]) -> pl.DataFrame:
    """Per permanent employment the month ends it holds, as month indices ``m0``–``m1``
    (the first month end on or after the start, the last on or before the end), limited to
    the months of the windows."""
    low = min(p.index for p in periods) - 11
    high = max(p.index for p in periods)
    start_date = pl.from_epoch(pl.col("s").cast(pl.Int64), time_unit="d")
    end_date = pl.from_epoch(
        pl.col("e").clip(upper_bound=day_number(dt.date(2999, 12, 31))).cast(pl.Int64),
        time_unit="d",
    )
    month_of = lambda d: d.dt.year().cast(pl.Int32) * 12 + d.dt.month().cast(pl.Int32) - 1  # noqa: E731
    return (
        permanent.lazy()
        .select(
            "emp",
            "unit_code",
            pl.max_horizontal(month_of(start_date), pl.lit(low, dtype=pl.Int32)).alias("m0"),
            pl.min_horizontal(
                month_of(end_date)
                - pl.when(end_date.dt.month_end() == end_date).then(0).otherwise(1),
                pl.lit(high, dtype=pl.Int32),
            )
            .cast(pl.Int32)
            .alias("m1"),
        )
        .filter(pl.col("m0") <= pl.col("m1"))
        .collect()
    )


def _following(permanent: pl.DataFrame, windows: pl.DataFrame) -> pl.DataFrame:
    """The permanent employments ending in some window, each with the permanent employments of
    the same person held on any of the 30 days after its end (``unit2``, clipped ``s2``–``e2``;
    null when there are none)."""
    ends = permanent.lazy().filter(
        (pl.col("e") >= windows["ws"].min()) & (pl.col("e") <= windows["we"].max())
    )
    after = (
        ends.select("emp", "e")
        .unique()
        .join(
            permanent.lazy().select(
                "emp",
                pl.col("unit_code").alias("unit2"),
                pl.col("s").alias("s2"),
                pl.col("e").alias("e2"),
            ),
            on="emp",
        )
        .filter((pl.col("s2") <= pl.col("e") + DEPARTURE_DAYS) & (pl.col("e2") >= pl.col("e") + 1))
        .select(
            "emp",
            "e",
            "unit2",
            pl.max_horizontal("s2", pl.col("e") + 1).alias("s2"),
            pl.min_horizontal("e2", pl.col("e") + DEPARTURE_DAYS).alias("e2"),
        )
    )
    return (
        ends.select("emp", "unit_code", "e", "pension")
        .join(after, on=["emp", "e"], how="left")
        .collect()
    )


# --- the computation -----------------------------------------------------------------------


class Computation:
    """One extract's staff figures for a set of periods, every unit's rows crossed with every
    window once; :meth:`figures` aggregates them for the (unit, window) pairs asked for,
    :meth:`fingerprints` tells which pairs' inputs changed."""

    def __init__(
        self,
        data: HrData,
        *,
        units: Sequence[tuple[str, str | None]],
        periods: Sequence[Period],
        scopes: Sequence[str] | None = None,
    ):
        self.units = [(code, parent) for code, parent in units]
        self.periods = list(periods)
        self.scopes = list(scopes) if scopes is not None else [c for c, _p in self.units]
        self.covers_until = data.covers_until
        coded, self.anc, self.unit_ids, self.people = _integer_coded(data, self.units, self.scopes)
        self.scope_ids = {code: self.unit_ids[code] for code in self.scopes}
        self.codes = {index: code for code, index in self.scope_ids.items()}
        self.computed = 0  # (unit, window) pairs aggregated so far
        if not self.periods or not self.scopes:
            return
        self.windows = _windows(self.periods)
        jobs = _jobs(coded)
        paid = jobs.lazy().filter(pl.col("rate") > 0)
        windows = self.windows.lazy()
        self.ordinary, self.sick = pl.collect_all(
            [
                paid.join(windows, how="cross")
                .with_columns(
                    cs=pl.max_horizontal("s", "ws"),
                    ce=pl.min_horizontal("e", "we"),
                )
                .filter(pl.col("cs") <= pl.col("ce"))
                .select(
                    "win",
                    "wyear",
                    "emp",
                    "unit_code",
                    "extent_group",
                    "form",
                    "rate",
                    "cs",
                    "ce",
                    ((pl.col("ce") - pl.col("cs") + 1) * pl.col("rate")).alias("ord"),
                ),
                paid.join(sick_pieces(coded.absences).lazy(), on="emp")
                .with_columns(i_s=pl.max_horizontal("s", "ps"), i_e=pl.min_horizontal("e", "pe"))
                .filter(pl.col("i_s") <= pl.col("i_e"))
                .join(windows, how="cross")
                .with_columns(
                    cs=pl.max_horizontal("i_s", "ws"),
                    ce=pl.min_horizontal("i_e", "we"),
                )
                .filter(pl.col("cs") <= pl.col("ce"))
                .select(
                    "win",
                    "wyear",
                    "emp",
                    "unit_code",
                    "extent_group",
                    "form",
                    "rng",
                    "long",
                    "rate",
                    "ext",
                    "cs",
                    "ce",
                    (
                        (pl.col("ce") - pl.col("cs") + 1) * pl.col("rate") * pl.col("ext") / 100.0
                    ).alias("sick"),
                ),
            ]
        )
        permanent = jobs.filter(pl.col("form") == FORM_PERMANENT)
        self.spans = _month_spans(permanent, self.periods)
        self.ends = _following(permanent, self.windows)

    # --- which pairs changed -----------------------------------------------------------------

    def fingerprints(self) -> dict[tuple[str, Period], str]:
        """Per (scope, period): a digest of every row the figure rests on — the subtree's
        employments, sick pieces (with their day range and long-run mark), month-end spans and
        ends (with the employments held in the 30 days after) clipped to the window, the
        persons' gender and birth year — and of the rules, the unit tree and whether the figure
        is provisional. Equal digests, equal figures."""
        if not self.periods or not self.scopes:
            return {}
        people = self.people.lazy().select("emp", "eh", "gender", "birth_year")
        windows = self.windows.lazy()

        def hashed(frame: pl.LazyFrame, tag: str, columns: list[str]) -> pl.LazyFrame:
            return frame.join(people, on="emp", how="left").select(
                "win",
                "unit_code",
                pl.struct(pl.lit(tag), "eh", "gender", "birth_year", *columns)
                .hash(seed=17)
                .alias("h"),
            )

        ordinary = hashed(self.ordinary.lazy(), "ord", ["extent_group", "form", "rate", "cs", "ce"])
        sick = hashed(
            self.sick.lazy(),
            "sick",
            ["extent_group", "form", "rng", "long", "rate", "ext", "cs", "ce"],
        )
        spans = hashed(
            self.spans.lazy()
            .join(windows, how="cross")
            .with_columns(
                c0=pl.max_horizontal("m0", pl.col("wm") - 11), c1=pl.min_horizontal("m1", "wm")
            )
            .filter(pl.col("c0") <= pl.col("c1")),
            "span",
            ["c0", "c1"],
        )
        follow = (
            self.ends.lazy()
            .filter(pl.col("unit2").is_not_null())
            .group_by("emp", "e")
            .agg(
                pl.struct("unit2", "s2", "e2").hash(seed=29).sum().alias("f"),
                pl.len().alias("nf"),
            )
        )
        ends = hashed(
            self.ends.lazy()
            .select("emp", "unit_code", "e", "pension")
            .unique()
            .join(follow, on=["emp", "e"], how="left")
            .join(windows, how="cross")
            .filter((pl.col("e") >= pl.col("ws")) & (pl.col("e") <= pl.col("we"))),
            "end",
            ["e", "pension", "f", "nf"],
        )
        per_unit = (
            pl.concat([ordinary, sick, spans, ends])
            .group_by("win", "unit_code")
            .agg(
                pl.len().alias("n"),
                (pl.col("h") // 2**32).sum().alias("hi"),
                (pl.col("h") % 2**32).sum().alias("lo"),
            )
        )
        per_scope = (
            per_unit.join(self.anc.lazy(), on="unit_code")
            .group_by("win", "scope")
            .agg(pl.col("n").sum(), pl.col("hi").sum(), pl.col("lo").sum())
            .collect()
        )
        sums = {(w, s): (n, hi, lo) for w, s, n, hi, lo in per_scope.iter_rows()}
        salt = self._salt()
        out = {}
        for win, period in enumerate(self.periods):
            provisional = self._provisional(period)
            for code in self.scopes:
                n, hi, lo = sums.get((win, self.scope_ids[code]), (0, 0, 0))
                text = f"{salt}|{code}|{period}|{provisional}|{n}|{hi}|{lo}"
                out[(code, period)] = hashlib.sha256(text.encode()).hexdigest()[:40]
        return out

    def _salt(self) -> str:
        rules = (
            ENGINE_VERSION,
            pl.__version__,
            SUPPRESS_AT_MOST,
            DEPARTURE_DAYS,
            RELAPSE_DAYS,
            LONG_TERM_RUN,
            sorted((c, p or "") for c, p in self.units),
            sorted(self.unit_ids.items()),
        )
        return hashlib.sha256(repr(rules).encode()).hexdigest()

    def _provisional(self, period: Period) -> bool:
        return self.covers_until < period.window_end + dt.timedelta(days=DEPARTURE_DAYS)

    # --- the figures -----------------------------------------------------------------------

    def figures(self, pairs: Iterable[tuple[str, Period]] | None = None) -> list[FigureResult]:
        """The figures of ``pairs`` (scope, period), by default every scope and period, in the
        order of the periods and then of the scopes."""
        if not self.periods or not self.scopes:
            return []
        win_of = {period: win for win, period in enumerate(self.periods)}
        chosen = (
            None
            if pairs is None
            else {(win_of[period], self.scope_ids[code]) for code, period in pairs}
        )
        wanted = [
            (win, self.scope_ids[code])
            for win in range(len(self.periods))
            for code in self.scopes
            if chosen is None or (win, self.scope_ids[code]) in chosen
        ]
        if not wanted:
            return []
        self.computed += len(wanted)
        size = len(self.unit_ids)
        base = pl.DataFrame(
            {"pair": [win * size + scope for win, scope in wanted]}, schema={"pair": pl.Int32}
        )
        anc = self.anc.lazy()
        if chosen is not None:
            # only the scopes some wanted pair needs, per window
            anc = anc.join(
                base.lazy().select(
                    (pl.col("pair") // size).alias("win"), (pl.col("pair") % size).alias("scope")
                ),
                on="scope",
            )
            keys = ["unit_code", "win"]
        else:
            keys = ["unit_code"]

        def scoped(frame: pl.LazyFrame) -> pl.LazyFrame:
            return frame.join(anc, on=keys).with_columns(
                pair=(pl.col("win") * size + pl.col("scope")).cast(pl.Int32)
            )

        persons = self._persons()
        parts = [
            *self._sickness_sums(scoped, persons),
            *self._turnover_sums(anc, persons, size, by_pair=chosen is not None),
        ]
        sums = pl.collect_all([frame for frame, _measures in parts])
        # the sums into one row per pair and a column per measure and cell (zero where none)
        wanted_pairs = base["pair"].to_numpy()
        order = np.argsort(wanted_pairs)
        matrix = np.zeros((len(wanted_pairs), 32 * len(MEASURES)))
        for frame, (_lazy, measures) in zip(sums, parts, strict=True):
            if frame.is_empty():
                continue
            pc = frame["pc"].to_numpy()
            at = order[np.searchsorted(wanted_pairs[order], pc // 32)]
            for measure in measures:
                matrix[at, pc % 32 + 32 * MEASURES.index(measure)] = frame[measure].to_numpy()
        wide = base.with_columns(
            pl.Series(name, matrix[:, key], dtype=pl.Float64) for key, name in _NAMES.items()
        )
        threshold = SUPPRESS_AT_MOST
        table = wide.select(
            (pl.col("pair") // size).alias("win"),
            (pl.col("pair") % size).alias("scope"),
            pl.col("n:total").cast(pl.Int64),
            pl.col("ord:total"),
            pl.col("hn:total").cast(pl.Int64),
            pl.col("rows:total"),
            pl.col("dep:total"),
            _sickness_struct(threshold).alias("sickness"),
            _turnover_struct(threshold).alias("turnover"),
        )
        headers = [
            (p.window_start.isoformat(), p.window_end.isoformat(), self._provisional(p))
            for p in self.periods
        ]
        return [self._result(*row, headers, threshold=threshold) for row in table.iter_rows()]

    def _persons(self) -> pl.LazyFrame:
        """Each person in each window year with their groups as small integers (``gender``,
        ``age3``, ``decade``: the place of the group in ``figures.DIMENSIONS``)."""
        years = pl.DataFrame(
            {"wyear": sorted({p.year for p in self.periods})}, schema={"wyear": pl.Int32}
        )
        age3, decade = age_groups(pl.col("wyear") - pl.col("birth_year"))
        return (
            self.people.lazy()
            .join(years.lazy(), how="cross")
            .select(
                "emp",
                "wyear",
                _coded(pl.col("gender"), "gender"),
                _coded(age3, "age3"),
                _coded(decade, "decade"),
            )
        )

    def _sickness_sums(
        self, scoped, persons: pl.LazyFrame
    ) -> list[tuple[pl.LazyFrame, tuple[str, ...]]]:
        jobs = [_coded(pl.col("extent_group"), "extent_group"), _coded(pl.col("form"), "form")]
        ordinary = scoped(
            self.ordinary.lazy()
            .select("win", "wyear", "emp", "unit_code", *jobs, "ord")
            .join(persons, on=["emp", "wyear"], how="left")
        )
        hours = (
            _cells(ordinary, SICKNESS_DIMENSIONS, ["emp", "ord"])
            .group_by("pc")
            .agg(pl.col("ord").sum(), pl.col("emp").n_unique().alias("n"))
        )
        sick = scoped(
            self.sick.lazy()
            .select("win", "wyear", "emp", "unit_code", *jobs, "rng", "long", "sick")
            .join(persons, on=["emp", "wyear"], how="left")
            .group_by("win", "unit_code", *_DIMENSION_COLUMNS, "rng", "long")
            .agg(pl.col("sick").sum())
        )
        sick_cells = (
            pl.concat(
                [
                    _cells(sick, SICKNESS_DIMENSIONS, ["sick"]),
                    sick.select(
                        (pl.col("pair") * 32 + pl.col("rng") + _CELLS["rng=0"]).alias("pc"), "sick"
                    ),
                    sick.filter(pl.col("long")).select(
                        (pl.col("pair") * 32 + _CELLS["long"]).alias("pc"), "sick"
                    ),
                ]
            )
            .group_by("pc")
            .agg(pl.col("sick").sum())
        )
        return [(hours, ("ord", "n")), (sick_cells, ("sick",))]

    def _turnover_sums(
        self, anc: pl.LazyFrame, persons: pl.LazyFrame, size: int, *, by_pair: bool
    ) -> list[tuple[pl.LazyFrame, tuple[str, ...]]]:
        windows = self.windows.lazy()
        pairs = anc.select(
            (pl.col("win") * size + pl.col("scope")).cast(pl.Int32).alias("pair")
        ).unique()
        # month-end spans per person and scope, overlapping spans merged (a month counts once)
        spans = (
            self.spans.lazy()
            .join(anc.select("unit_code", "scope").unique(), on="unit_code")
            .with_columns(g=pl.col("emp").cast(pl.Int64) * size + pl.col("scope"))
            .sort("g", "m0")
            .with_columns(
                # the latest month reached by the person's earlier spans in the scope: a running
                # maximum over the sorted frame, offset by the group so that it restarts
                reach=(pl.col("g") * _MONTHS + pl.col("m1")).cum_max().shift(1)
                - pl.col("g") * _MONTHS
            )
            .with_columns(
                part=(pl.col("reach").is_null() | (pl.col("m0") > pl.col("reach")))
                .cast(pl.Int64)
                .cum_sum()
            )
            .group_by("part")
            .agg(
                pl.col("g").first(),
                pl.col("emp").first(),
                pl.col("scope").first(),
                pl.col("m0").min(),
                pl.col("m1").max(),
            )
            .sort("g", "m0")
            # the end of the person's previous (disjoint) span in the scope, if any
            .with_columns(
                before=pl.when(pl.col("g") == pl.col("g").shift(1)).then(pl.col("m1").shift(1))
            )
        )
        heads = (
            spans.join(windows.select("win", "wyear", "wm"), how="cross")
            .with_columns(
                months=pl.min_horizontal("m1", "wm")
                - pl.max_horizontal("m0", pl.col("wm") - 11)
                + 1,
                pair=(pl.col("win") * size + pl.col("scope")).cast(pl.Int32),
                # the person is counted once per window: on their first span in it
                first=(pl.col("before").is_null() | (pl.col("before") < pl.col("wm") - 11)).cast(
                    pl.Int32
                ),
            )
            .filter(pl.col("months") > 0)
        )
        if by_pair:
            heads = heads.join(pairs, on="pair", how="semi")
        heads = heads.join(persons, on=["emp", "wyear"], how="left")
        head_sums = (
            _cells(heads, TURNOVER_DIMENSIONS, ["months", "first"])
            .group_by("pc")
            .agg(pl.col("months").sum().alias("rows"), pl.col("first").sum().alias("hn"))
        )
        departures = self._departures(anc).with_columns(
            pair=(pl.col("win") * size + pl.col("scope")).cast(pl.Int32)
        )
        if by_pair:
            departures = departures.join(pairs, on="pair", how="semi")
        departures = departures.join(persons, on=["emp", "wyear"], how="left")
        dep_sums = (
            pl.concat(
                [
                    _cells(departures, TURNOVER_DIMENSIONS, ["kind"]),
                    departures.select(
                        (pl.col("pair") * 32 + pl.col("kind") + _CELLS[f"kind={KINDS[0]}"]).alias(
                            "pc"
                        ),
                        "kind",
                    ),
                ]
            )
            .group_by("pc")
            .agg(pl.len().alias("dep"))
        )
        return [(head_sums, ("rows", "hn")), (dep_sums, ("dep",))]

    def _departures(self, anc: pl.LazyFrame) -> pl.LazyFrame:
        """Per window and scope: one row per person and end date that is a departure from the
        scope (no permanent employment in it on any of the 30 following days), with its kind
        (the place in ``KINDS``)."""
        scopes = anc.select("unit_code", "scope").unique()
        ends = self.ends.lazy()
        ends_scoped = (
            ends.select("emp", "unit_code", "e", "pension")
            .unique()
            .join(scopes, on="unit_code")
            .group_by("emp", "e", "scope")
            .agg(pl.col("pension").any())
        )
        following = ends.filter(pl.col("unit2").is_not_null()).select("emp", "e", "unit2").unique()
        held_anywhere = following.group_by("emp", "e").agg(pl.len().alias("n_after"))
        held_in_scope = (
            following.join(scopes.rename({"unit_code": "unit2"}), on="unit2")
            .select("emp", "e", "scope")
            .unique()
        )
        return (
            ends_scoped.join(held_in_scope, on=["emp", "e", "scope"], how="anti")
            .join(held_anywhere, on=["emp", "e"], how="left")
            .with_columns(
                kind=pl.when(pl.col("n_after").fill_null(0) > 0)
                .then(pl.lit(KINDS.index("internal")))
                .when(pl.col("pension"))
                .then(pl.lit(KINDS.index("retirement")))
                .otherwise(pl.lit(KINDS.index("external")))
            )
            .join(self.windows.lazy(), how="cross")
            .filter((pl.col("e") >= pl.col("ws")) & (pl.col("e") <= pl.col("we")))
            .select("win", "wyear", "emp", "scope", "kind")
        )

    def _result(
        self,
        win: int,
        scope: int,
        persons: int,
        ordinary_hours: float,
        head_persons: int,
        rows: float,
        departures: float,
        sickness: dict[str, Any],
        turnover: dict[str, Any],
        headers: list[tuple[str, str, bool]],
        *,
        threshold: int,
    ) -> FigureResult:
        period = self.periods[win]
        code = self.codes[scope]
        window_start, window_end, provisional = headers[win]
        shown_s, shown_t = persons > threshold, head_persons > threshold
        return FigureResult(
            unit=code,
            period=period,
            figures={
                "unit": code,
                "window_start": window_start,
                "window_end": window_end,
                "provisional": provisional,
                "sickness": sickness if shown_s else empty_sickness(),
                "turnover": turnover if shown_t else empty_turnover(),
            },
            sizes={
                "sickness": persons if shown_s else None,
                "turnover": head_persons if shown_t else None,
            },
            exposure={
                "sickness": (persons, (ordinary_hours,)),
                "turnover": (head_persons, (float(rows), float(departures))),
            },
        )


_DIMENSION_COLUMNS = ("gender", "age3", "decade", "extent_group", "form")

# The cells of the wide frame, numbered: the total (0), each group of each breakdown, the day
# ranges, the long-term sick hours and the kinds of departure. A cell's key is its number plus
# 32 × the measure's place in MEASURES; its column is named "<measure>:<cell>".
MEASURES = ("ord", "n", "sick", "rows", "hn", "dep")
_CELLS: dict[str, int] = {"total": 0}
_OFFSETS: dict[str, int] = {}
for _column in _DIMENSION_COLUMNS:
    _groups = next(groups for column, groups in DIMENSIONS.values() if column == _column)
    _OFFSETS[_column] = len(_CELLS)
    _CELLS.update({f"{_column}={group}": _OFFSETS[_column] + i for i, group in enumerate(_groups)})
_CELLS.update({f"rng={i}": len(_CELLS) + i for i in range(len(DAY_RANGES))})
_CELLS["long"] = len(_CELLS)
_CELLS.update({f"kind={kind}": len(_CELLS) + i for i, kind in enumerate(KINDS)})
assert len(_CELLS) <= 32
_NAMES = {
    m * 32 + cell: f"{measure}:{name}"
    for m, measure in enumerate(MEASURES)
    for name, cell in _CELLS.items()
}


def _coded(expr: pl.Expr, column: str) -> pl.Expr:
    """A group (a string of ``figures.DIMENSIONS``) as its place among the column's groups."""
    groups = next(groups for c, groups in DIMENSIONS.values() if c == column)
    return expr.replace_strict(
        {group: i for i, group in enumerate(groups)}, default=None, return_dtype=pl.Int16
    ).alias(column)


def _cells(frame: pl.LazyFrame, dimensions: Sequence[str], values: list[str]) -> pl.LazyFrame:
    """``frame`` once as the total and once per breakdown (rows without a group left out),
    keyed by ``pc`` = pair × 32 + the cell's number (one integer key groups fastest)."""
    pc = pl.col("pair") * 32
    parts = [frame.select(pc.alias("pc"), *values)]
    for name in dimensions:
        column = DIMENSIONS[name][0]
        parts.append(
            frame.filter(pl.col(column).is_not_null()).select(
                (pc + pl.col(column) + _OFFSETS[column]).alias("pc"), *values
            )
        )
    return pl.concat(parts)


def _share(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    """part / whole × 100, 0 when the whole is 0 (as docs/definitions.md §3)."""
    return pl.when(whole != 0).then(part / whole * 100.0).otherwise(0.0)


def _sickness_struct(threshold: int) -> pl.Expr:
    c = pl.col
    shown = c("n:total") > threshold
    ordinary = c("ord:total")
    fields = {
        "total": _share(c("sick:total"), ordinary),
        **{
            name: _share(c(f"sick:rng={index}"), ordinary)
            for index, (name, _lo, _hi) in enumerate(DAY_RANGES)
        },
        "long_term_share": _share(c("sick:long"), c("sick:total")),
        "sick_hours": c("sick:total"),
        "ordinary_hours": ordinary,
    }
    cells = {name: pl.when(shown).then(value) for name, value in fields.items()}
    for name in SICKNESS_DIMENSIONS:
        column = DIMENSIONS[name][0]
        cells[name] = pl.struct(
            **{
                group: pl.when(shown & (c(f"n:{column}={group}") > threshold)).then(
                    _share(c(f"sick:{column}={group}"), c(f"ord:{column}={group}"))
                )
                for group in DIMENSIONS[name][1]
            }
        )
    return pl.struct(**cells)


def _turnover_struct(threshold: int) -> pl.Expr:
    c = pl.col
    shown = c("hn:total") > threshold
    average = c("rows:total") / 12.0
    fields = {
        "total": _share(c("dep:total"), average),
        **{kind: _share(c(f"dep:kind={kind}"), average) for kind in KINDS},
        "departures": c("dep:total").cast(pl.Int64),
        "average_headcount": average,
    }
    cells = {name: pl.when(shown).then(value) for name, value in fields.items()}
    for name in TURNOVER_DIMENSIONS:
        column = DIMENSIONS[name][0]
        cells[name] = pl.struct(
            **{
                group: pl.when(shown & (c(f"hn:{column}={group}") > threshold)).then(
                    _share(c(f"dep:{column}={group}"), c(f"rows:{column}={group}") / 12.0)
                )
                for group in DIMENSIONS[name][1]
            }
        )
    return pl.struct(**cells)


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
    return Computation(data, units=units, periods=periods, scopes=scopes).figures()


def _integer_coded(
    data: HrData, units: Sequence[tuple[str, str | None]], scopes: Sequence[str]
) -> tuple[HrData, pl.DataFrame, dict[str, int], pl.DataFrame]:
    """Employees and units as integers (smaller, faster joins); the ancestor table limited to
    the scopes asked for; the persons (``emp``; ``eh``, a hash of the employee id that does not
    depend on the order of the rows, for fingerprints; gender, birth year)."""
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
    ids = (
        data.employees.select("employee_id")
        .unique()
        .with_row_index("eid")
        .with_columns(pl.col("eid").cast(pl.Int32))
    )

    def coded(frame: pl.DataFrame) -> pl.DataFrame:
        out = frame.join(ids, on="employee_id", how="inner").drop("employee_id")
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
    people = data.employees.join(ids, on="employee_id", how="inner").select(
        pl.col("eid").alias("emp"),
        pl.col("employee_id").hash(seed=11).alias("eh"),
        "gender",
        "birth_year",
    )
    coded_data = HrData(
        employees=coded(data.employees),
        employments=coded(data.employments),
        absences=coded(data.absences),
        covers_until=data.covers_until,
    )
    return coded_data, anc, unit_ids, people
