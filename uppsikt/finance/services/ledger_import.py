"""The SIE import: read and check the file outside the transaction, staging the voucher rows
as files; then, in one transaction, supersede, store the balances, move the files in and audit.
All or nothing (docs/sie.md, docs/adr/0008)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from uppsikt.core import kept_pages
from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import ImportFailed
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can_everywhere

from .. import ledger_store
from ..models import (
    Account,
    LedgerBalance,
    LedgerImport,
    OpeningBalance,
    ReportLine,
)
from ..sie.file import SieFile
from ..sie.partition import PARTITION_SCHEMA, period_partition, voucher_movements
from ..sie.reader import read_sie
from .report_lines import _create_default_lines

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class SieImportResult:
    ledger_import: LedgerImport
    created: bool  # False: the very same file was already the current import
    superseded: list[int]


def sie_import_file(
    *,
    actor,
    organisation: Organisation,
    filename: str,
    data: bytes | None = None,
    file: BinaryIO | None = None,
    progress: Progress | None = None,
    staging_prefix: str = "tmp",
) -> SieImportResult:
    """Read, check and store a SIE file: all or nothing.

    The file is either ``file``, open for reading in binary (a file on disk or an upload
    streamed to one: it is read a chunk at a time, never whole into memory), or ``data``, its
    bytes.

    The voucher rows are staged in a local folder ``<staging_prefix>-<random>``
    (``ledger_store.staging``) while reading (a job passes a prefix with its id, so that its
    clean-up finds the folder).

    Parsing runs before the transaction (it is the long part and reports progress); the checks
    name file, line and record; any error leaves the database as it was.
    """
    ensure_can_everywhere(actor, "finance.import")
    if (data is None) == (file is None):
        raise TypeError("sie_import_file takes either data or file")
    report = progress or (lambda percent, text: None)
    staging = ledger_store.staging(staging_prefix)
    parts: list[Path] = []

    def sink(rows: pl.DataFrame) -> None:
        path = staging / f"part-{len(parts):05d}.parquet"
        rows.write_parquet(path, compression="lz4", statistics=True)
        parts.append(path)

    try:
        parsed = read_sie(
            file if file is not None else data,
            filename=filename,
            progress=report,
            sink=sink,
            max_line_bytes=settings.UPPSIKT_SIE_MAX_LINE_BYTES,
        )
        if not parsed.errors:
            report(82, _("Sparar i databasen"))
            result = _store(
                actor=actor,
                organisation=organisation,
                parsed=parsed,
                sha256=parsed.sha256,
                size=parsed.size,
                staging=staging if parts else None,
            )
            report(100, _("Klar"))
            return result
    finally:
        ledger_store.discard(staging)
    if parsed.errors:
        raise ImportFailed(
            _("Importen av %(file)s avbröts; inget har sparats.") % {"file": parsed.filename},
            errors=parsed.errors,
        )


def _disagreements(parsed: SieFile, main: pl.DataFrame) -> list[str]:
    """Movements from vouchers against #PSALDO, and the result against #UB and #RES."""
    actual = main.filter(
        (pl.col("kind") == "actual") & (pl.col("year") == 0) & (pl.col("view") == "main")
    )
    warnings: list[str] = []
    if parsed.has_vouchers:
        warnings += _vouchers_against_psaldo(parsed, actual)
    return warnings + _movements_against_closing(parsed, actual)


def _vouchers_against_psaldo(parsed: SieFile, actual: pl.DataFrame) -> list[str]:
    psaldo = parsed.periods.filter((pl.col("kind") == "PSALDO") & (pl.col("year") == 0))
    if not psaldo.height:
        return []
    partition, _mode = period_partition(parsed)
    p = (
        partition.filter(
            (pl.col("kind") == "actual") & (pl.col("year") == 0) & (pl.col("view") == "main")
        )
        .group_by("period", "account")
        .agg(pl.col("cents").sum().alias("p"))
    )
    v = actual.group_by("period", "account").agg(pl.col("cents").sum().alias("v"))
    diff = (
        v.join(p, on=["period", "account"], how="full", coalesce=True)
        .fill_null(0)
        .filter(pl.col("v") != pl.col("p"))
        .sort("period", "account")
    )
    if not diff.height:
        return []
    examples = ", ".join(f"{a} {per}" for per, a in diff.select("period", "account").head(5).rows())
    return [
        _(
            "Verifikationerna och #PSALDO skiljer sig för %(n)d konto-perioder (t.ex. %(ex)s); rörelserna tas från verifikationerna."
        )
        % {"n": diff.height, "ex": examples}
    ]


def _movements_against_closing(parsed: SieFile, actual: pl.DataFrame) -> list[str]:
    movement = actual.group_by("account").agg(pl.col("cents").sum().alias("mv"))
    b = parsed.balances.filter((pl.col("year") == 0) & (pl.col("ndims") == 0))
    ib = b.filter(pl.col("kind") == "IB").select("account", pl.col("cents").alias("ib"))
    ub = b.filter(pl.col("kind") == "UB").select("account", pl.col("cents").alias("ub"))
    res = b.filter(pl.col("kind") == "RES").select("account", pl.col("cents").alias("res"))
    bad_ub = (
        ub.join(ib, on="account", how="full", coalesce=True)
        .join(movement, on="account", how="left")
        .fill_null(0)
        .filter(pl.col("ib") + pl.col("mv") != pl.col("ub"))
    )
    bad_res = (
        res.join(movement, on="account", how="left")
        .fill_null(0)
        .filter(pl.col("res") != pl.col("mv"))
    )
    warnings: list[str] = []
    if bad_ub.height:
        warnings.append(
            _(
                "För %(n)d balanskonton blir ingående balans + rörelser inte filens #UB (t.ex. %(ex)s)."
            )
            % {
                "n": bad_ub.height,
                "ex": ", ".join(bad_ub.sort("account").get_column("account").head(5).to_list()),
            }
        )
    if bad_res.height:
        warnings.append(
            _("För %(n)d resultatkonton blir rörelserna inte filens #RES (t.ex. %(ex)s).")
            % {
                "n": bad_res.height,
                "ex": ", ".join(bad_res.sort("account").get_column("account").head(5).to_list()),
            }
        )
    return warnings


def _store(**kwargs) -> SieImportResult:
    """Store in one transaction; a transactions file written for a failed transaction is
    removed, so nothing is left behind."""
    written: list = []
    try:
        return _store_atomic(written=written, **kwargs)
    except BaseException:
        for name in written:
            ledger_store.remove(name)
        raise


@transaction.atomic
def _store_atomic(
    *,
    actor,
    organisation,
    parsed: SieFile,
    sha256: str,
    size: int,
    staging: Path | None,
    written: list,
) -> SieImportResult:
    # one import at a time per organisation: superseding must see the other's result
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not ReportLine.objects.filter(organisation=organisation).exists():
        _create_default_lines(actor=actor, organisation=organisation)
    start, end = parsed.fiscal_years[0]
    same = LedgerImport.objects.filter(
        organisation=organisation, status=LedgerImport.Status.CURRENT, sha256=sha256
    ).first()
    if same is not None:
        return SieImportResult(ledger_import=same, created=False, superseded=[])

    main, source, mode = _ledger_rows(parsed)
    warnings = [*parsed.warnings, *_disagreements(parsed, main)]

    previous = parsed.fiscal_years.get(-1)
    ledger_import = LedgerImport.objects.create(
        organisation=organisation,
        file_name=parsed.filename,
        sha256=sha256,
        size=size,
        encoding=parsed.encoding,
        sie_type=parsed.sie_type or 0,
        program=parsed.program[:200],
        company=parsed.company[:200],
        orgnr=parsed.orgnr[:20],
        fiscal_year_start=start,
        fiscal_year_end=end,
        previous_year_start=previous[0] if previous else None,
        previous_year_end=previous[1] if previous else None,
        source=source,
        period_mode=mode,
        line_count=parsed.line_count,
        voucher_count=parsed.vouchers.height if parsed.vouchers is not None else 0,
        transaction_count=parsed.transactions.height if parsed.transactions is not None else 0,
        warnings=warnings,
        imported_by=user_or_none(actor),
    )
    older = LedgerImport.objects.filter(
        organisation=organisation,
        status=LedgerImport.Status.CURRENT,
        fiscal_year_start=start,
        orgnr=ledger_import.orgnr,
        company=ledger_import.company,
    ).exclude(pk=ledger_import.pk)
    superseded = list(older.values_list("pk", flat=True))
    older.update(status=LedgerImport.Status.SUPERSEDED, superseded_by=ledger_import)

    _upsert_accounts(organisation, parsed)
    _insert_balances(ledger_import.pk, main, parsed)
    if staging is not None:
        _move_in_voucher_rows(ledger_import, staging, written)
    audit_record(
        actor=actor,
        action="ledger.import",
        obj=ledger_import,
        detail={
            "file": parsed.filename,
            "sha256": sha256,
            "vouchers": ledger_import.voucher_count,
            "transactions": ledger_import.transaction_count,
            "superseded": superseded,
        },
    )
    return SieImportResult(ledger_import=ledger_import, created=True, superseded=superseded)


def _ledger_rows(parsed: SieFile) -> tuple[pl.DataFrame, str, str]:
    """The balances to store (a partition of each account's monthly totals), where the year's
    movements come from (vouchers, period balances or nothing) and how ``{}`` was read."""
    partition, mode = period_partition(parsed)
    if parsed.has_vouchers:
        movements = voucher_movements(parsed)
        main = pl.concat([movements, partition.filter(pl.col("kind") == "budget")])
        # the previous year's movements can only come from its #PSALDO rows
        main = pl.concat(
            [main, partition.filter((pl.col("kind") == "actual") & (pl.col("year") != 0))]
        )
        return main, LedgerImport.Source.VOUCHERS, mode
    has_actual = partition.filter(pl.col("kind") == "actual").height > 0
    source = LedgerImport.Source.PERIOD_BALANCES if has_actual else LedgerImport.Source.NONE
    return partition, source, mode


def _insert_balances(pk: int, main: pl.DataFrame, parsed: SieFile) -> None:
    _bulk_insert(
        LedgerBalance,
        [
            "ledger_import_id",
            "kind",
            "year",
            "period",
            "account",
            "cost_centre",
            "project",
            "view",
            "cents",
        ],
        # in the order of the table's first index, so that the index grows at its end
        main.sort("kind", "view", "period", "account", "cost_centre", "project").select(
            pl.lit(pk).alias("i"), *PARTITION_SCHEMA.keys()
        ),
    )
    _bulk_insert(
        OpeningBalance,
        [
            "ledger_import_id",
            "kind",
            "year",
            "account",
            "cost_centre",
            "project",
            "object_list",
            "cents",
            "line",
        ],
        parsed.balances.select(
            pl.lit(pk).alias("i"),
            "kind",
            "year",
            "account",
            "dim1",
            "dim6",
            "objects",
            "cents",
            "line",
        ),
    )


def _move_in_voucher_rows(ledger_import: LedgerImport, staging: Path, written: list) -> None:
    """The voucher rows, written chunk by chunk while reading, move in under the import."""
    organisation = ledger_import.organisation
    name = f"{organisation.slug}/{ledger_import.pk}-{ledger_import.sha256[:12]}-{staging.name[-8:]}"
    written.append(name)
    ledger_store.move_in(staging, name)
    ledger_import.transactions_file = name
    ledger_import.save(update_fields=["transactions_file"])


def _upsert_accounts(organisation: Organisation, parsed: SieFile) -> None:
    rows = [
        Account(
            organisation=organisation,
            number=number[:20],
            name=(info.get("name") or "")[:200],
            kind=(info.get("type") or "")[:1],
            sru=(info.get("sru") or "")[:10],
        )
        for number, info in parsed.accounts.items()
    ]
    Account.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["organisation", "number"],
        update_fields=["name", "kind", "sru"],
    )


def _bulk_insert(model, columns: list[str], frame: pl.DataFrame) -> None:
    """Insert a frame's rows (columns in ``columns`` order; texts and integers): COPY in CSV
    written by Polars on PostgreSQL, executemany on SQLite. Far faster than the ORM for
    millions of rows, in the same transaction."""
    if frame.height == 0:
        return
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            sql = f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)"  # noqa: S608
            with raw.copy(sql) as copy:
                # Polars writes an empty text as "" and a missing value as nothing: in COPY's
                # CSV the one is an empty text, the other NULL
                for chunk in frame.iter_slices(200_000):
                    copy.write(chunk.write_csv(include_header=False))
            # COPY goes past Django's cursor: the kept pages learn of it here
            kept_pages.note_written(alias=connection.alias, tables=[table])
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            for chunk in frame.iter_slices(200_000):
                cursor.executemany(sql, chunk.iter_rows())
