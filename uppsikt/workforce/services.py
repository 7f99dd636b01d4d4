"""Writes of the workforce app: HR import, figure computation and storage, retention purge.

Each is keyword-only, checks the permission first, runs in one transaction and writes its audit
row in it. The raw HR rows are read only here (``_hr_data``), for the computation.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import DomainError, ImportFailed
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.models import Organisation, Unit
from uppsikt.organisation.permissions import ensure_can

from . import compute as engine
from . import disclosure
from .compute import DEPARTURE_DAYS
from .figures import FigureResult
from .hrdata import HrData, Period
from .import_tables import Source
from .importers import read_hr_extract
from .models import HrExtract, HrExtractData, StaffFigureBasis, StaffFigureSet
from .selectors import extract_current
from .sick_spells import LONG_TERM_RUN, RELAPSE_DAYS

DEFINITION_VERSION = "docs/definitions.md §3 (2025)"
SERIES_MONTHS = 24


@dataclass(frozen=True)
class HrImportResult:
    extract: HrExtract
    replaced: bool
    counts: dict[str, int]


def _ensure_import(actor, organisation: Organisation) -> None:
    """An extract holds the whole organisation's staff: the right must cover every unit."""
    ensure_can(actor, "workforce.import")


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def _hr_data(extract: HrExtract) -> HrData:
    """The raw rows of ``extract``; for the computation only."""
    try:
        raw = HrExtractData.objects.get(extract=extract)
    except HrExtractData.DoesNotExist as exc:
        raise DomainError(
            _("Rådata för HR-uttaget %(extract)s har raderats; läs in ett nytt uttag.")
            % {"extract": extract}
        ) from exc
    return HrData(
        employees=pl.read_parquet(io.BytesIO(bytes(raw.employees))),
        employments=pl.read_parquet(io.BytesIO(bytes(raw.employments))),
        absences=pl.read_parquet(io.BytesIO(bytes(raw.absences))),
        covers_until=extract.covers_until,
    )


@transaction.atomic
def hr_extract_import(
    *,
    actor,
    organisation: Organisation,
    sources: dict[str, Source],
    covers_until: dt.date | None = None,
) -> HrImportResult:
    """Check and store an HR extract; the same extract imported again replaces the earlier one.

    Nothing is written when any file has an error (``ImportFailed`` lists them with file, line
    and column, never with a value from the rows).
    """
    _ensure_import(actor, organisation)
    unit_codes = set(Unit.objects.filter(organisation=organisation).values_list("code", flat=True))
    parsed = read_hr_extract(
        sources, unit_codes=unit_codes, covers_until=covers_until, today=timezone.localdate()
    )
    if parsed.errors or parsed.data is None:
        raise ImportFailed(
            _("HR-uttaget lästes inte in; inget har sparats."),
            errors=[str(problem) for problem in parsed.errors],
        )
    data = parsed.data
    now = timezone.now()
    user = user_or_none(actor)
    extract = (
        HrExtract.objects.select_for_update()
        .filter(organisation=organisation, checksum=parsed.checksum)
        .first()
    )
    replaced = extract is not None
    if extract is None:
        extract = HrExtract(organisation=organisation, checksum=parsed.checksum)
    extract.file_names = parsed.names
    extract.file_format = parsed.file_format
    extract.counts = parsed.counts
    extract.covers_until = data.covers_until
    extract.imported_at = now
    extract.imported_by = user
    extract.purged_at = None
    extract.save()
    # in place: the same rows again keep the computation's bases (``StaffFigureBasis``)
    HrExtractData.objects.update_or_create(
        extract=extract,
        defaults={
            "employees": _parquet(data.employees),
            "employments": _parquet(data.employments),
            "absences": _parquet(data.absences),
        },
    )
    audit_record(
        actor=actor,
        action="hr_extract.replace" if replaced else "hr_extract.import",
        obj=extract,
        detail={"files": parsed.names, "counts": parsed.counts},
    )
    return HrImportResult(extract=extract, replaced=replaced, counts=parsed.counts)


def default_periods(extract: HrExtract, months: int = SERIES_MONTHS) -> list[Period]:
    """The monthly series ending with the last month whose departures the extract can judge
    (its window end + 30 days lies within the extract)."""
    last = extract.covers_until - dt.timedelta(days=DEPARTURE_DAYS)
    period = Period(last.year, last.month)
    if period.window_end > last:
        period = period.shift(-1)
    return [period.shift(-k) for k in range(months - 1, -1, -1)]


def unit_tree(organisation: Organisation) -> list[tuple[str, str | None]]:
    return list(Unit.objects.filter(organisation=organisation).values_list("code", "parent__code"))


@dataclass
class _Figures:
    """A computation of every unit for some periods, after disclosure control."""

    extract: HrExtract
    results: list[FigureResult]
    recomputed: int  # (unit, period) pairs computed from the rows
    reused: int  # pairs whose rows had not changed, taken from ``StaffFigureBasis``


def _controlled_figures(
    *,
    organisation: Organisation,
    periods: Sequence[Period],
    extract: HrExtract | None,
    keep: bool = False,
) -> _Figures:
    """Every unit's figures for ``periods``, after disclosure control (which needs the whole
    tree: a unit's figures may be suppressed to protect a sibling).

    Only the (unit, period) pairs whose fingerprint — a digest of the rows the figure rests on,
    the rules and the unit tree (``compute.Computation.fingerprints``) — differs from the stored
    basis are computed; the others are taken from their ``StaffFigureBasis``. Disclosure
    control then runs over every unit of each period, as it must. With ``keep``, the bases of
    the pairs computed are stored and every basis used is tied to this extract's raw rows.
    """
    extract = extract or extract_current(organisation=organisation)
    if extract is None:
        raise DomainError(_("Inget HR-uttag är inläst."))
    data = _hr_data(extract)
    tree = unit_tree(organisation)
    periods = list(periods)
    computation = engine.Computation(data, units=tree, periods=periods)
    fingerprints = computation.fingerprints()
    bases = {
        (basis.unit_code, Period(basis.period_end.year, basis.period_end.month)): basis
        for basis in StaffFigureBasis.objects.filter(
            organisation=organisation, period_end__in=[p.window_end for p in periods]
        )
    }
    stale = [
        key
        for key, fingerprint in fingerprints.items()
        if key not in bases or bases[key].fingerprint != fingerprint
    ]
    computed = {(r.unit, r.period): r for r in computation.figures(stale)} if stale else {}
    results = [
        computed[(code, period)]
        if (code, period) in computed
        else _from_basis(bases[(code, period)], code, period)
        for period in periods
        for code, _parent in tree
    ]
    if keep:
        raw = HrExtractData.objects.get(extract=extract)
        StaffFigureBasis.objects.bulk_create(
            [
                StaffFigureBasis(
                    raw=raw,
                    organisation=organisation,
                    unit_code=code,
                    period_end=period.window_end,
                    fingerprint=fingerprints[(code, period)],
                    figures=copy.deepcopy(result.figures),
                    sizes=dict(result.sizes),
                    exposure={
                        block: [n, list(amounts)] for block, (n, amounts) in result.exposure.items()
                    },
                )
                for (code, period), result in computed.items()
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["organisation", "unit_code", "period_end"],
            update_fields=["raw", "fingerprint", "figures", "sizes", "exposure"],
        )
        StaffFigureBasis.objects.filter(
            organisation=organisation, period_end__in=[p.window_end for p in periods]
        ).exclude(raw=raw).update(raw=raw)
    return _Figures(
        extract=extract,
        results=disclosure.control(results, tree=tree),
        recomputed=len(computed),
        reused=len(results) - len(computed),
    )


def _from_basis(basis: StaffFigureBasis, code: str, period: Period) -> FigureResult:
    return FigureResult(
        unit=code,
        period=period,
        figures=copy.deepcopy(basis.figures),  # the disclosure control edits them in place
        sizes=dict(basis.sizes),
        exposure={block: (n, tuple(amounts)) for block, (n, amounts) in basis.exposure.items()},
    )


def staff_figures_compute(
    *,
    actor,
    organisation: Organisation,
    units: Sequence[Unit],
    periods: Sequence[Period],
    extract: HrExtract | None = None,
) -> tuple[HrExtract, list[FigureResult]]:
    """Compute (without storing) the figures of ``units`` for ``periods``, as they may be
    published (``disclosure``)."""
    for unit in units:
        ensure_can(actor, "workforce.view", unit)
    figures = _controlled_figures(organisation=organisation, periods=periods, extract=extract)
    extract, results = figures.extract, figures.results
    wanted = {u.code for u in units}
    parents = set(
        Unit.objects.filter(organisation=organisation, parent__isnull=False).values_list(
            "parent__code", flat=True
        )
    )
    order = {code: i for i, code in enumerate(u.code for u in units)}
    published = [
        disclosure.published_result(r, has_sub_units=r.unit in parents)
        for r in results
        if r.unit in wanted
    ]
    published.sort(key=lambda r: (order[r.unit], r.period.index))
    return extract, published


def _parameters(extract: HrExtract) -> dict:
    return {
        "definition": DEFINITION_VERSION,
        "suppress_at_most": engine.SUPPRESS_AT_MOST,
        "disclosure_control": disclosure.VERSION,
        "relapse_days": RELAPSE_DAYS,
        "long_term_run_days": LONG_TERM_RUN,
        "departure_days": engine.DEPARTURE_DAYS,
        "extract_checksum": extract.checksum,
        "extract_covers_until": extract.covers_until.isoformat(),
    }


@transaction.atomic
def staff_figures_store(
    *,
    actor,
    organisation: Organisation,
    units: Sequence[Unit],
    periods: Sequence[Period],
    extract: HrExtract | None = None,
) -> list[StaffFigureSet]:
    """Compute and store the figures of ``units`` × ``periods``, replacing earlier ones.

    Only figures whose rows changed are computed (``_controlled_figures``) and only sets whose
    figures changed are rewritten; every set is tied to ``extract``."""
    ensure_can(actor, "workforce.import")
    figures = _controlled_figures(
        organisation=organisation, periods=periods, extract=extract, keep=True
    )
    extract = figures.extract
    by_code = {u.code: u for u in units}
    now = timezone.now()
    parameters = _parameters(extract)
    existing = {
        (fs.unit_id, fs.period_end): fs
        for fs in StaffFigureSet.objects.filter(
            unit__in=list(units), period_end__in=[p.window_end for p in periods]
        )
    }
    created, changed, rows = [], [], []
    for r in figures.results:
        if r.unit not in by_code:
            continue
        unit = by_code[r.unit]
        figure_set = existing.get((unit.pk, r.period.window_end))
        if figure_set is None:
            figure_set = StaffFigureSet(
                organisation=organisation,
                unit=unit,
                period_end=r.period.window_end,
                window_start=r.period.window_start,
                computed_at=now,
                figures=r.figures,
                sizes=r.sizes,
                provisional=r.figures["provisional"],
            )
            created.append(figure_set)
        elif figure_set.figures != r.figures or figure_set.sizes != r.sizes:
            # figures that did not change keep the time they were computed
            figure_set.figures, figure_set.sizes = r.figures, r.sizes
            figure_set.provisional = r.figures["provisional"]
            figure_set.computed_at = now
            changed.append(figure_set)
        figure_set.extract, figure_set.parameters = extract, parameters
        rows.append(figure_set)
    StaffFigureSet.objects.bulk_create(created, batch_size=500)
    StaffFigureSet.objects.bulk_update(
        changed, ["figures", "sizes", "provisional", "computed_at"], batch_size=500
    )
    # every set now rests on this extract (those that did not change were confirmed by it)
    StaffFigureSet.objects.filter(pk__in=[fs.pk for fs in rows if fs not in created]).update(
        extract=extract, parameters=parameters
    )
    audit_record(
        actor=actor,
        action="staff_figures.compute",
        obj=extract,
        after=None,
        detail={
            "units": len(units),
            "periods": [str(p) for p in periods],
            "figure_sets": len(rows),
            "figure_sets_changed": len(created) + len(changed),
            "recomputed": figures.recomputed,
            "reused": figures.reused,
            "parameters": parameters,
        },
    )
    return rows


@transaction.atomic
def staff_figures_recompute(*, actor, organisation: Organisation) -> list[StaffFigureSet]:
    """Recompute every unit's series from the newest extract: the periods already stored and
    the default series of that extract."""
    ensure_can(actor, "workforce.import")
    extract = extract_current(organisation=organisation)
    if extract is None:
        raise DomainError(_("Inget HR-uttag är inläst."))
    units = list(Unit.objects.filter(organisation=organisation))
    stored = {
        Period(d.year, d.month)
        for d in StaffFigureSet.objects.filter(organisation=organisation)
        .values_list("period_end", flat=True)
        .distinct()
    }
    periods = sorted(stored | set(default_periods(extract)), key=lambda p: p.index)
    rows = staff_figures_store(
        actor=actor, organisation=organisation, units=units, periods=periods, extract=extract
    )
    # the staff indicators of the plans follow the new figures
    staff_measurements_publish(actor=actor, organisation=organisation)
    return rows


def retention_days() -> int | None:
    """``UPPSIKT_HR_RETENTION_DAYS`` (setting or environment); None keeps raw rows."""
    import os

    value = getattr(settings, "UPPSIKT_HR_RETENTION_DAYS", None)
    if value is None:
        value = os.environ.get("UPPSIKT_HR_RETENTION_DAYS") or None
    return int(value) if value is not None else None


@transaction.atomic
def hr_extracts_purge(*, actor, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Delete the raw rows of extracts imported more than ``older_than_days`` days ago.

    The extract's description and the figures computed from it stay, so their provenance does.
    """
    if older_than_days < 0:
        raise DomainError(_("Antalet dagar kan inte vara negativt."))
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=older_than_days)
    extracts = list(
        HrExtract.objects.select_for_update().filter(imported_at__lt=cutoff, purged_at__isnull=True)
    )
    for organisation in {extract.organisation for extract in extracts}:
        _ensure_import(actor, organisation)
    for extract in extracts:
        HrExtractData.objects.filter(extract=extract).delete()
        extract.purged_at = now
        extract.save(update_fields=["purged_at"])
        audit_record(
            actor=actor,
            action="hr_extract.purge",
            obj=extract,
            detail={"older_than_days": older_than_days},
        )
    return len(extracts)


UPLOADS = "uploads/hr"


def hr_uploads_purge(*, actor, older_than_days: int, now: dt.datetime | None = None) -> int:
    """Remove raw HR uploads no import needs any more; returns the number of files removed.

    An upload is normally removed by its import job when it ends. A job whose worker died is
    first marked abandoned (``core.jobs.jobs_sweep``); then the files of every finished import
    job still present are removed, and any other file in ``uploads/hr/`` older than
    ``older_than_days`` (and than the job timeout, so that an upload just arriving is safe)
    that no queued or running import holds.
    """
    from django.core.files.storage import default_storage

    from uppsikt.core.jobs import job_leftovers_remove, jobs_sweep, timeout
    from uppsikt.core.models import Job

    if older_than_days < 0:
        raise DomainError(_("Antalet dagar kan inte vara negativt."))
    ensure_can(actor, "workforce.import")
    for organisation in Organisation.objects.all():
        _ensure_import(actor, organisation)
    now = now or timezone.now()
    present = _uploads(default_storage)
    jobs_sweep(now=now)  # an import whose worker died: marked failed, its uploads removed
    finished = Job.objects.filter(
        kind="hr_import", status__in=[Job.Status.DONE, Job.Status.FAILED]
    ).exclude(leftovers=[])
    for job in finished:
        count = job_leftovers_remove(job)
        if count:
            with transaction.atomic():
                audit_record(
                    actor=actor, action="hr_upload.purge", obj=job, detail={"files": count}
                )
    held = {
        name
        for job in Job.objects.filter(
            kind="hr_import", status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
        )
        for name in job.leftovers or []
    }
    cutoff = min(now - dt.timedelta(days=older_than_days), now - timeout())
    for name in _uploads(default_storage) - held:
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
    return len(present - _uploads(default_storage))


def _uploads(storage) -> set[str]:
    if not storage.exists(UPLOADS):
        return set()
    _dirs, files = storage.listdir(UPLOADS)
    return {f"{UPLOADS}/{name}" for name in files}


def _figure(figures: dict, path: str):
    value = figures
    for key in path.split(".")[1:]:  # "workforce.turnover.total" → turnover → total
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


@transaction.atomic
def staff_measurements_publish(*, actor, organisation: Organisation) -> int:
    """Write the stored R12 figures as measurements of the indicators computed from them
    (``Indicator.computed_from`` = ``workforce.<block>.<key>``), with their provenance. A figure
    people have marked *not reported* for a period stays so; a suppressed figure is recorded as
    not reported with the reason. Returns the number of measurements written."""
    from uppsikt.planning.models import Indicator, Measurement

    ensure_can(actor, "workforce.import")
    indicators = list(
        Indicator.objects.filter(organisation=organisation, computed_from__startswith="workforce.")
    )
    if not indicators:
        return 0
    sets = list(StaffFigureSet.objects.filter(organisation=organisation).select_related("extract"))
    parents = set(
        Unit.objects.filter(organisation=organisation, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    decided = set(
        Measurement.objects.filter(indicator__in=indicators, not_reported=True)
        .exclude(provenance__startswith="Uppsikt")
        .values_list("indicator_id", "unit_id", "period_end")
    )
    existing = {
        (m.indicator_id, m.unit_id, m.period_start, m.period_end): m
        for m in Measurement.objects.filter(
            indicator__in=indicators, provenance__startswith="Uppsikt"
        )
    }
    created, updated = [], []
    for indicator in indicators:
        for figure_set in sets:
            if (indicator.pk, figure_set.unit_id, figure_set.period_end) in decided:
                continue
            value = _figure(
                disclosure.published(
                    figure_set.figures, has_sub_units=figure_set.unit_id in parents
                ),
                indicator.computed_from,
            )
            provenance = (
                f"Uppsikt: R12 {figure_set.window_start:%Y-%m-%d}–{figure_set.period_end:%Y-%m-%d}, "
                f"HR-uttag {figure_set.extract_id}, beräknat {timezone.localtime(figure_set.computed_at):%Y-%m-%d %H:%M}"
                + (" (preliminärt)" if figure_set.provisional else "")
            )
            fields = {
                "value": None if value is None else Decimal(str(value)),
                "not_reported": value is None,
                "reason": _("Gruppen är 10 personer eller färre.") if value is None else "",
                "provenance": provenance[:300],
            }
            key = (indicator.pk, figure_set.unit_id, figure_set.window_start, figure_set.period_end)
            if key in existing:
                m = existing[key]
                for name, val in fields.items():
                    setattr(m, name, val)
                updated.append(m)
            else:
                created.append(
                    Measurement(
                        indicator=indicator,
                        unit_id=figure_set.unit_id,
                        period_start=figure_set.window_start,
                        period_end=figure_set.period_end,
                        **fields,
                    )
                )
    Measurement.objects.bulk_create(created, batch_size=1000)
    Measurement.objects.bulk_update(
        updated, ["value", "not_reported", "reason", "provenance"], batch_size=1000
    )
    audit_record(
        actor=actor,
        action="staff_measurements.publish",
        obj=organisation,
        after=None,
        detail={
            "indicators": [i.pk for i in indicators],
            "created": len(created),
            "updated": len(updated),
        },
    )
    return len(created) + len(updated)
