"""From a SIE file's rows to a partition of each account's total per month: the movements of
the booked vouchers, and the period balances and budgets (``#PSALDO``, ``#PBUDGET``) read the
way the file wrote them (docs/sie.md). The import stores these rows as the ledger's balances."""

from __future__ import annotations

import polars as pl

from .file import SieFile

# The columns of the partition, as the ledger's balances keep them.
PARTITION_SCHEMA = {
    "kind": pl.String,
    "year": pl.Int32,
    "period": pl.Int32,
    "account": pl.String,
    "cost_centre": pl.String,
    "project": pl.String,
    "view": pl.String,
    "cents": pl.Int64,
}
KEY = ["kind", "year", "period", "account"]


def row_period(date: pl.Expr) -> pl.Expr:
    """The month (ÅÅÅÅMM) a voucher row is counted in, from the date it is booked on."""
    return (date.dt.year() * 100 + date.dt.month()).cast(pl.Int32)


def voucher_movements(sie: SieFile) -> pl.DataFrame:
    """Booked ``#TRANS`` rows summed per month: a row's own transaction date (``transdat``)
    when it has one, its voucher's date otherwise; by cost centre (view ``main``) and by
    project (view ``project``)."""
    # lazily, so that only the columns summed are gathered from the file's millions of rows;
    # the two views are summed straight from the rows (the same sums as ``_two_views`` makes
    # of the rows summed by cost centre and project together, without that larger table)
    start = sie.fiscal_years[0][0]
    rows = (
        sie.transactions.lazy()
        .filter(pl.col("kind") == "T")
        .select("ver", "account", "dim1", "dim6", "cents", "date")
    )
    date = pl.col("date")
    if sie.transactions.get_column("date").null_count():
        vdates = sie.vouchers.lazy().select("ver", pl.col("date").alias("vdate"))
        rows = rows.join(vdates, on="ver", how="left")
        date = date.fill_null(pl.col("vdate"))
    rows = rows.with_columns(row_period(date).alias("period")).filter(
        pl.col("period") >= start.year * 100 + start.month
    )
    by_centre, by_project = pl.collect_all(
        [
            rows.group_by("period", "account", pl.col("dim1").alias("cost_centre")).agg(
                pl.col("cents").sum()
            ),
            rows.group_by("period", "account", pl.col("dim6").alias("project")).agg(
                pl.col("cents").sum()
            ),
        ]
    )
    text = {"account": pl.String, "cost_centre": pl.String, "project": pl.String}
    tagged = by_project.filter(pl.col("project") != "").select("period", "account").unique()
    main = by_centre.with_columns(pl.lit("").alias("project"), pl.lit("main").alias("view"))
    project = by_project.join(tagged, on=["period", "account"], how="semi").with_columns(
        pl.lit("").alias("cost_centre"), pl.lit("project").alias("view")
    )
    both = pl.concat([main.cast(text), project.select(main.columns).cast(text)])
    return _tidy(
        both.with_columns(pl.lit("actual").alias("kind"), pl.lit(0, pl.Int32).alias("year"))
    )


def _two_views(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows that know both cost centre and project, as two partitions of each account total:
    by cost centre (``main``) and, where any project is tagged, by project (``project``)."""
    main = rows.with_columns(pl.lit("").alias("project"), pl.lit("main").alias("view"))
    tagged = rows.filter(pl.col("project") != "").select(KEY).unique()
    project = rows.join(tagged, on=KEY, how="semi").with_columns(
        pl.lit("").alias("cost_centre"), pl.lit("project").alias("view")
    )
    return _tidy(pl.concat([main.select(project.columns), project]))


def period_partition(sie: SieFile) -> tuple[pl.DataFrame, str]:
    """``#PSALDO``/``#PBUDGET`` rows as a partition of each (kind, year, period, account) total.

    Returns the rows (view ``main``: by cost centre and project, with the untagged remainder
    under empty codes; view ``project``: by project only, where the file lists projects in rows of
    their own) and how the object-less ``{}`` row was read (``total`` or ``remainder``).

    - Rows with one dimension each (the standard): ``{}`` is the account total; the cost-centre
      rows and the project rows are two separate views of it and are never added together.
    - Rows combining several dimensions: each row is one combination, disjoint from the others.
      Some programs then write ``{}`` as the total (it equals the sum of the object rows), others
      as the untagged remainder; the file's own figures decide which.
    """
    p = sie.periods.with_columns(
        pl.col("kind").replace_strict({"PSALDO": "actual", "PBUDGET": "budget"}),
    )
    if p.height == 0:
        return pl.DataFrame(schema=PARTITION_SCHEMA), "total"
    totals = p.filter(pl.col("ndims") == 0).group_by(KEY).agg(pl.col("cents").sum().alias("t"))
    objects = p.filter(pl.col("ndims") > 0)
    if objects.filter(pl.col("ndims") > 1).height > 0:
        return _combined_partition(totals, objects)
    # one dimension per row: {} is the total; cost centres and projects are separate views.
    # Where a file gives no {} total, one dimension's rows make the whole: cost centres if there
    # are any, else projects, else the first dimension there is.
    dimension = (
        pl.when(pl.col("dim1") != "")
        .then(pl.lit(0))
        .when(pl.col("dim6") != "")
        .then(pl.lit(1))
        .otherwise(pl.lit(2))
    )
    implied = (
        objects.with_columns(dimension.alias("rank"))
        .filter(pl.col("rank") == pl.col("rank").min().over(KEY))
        .group_by(KEY)
        .agg(pl.col("cents").sum().alias("t"))
        .join(totals, on=KEY, how="anti")
    )
    totals = pl.concat([totals, implied.select(totals.columns)])
    parts = [
        _view(totals, objects.filter(pl.col("dim1") != ""), "cost_centre", "main"),
    ]
    project_rows = objects.filter(pl.col("dim6") != "")
    if project_rows.height:
        parts.append(_view(totals, project_rows, "project", "project"))
    return _tidy(pl.concat(parts)), "total"


def _combined_partition(totals: pl.DataFrame, objects: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """Rows combining several dimensions: each row is one combination. Where the file gives
    both, ``{}`` equal to the sum of the object rows is the total, else the untagged remainder."""
    sums = objects.group_by(KEY).agg(pl.col("cents").sum().alias("s"))
    both = totals.join(sums, on=KEY, how="inner").filter(pl.col("s") != 0)
    mode = "total" if both.height and (both["t"] == both["s"]).all() else "remainder"
    if both.height == 0:
        mode = "total"
    rows = objects.select(
        *KEY, pl.col("dim1").alias("cost_centre"), pl.col("dim6").alias("project"), "cents"
    )
    if mode == "remainder":
        rest = totals.select(
            *KEY,
            pl.lit("").alias("cost_centre"),
            pl.lit("").alias("project"),
            pl.col("t").alias("cents"),
        )
    else:
        rest = (
            totals.join(sums, on=KEY, how="left")
            .with_columns((pl.col("t") - pl.col("s").fill_null(0)).alias("cents"))
            .select(*KEY, pl.lit("").alias("cost_centre"), pl.lit("").alias("project"), "cents")
        )
    return _two_views(pl.concat([rows, rest])), mode


def _view(totals: pl.DataFrame, rows: pl.DataFrame, dim: str, view: str) -> pl.DataFrame:
    column = "dim1" if dim == "cost_centre" else "dim6"
    tagged = rows.group_by(*KEY, pl.col(column).alias("code")).agg(pl.col("cents").sum())
    tagged_sum = tagged.group_by(KEY).agg(pl.col("cents").sum().alias("s"))
    # where a file has object rows but no {} total, the object rows are the whole
    full = totals.join(tagged_sum, on=KEY, how="full", coalesce=True).with_columns(
        (pl.col("t").fill_null(pl.col("s")) - pl.col("s").fill_null(0)).alias("cents"),
        pl.lit("").alias("code"),
    )
    out = pl.concat([tagged.select(*KEY, "code", "cents"), full.select(*KEY, "code", "cents")])
    return out.select(
        *KEY,
        (pl.col("code") if dim == "cost_centre" else pl.lit("")).alias("cost_centre"),
        (pl.col("code") if dim == "project" else pl.lit("")).alias("project"),
        "cents",
    ).with_columns(pl.lit(view).alias("view"))


def _tidy(df: pl.DataFrame) -> pl.DataFrame:
    return (
        df.with_columns(pl.col("cost_centre").fill_null(""), pl.col("project").fill_null(""))
        .group_by("kind", "year", "period", "account", "cost_centre", "project", "view")
        .agg(pl.col("cents").sum())
        .filter(pl.col("cents") != 0)
        .select(list(PARTITION_SCHEMA))
        .cast(PARTITION_SCHEMA)
    )
