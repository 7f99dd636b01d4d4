"""Writes to the ledger: SIE imports and the report-line mapping."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, ImportFailed
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can, ensure_can_everywhere

from .models import (
    Account,
    BusinessLine,
    BusinessLineForecast,
    CapitalBudgetLine,
    CapitalBudgetRevision,
    CapitalForecast,
    CapitalProject,
    Forecast,
    LedgerBalance,
    LedgerImport,
    OpeningBalance,
    OperatingBudget,
    OperatingBudgetLine,
    ReportLine,
    ReportLineRange,
)
from .sie.file import SieFile
from .sie.partition import PARTITION_SCHEMA, period_partition, voucher_movements
from .sie.reader import read_sie

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
    data: bytes,
    filename: str,
    progress: Progress | None = None,
    staging_prefix: str = "tmp",
) -> SieImportResult:
    """Read, check and store a SIE file: all or nothing.

    The voucher rows are staged in ``<ledger dir>/<staging_prefix>-<random>/`` while reading
    (a job passes a prefix with its id, so that its clean-up finds the folder).

    Parsing runs before the transaction (it is the long part and reports progress); the checks
    name file, line and record; any error leaves the database as it was.
    """
    ensure_can_everywhere(actor, "finance.import")
    report = progress or (lambda percent, text: None)
    staging = settings.UPPSIKT_LEDGER_DIR / f"{staging_prefix}-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    parts: list[Path] = []

    def sink(rows: pl.DataFrame) -> None:
        path = staging / f"part-{len(parts):05d}.parquet"
        rows.write_parquet(path, compression="lz4", statistics=True)
        parts.append(path)

    try:
        parsed = read_sie(
            data,
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
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                staging=staging if parts else None,
            )
            report(100, _("Klar"))
            return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if parsed.errors:
        raise ImportFailed(
            _("Importen av %(file)s avbröts; inget har sparats.") % {"file": parsed.filename},
            errors=parsed.errors,
        )


def _disagreements(parsed: SieFile, main: pl.DataFrame) -> list[str]:
    """Movements from vouchers against #PSALDO, and the result against #UB and #RES."""
    warnings: list[str] = []
    actual = main.filter(
        (pl.col("kind") == "actual") & (pl.col("year") == 0) & (pl.col("view") == "main")
    )
    if parsed.has_vouchers:
        psaldo = parsed.periods.filter((pl.col("kind") == "PSALDO") & (pl.col("year") == 0))
        if psaldo.height:
            partition, _mode = period_partition(parsed)
            p = (
                partition.filter(
                    (pl.col("kind") == "actual")
                    & (pl.col("year") == 0)
                    & (pl.col("view") == "main")
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
            if diff.height:
                examples = ", ".join(
                    f"{a} {per}" for per, a in diff.select("period", "account").head(5).rows()
                )
                warnings.append(
                    _(
                        "Verifikationerna och #PSALDO skiljer sig för %(n)d konto-perioder (t.ex. %(ex)s); rörelserna tas från verifikationerna."
                    )
                    % {"n": diff.height, "ex": examples}
                )
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
        for path in written:
            shutil.rmtree(path, ignore_errors=True)
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

    partition, mode = period_partition(parsed)
    if parsed.has_vouchers:
        movements = voucher_movements(parsed)
        main = pl.concat([movements, partition.filter(pl.col("kind") == "budget")])
        # the previous year's movements can only come from its #PSALDO rows
        main = pl.concat(
            [main, partition.filter((pl.col("kind") == "actual") & (pl.col("year") != 0))]
        )
        source = LedgerImport.Source.VOUCHERS
    else:
        main = partition
        has_actual = partition.filter(pl.col("kind") == "actual").height > 0
        source = LedgerImport.Source.PERIOD_BALANCES if has_actual else LedgerImport.Source.NONE
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
    pk = ledger_import.pk
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
        main.select(pl.lit(pk).alias("i"), *PARTITION_SCHEMA.keys()),
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
    if staging is not None:
        # the voucher rows, written chunk by chunk while reading, move in under the import
        name = f"{organisation.slug}/{pk}-{sha256[:12]}-{staging.name[-8:]}"
        target = settings.UPPSIKT_LEDGER_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(target)
        written.append(target)
        ledger_import.transactions_file = name
        ledger_import.save(update_fields=["transactions_file"])
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
    """Insert a frame's rows (columns in ``columns`` order): COPY on PostgreSQL, executemany on
    SQLite. Far faster than the ORM for millions of rows, in the same transaction."""
    if frame.height == 0:
        return
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
                for chunk in frame.iter_slices(200_000):
                    for row in chunk.iter_rows():
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            for chunk in frame.iter_slices(200_000):
                cursor.executemany(sql, chunk.rows())


# --------------------------------------------------------------------------------------------
# Report lines

DEFAULT_LINES = {
    # docs/definitions.md §2: Region-Bas
    "region": [
        (
            "revenue",
            "Verksamhetens intäkter",
            ReportLine.Kind.OPERATING,
            [("3000", "3899"), ("3910", "3999")],
        ),
        ("staff", "Personalkostnader", ReportLine.Kind.OPERATING, [("4000", "4999")]),
        ("other", "Övriga driftskostnader", ReportLine.Kind.OPERATING, [("5000", "7999")]),
        ("financial", "Finansiella poster", ReportLine.Kind.FINANCIAL, [("8400", "8599")]),
        ("funding", "Regionbidrag", ReportLine.Kind.INTERNAL_FUNDING, [("3900", "3909")]),
    ],
    # Kommun-Bas
    "municipality": [
        (
            "revenue",
            "Verksamhetens intäkter",
            ReportLine.Kind.OPERATING,
            [("3000", "3899"), ("3910", "3999")],
        ),
        ("staff", "Personalkostnader", ReportLine.Kind.OPERATING, [("5000", "5999")]),
        (
            "other",
            "Övriga driftskostnader",
            ReportLine.Kind.OPERATING,
            [("4000", "4999"), ("6000", "7999")],
        ),
        ("financial", "Finansiella poster", ReportLine.Kind.FINANCIAL, [("8400", "8599")]),
        ("funding", "Kommunbidrag", ReportLine.Kind.INTERNAL_FUNDING, [("3900", "3909")]),
    ],
}


@transaction.atomic
def report_lines_set_default(*, actor, organisation: Organisation) -> list[ReportLine]:
    """Create the default report lines for the organisation's kind (if it has none)."""
    ensure_can_everywhere(actor, "finance.configure")
    if ReportLine.objects.filter(organisation=organisation).exists():
        raise DomainError(_("Organisationen har redan rapportrader."))
    return _create_default_lines(actor=actor, organisation=organisation)


@transaction.atomic
def _create_default_lines(*, actor, organisation: Organisation) -> list[ReportLine]:
    lines = []
    for position, (code, name, kind, ranges) in enumerate(DEFAULT_LINES[organisation.kind]):
        line = ReportLine.objects.create(
            organisation=organisation, code=code, name=name, kind=kind, position=position
        )
        for first, last in ranges:
            ReportLineRange.objects.create(line=line, first=first, last=last)
        audit_record(actor=actor, action="report_line.create", obj=line, detail={"ranges": ranges})
        lines.append(line)
    return lines


@transaction.atomic
def report_line_ranges_set(*, actor, line: ReportLine, ranges: list[tuple[str, str]]) -> ReportLine:
    """Replace a report line's account ranges."""
    ensure_can_everywhere(actor, "finance.configure")
    if not ranges:
        raise DomainError(_("Ange minst ett kontointervall."))
    longest = ReportLineRange._meta.get_field("first").max_length
    digits = re.compile(rf"[0-9]{{1,{longest}}}")
    for first, last in ranges:
        if (
            not digits.fullmatch(first)
            or not digits.fullmatch(last)
            or int(first) > int(last.ljust(len(first), "9"))
        ):
            raise DomainError(_("Ogiltigt kontointervall %(a)s–%(b)s.") % {"a": first, "b": last})
    before = {"ranges": [(r.first, r.last) for r in line.ranges.all()]}
    line.ranges.all().delete()
    for first, last in ranges:
        ReportLineRange.objects.create(line=line, first=first, last=last)
    audit_record(
        actor=actor, action="report_line.ranges", obj=line, before=before, after={"ranges": ranges}
    )
    return line


# --------------------------------------------------------------------------------------------
# Capital projects and the capital budget


def _check_as_of(year: int, as_of: tuple[int, int]) -> None:
    """A forecast is made at the end of a month of the year it forecasts."""
    if as_of[0] != year or not 1 <= as_of[1] <= 12:
        raise DomainError(_("Prognosmånaden måste ligga i prognosåret."))


def _ore(amount: Decimal) -> int:
    if not Decimal(amount).is_finite() or abs(Decimal(amount)) >= 10**12:
        raise DomainError(_("Beloppet är orimligt stort."))
    value = Decimal(amount) * 100
    if value != value.to_integral_value():
        raise DomainError(_("Belopp anges i kronor med högst två decimaler."))
    return int(value)


@transaction.atomic
def capital_project_create(
    *,
    actor,
    organisation: Organisation,
    code: str,
    name: str,
    category: str,
    unit=None,
    position: int = 0,
) -> CapitalProject:
    ensure_can_everywhere(actor, "finance.configure")
    if CapitalProject.objects.filter(organisation=organisation, code=code).exists():
        raise DomainError(_("Projektkoden %(code)s finns redan.") % {"code": code})
    project = CapitalProject.objects.create(
        organisation=organisation,
        code=code,
        name=name,
        category=category,
        unit=unit,
        position=position,
    )
    audit_record(actor=actor, action="capital_project.create", obj=project)
    return project


@transaction.atomic
def capital_budget_revise(
    *,
    actor,
    organisation: Organisation,
    label: str,
    decided_on: dt.date,
    lines: dict[tuple[CapitalProject, int], Decimal],
    note: str = "",
) -> CapitalBudgetRevision:
    """Record a decided (re)statement of the capital budget: amounts in kronor per project and
    year. Earlier revisions are kept; a project's year takes the latest revision that states it."""
    ensure_can_everywhere(actor, "finance.configure")
    if not lines:
        raise DomainError(_("En revidering måste ange minst ett belopp."))
    for project, year in lines:
        if project.organisation_id != organisation.pk:
            raise DomainError(_("Projektet hör till en annan organisation."))
        if not 2000 <= year <= 2100:
            raise DomainError(_("Ogiltigt år %(year)s.") % {"year": year})
    revision = CapitalBudgetRevision.objects.create(
        organisation=organisation,
        label=label,
        decided_on=decided_on,
        note=note,
        created_by=user_or_none(actor),
    )
    CapitalBudgetLine.objects.bulk_create(
        CapitalBudgetLine(revision=revision, project=project, year=year, cents=_ore(amount))
        for (project, year), amount in lines.items()
    )
    audit_record(
        actor=actor,
        action="capital_budget.revise",
        obj=revision,
        detail={
            "lines": [
                {"project": p.code, "year": y, "amount": str(a)} for (p, y), a in lines.items()
            ]
        },
    )
    return revision


@transaction.atomic
def capital_forecast_set(
    *,
    actor,
    project: CapitalProject,
    year: int,
    as_of: tuple[int, int],
    amount: Decimal,
    comment: str = "",
) -> CapitalForecast:
    """A project's full-year forecast at the end of a month (a new one replaces that month's)."""
    if project.unit is None:
        ensure_can_everywhere(actor, "finance.configure")
    else:
        ensure_can(actor, "finance.forecast", project.unit)
    as_of_key = as_of[0] * 100 + as_of[1]
    _check_as_of(year, as_of)
    existing = CapitalForecast.objects.filter(project=project, year=year, as_of=as_of_key).first()
    before = snapshot(existing) if existing else None
    forecast, _created = CapitalForecast.objects.update_or_create(
        project=project,
        year=year,
        as_of=as_of_key,
        defaults={
            "cents": _ore(amount),
            "comment": comment.strip(),
            "created_by": user_or_none(actor),
        },
    )
    audit_record(actor=actor, action="capital_forecast.set", obj=forecast, before=before)
    return forecast


# --------------------------------------------------------------------------------------------
# Operating budget and forecasts


@transaction.atomic
def operating_budget_set(
    *,
    actor,
    unit,
    year: int,
    label: str,
    decided_on: dt.date,
    lines: dict,
    source: str = "manual",
) -> OperatingBudget:
    """Record a (revised) operating budget for a unit's subtree: ``lines`` maps (report line,
    month 1–12) to kronor in report sign. Earlier revisions are kept."""
    ensure_can(actor, "finance.configure", unit)
    if not lines:
        raise DomainError(_("Budgeten saknar belopp."))
    for line, month in lines:
        if line.organisation_id != unit.organisation_id:
            raise DomainError(_("Rapportraden hör till en annan organisation."))
        if not 1 <= month <= 12:
            raise DomainError(_("Månaden %(m)s finns inte (1–12).") % {"m": month})
    budget = OperatingBudget.objects.create(
        organisation_id=unit.organisation_id,
        unit=unit,
        year=year,
        label=label,
        decided_on=decided_on,
        source=source,
        created_by=user_or_none(actor),
    )
    OperatingBudgetLine.objects.bulk_create(
        OperatingBudgetLine(budget=budget, report_line=line, month=month, cents=_ore(amount))
        for (line, month), amount in lines.items()
        if amount
    )
    total = sum((Decimal(a) for a in lines.values()), Decimal(0))
    audit_record(
        actor=actor, action="operating_budget.set", obj=budget, detail={"total": str(total)}
    )
    return budget


def operating_budget_from_ledger(
    *, actor, unit, year: int, label: str, decided_on: dt.date
) -> OperatingBudget:
    """A revision that takes the ledger's monthly budget (#PBUDGET) for the unit's subtree."""
    from .selectors import ledger_budget_by_line

    months = ledger_budget_by_line(unit=unit, year=year)
    lines = {
        (line, month): Decimal(cents) / 100
        for line, per_month in months.items()
        for month, cents in enumerate(per_month, start=1)
        if cents
    }
    return operating_budget_set(
        actor=actor,
        unit=unit,
        year=year,
        label=label,
        decided_on=decided_on,
        lines=lines,
        source="ledger",
    )


@transaction.atomic
def forecast_set(
    *,
    actor,
    unit,
    year: int,
    as_of: tuple[int, int],
    amounts: dict,
    comment: str = "",
) -> list[Forecast]:
    """A unit's full-year forecast per report line (kronor, report sign) made at the end of
    ``as_of``; it replaces a forecast made for the same month.

    A forecast without amounts, or one leaving out a line the stored forecast of that month
    has, is refused: a replacement never deletes figures by omission."""
    ensure_can(actor, "finance.forecast", unit)
    _check_as_of(year, as_of)
    key = as_of[0] * 100 + as_of[1]
    if not amounts:
        raise DomainError(_("Prognosen saknar belopp; den sparade prognosen är oförändrad."))
    for line in amounts:
        if line.organisation_id != unit.organisation_id:
            raise DomainError(_("Rapportraden hör till en annan organisation."))
    existing = Forecast.objects.select_for_update().filter(unit=unit, year=year, as_of=key)
    left_out = sorted(
        f.report_line.code
        for f in existing.select_related("report_line")
        if f.report_line not in amounts
    )
    if left_out:
        raise DomainError(
            _(
                "Prognosen saknar rapportraderna %(lines)s som har en sparad prognos; "
                "ingenting har ändrats."
            )
            % {"lines": ", ".join(left_out)}
        )
    before = {str(f.report_line_id): f.cents for f in existing}
    existing.delete()
    user = user_or_none(actor)
    clean = comment.strip()
    rows = Forecast.objects.bulk_create(
        Forecast(
            unit=unit,
            year=year,
            as_of=key,
            report_line=line,
            cents=_ore(amount),
            comment=clean,
            created_by=user,
        )
        for line, amount in amounts.items()
    )
    audit_record(
        actor=actor,
        action="forecast.set",
        obj=unit,
        before={"as_of": key, "lines": before} if before else None,
        after={"as_of": key, "lines": {str(line.pk): _ore(a) for line, a in amounts.items()}},
        detail={"comment": clean},
    )
    return rows


@transaction.atomic
def unit_forecast_set(
    *,
    actor,
    unit,
    year: int,
    as_of: tuple[int, int],
    amounts: dict,
    business_line_results: dict | None = None,
    comment: str = "",
) -> list[Forecast]:
    """The forecast page's one save: a unit's forecast per report line (``forecast_set``) and
    its business lines' results (``business_line_forecast_set``), all of it or nothing."""
    ensure_can(actor, "finance.forecast", unit)
    results = business_line_results or {}
    for business_line in results:
        if business_line.unit_id != unit.pk:
            raise DomainError(_("Verksamheten hör till en annan enhet."))
    rows = forecast_set(
        actor=actor, unit=unit, year=year, as_of=as_of, amounts=amounts, comment=comment
    )
    for business_line, result in results.items():
        business_line_forecast_set(
            actor=actor, business_line=business_line, year=year, as_of=as_of, result=result
        )
    return rows


@transaction.atomic
def business_line_create(
    *, actor, unit, name: str, cost_centres: list, position: int = 0
) -> BusinessLine:
    """A business line of ``unit`` made of cost centres of its subtree (none in two lines)."""
    ensure_can(actor, "finance.configure", unit)
    subtree = set(unit.subtree().values_list("pk", flat=True))
    for cc in cost_centres:
        if cc.unit_id not in subtree:
            raise DomainError(
                _("Kostnadsstället %(code)s hör inte till enheten.") % {"code": cc.code}
            )
    taken = BusinessLine.objects.filter(unit=unit, cost_centres__in=cost_centres).values_list(
        "name", flat=True
    )
    if taken:
        raise DomainError(
            _("Kostnadsställena ingår redan i verksamheten %(name)s.") % {"name": taken[0]}
        )
    line = BusinessLine.objects.create(
        organisation_id=unit.organisation_id, unit=unit, name=name, position=position
    )
    line.cost_centres.set(cost_centres)
    audit_record(
        actor=actor,
        action="business_line.create",
        obj=line,
        detail={"cost_centres": [c.code for c in cost_centres]},
    )
    return line


@transaction.atomic
def business_line_forecast_set(
    *, actor, business_line: BusinessLine, year: int, as_of: tuple[int, int], result: Decimal
) -> BusinessLineForecast:
    """A business line's forecast of its full-year result (kronor, surplus positive)."""
    ensure_can(actor, "finance.forecast", business_line.unit)
    _check_as_of(year, as_of)
    key = as_of[0] * 100 + as_of[1]
    existing = BusinessLineForecast.objects.filter(
        business_line=business_line, year=year, as_of=key
    ).first()
    before = snapshot(existing) if existing else None
    forecast, _created = BusinessLineForecast.objects.update_or_create(
        business_line=business_line,
        year=year,
        as_of=key,
        defaults={
            "cents": _ore(result),
            "created_by": user_or_none(actor),
        },
    )
    audit_record(actor=actor, action="business_line_forecast.set", obj=forecast, before=before)
    return forecast
