"""Sick days as spells (docs/definitions.md §3): sick records cut into segments of constant
extent, merged into runs of consecutive sick days and runs into spells (a relapse within five
days continues the spell), so that each sick day knows its number in the spell.

Records that overlap no other record are segments already; only overlapping clusters are cut at
their breakpoints. The day number of a day is the spell's sick days before the run plus the
day's place in the run, so each segment splits into at most three pieces (days 1–14, 15–90,
91+).
"""

from __future__ import annotations

import polars as pl

from .hrdata import day_column

RELAPSE_DAYS = 5
LONG_TERM_RUN = 60
DAY_RANGES = (("days_1_14", 1, 14), ("days_15_90", 15, 90), ("days_91_plus", 91, 10**9))


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
            day_column("start_date").alias("s"),
            day_column("end_date").alias("e"),
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
    seg = _with_day_base(_segments(sick))
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


def _segments(sick: pl.DataFrame) -> pl.DataFrame:
    """Sick records as disjoint segments ``ss``–``se`` of constant extent: where records
    overlap, the largest extent of those covering the segment."""
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
    return single


def _with_day_base(single: pl.DataFrame) -> pl.DataFrame:
    """Each segment with its run's ``base`` (day number of day d is base + d) and whether the
    run is long (60 sick days or more)."""
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
    return seg.join(runs.select("run", "base", "long"), on="run")
