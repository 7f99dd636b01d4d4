"""Reads of the workforce app for screens, documents and commands.

Only computed, suppressed figures are read here; the raw HR rows are not reachable from any
selector. Every figure set handed out has passed ``disclosure.published`` (``_published``):
its ``figures`` are what may be shown, never to be saved back.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from uppsikt.organisation.models import Organisation, Unit
from uppsikt.organisation.permissions import has_permission

from . import disclosure
from .hrdata import month_end
from .models import HrExtract, StaffFigureSet

BLOCKS = ("sickness", "turnover")


def extract_current(*, organisation: Organisation) -> HrExtract | None:
    """The newest extract whose raw rows are still kept."""
    return (
        HrExtract.objects.filter(organisation=organisation, purged_at__isnull=True)
        .order_by("-imported_at", "-pk")
        .first()
    )


def extracts_recent(*, organisation: Organisation, limit: int = 10) -> QuerySet[HrExtract]:
    return HrExtract.objects.filter(organisation=organisation).order_by("-imported_at", "-pk")[
        :limit
    ]


def periods_available(*, organisation: Organisation) -> list[dt.date]:
    return list(
        StaffFigureSet.objects.filter(organisation=organisation)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .distinct()
    )


def unit_periods(*, unit: Unit) -> list[dt.date]:
    """The periods (last days of the months) with stored figures for ``unit``, newest first."""
    return list(
        StaffFigureSet.objects.filter(unit=unit)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
    )


def _published(sets: list[StaffFigureSet | None]) -> None:
    """Replace each set's figures by what may leave Uppsikt (the disclosure control's gate)."""
    present = [fs for fs in sets if fs is not None]
    if not present:
        return
    parents = set(
        Unit.objects.filter(parent_id__in={fs.unit_id for fs in present}).values_list(
            "parent_id", flat=True
        )
    )
    for fs in present:
        fs.figures = disclosure.published(fs.figures, has_sub_units=fs.unit_id in parents)


def published_sets(*, sets: list[StaffFigureSet]) -> list[StaffFigureSet]:
    """``sets`` (read elsewhere, e.g. a page of the REST API) with their figures replaced by
    what may leave Uppsikt, as every other selector here hands them out."""
    _published(list(sets))
    return sets


def figure_sets_of(
    *, organisation: Organisation, units_q, unit: Unit | None = None, year=None, month=None
) -> QuerySet[StaffFigureSet]:
    """The stored figure sets of the active units ``units_q`` selects (None: every unit),
    to be paged and then passed through ``published_sets`` before anything is read of them."""
    qs = StaffFigureSet.objects.filter(organisation=organisation, unit__is_active=True)
    if units_q is not None:
        qs = qs.filter(unit__in=Unit.objects.filter(units_q))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year is not None:
        qs = qs.filter(period_end__year=year)
    if month is not None:
        qs = qs.filter(period_end__month=month)
    return qs.select_related("unit")


def has_sub_units(*, unit: Unit) -> bool:
    """Whether the unit has sub-units: then its hours and counts are not published."""
    return Unit.objects.filter(parent=unit).exists()


def figures_by_unit(*, units: list[Unit], period_end: dt.date) -> dict[int, StaffFigureSet]:
    sets = list(StaffFigureSet.objects.filter(unit__in=units, period_end=period_end))
    _published(sets)
    return {fs.unit_id: fs for fs in sets}


def figure_set(*, unit: Unit, period_end: dt.date | None = None) -> StaffFigureSet | None:
    """The unit's figures for a period (the latest when none is given)."""
    sets = StaffFigureSet.objects.filter(unit=unit).select_related("extract")
    if period_end is not None:
        found = sets.filter(period_end=period_end).first()
    else:
        found = sets.order_by("-period_end").first()
    _published([found])
    return found


def year_before(period_end: dt.date) -> dt.date:
    """The same period a year earlier: R12 to 2025-08-31 → R12 to 2024-08-31 (the value 002
    shows in parentheses beside the current one)."""
    return month_end((period_end.year - 1) * 12 + period_end.month - 1)


def figure_set_year_before(*, current: StaffFigureSet) -> StaffFigureSet | None:
    """The unit's figures for the same month a year earlier, if they are stored."""
    return figure_set(unit=current.unit, period_end=year_before(current.period_end))


def figure_series(*, unit: Unit, until: dt.date, months: int = 24) -> list[StaffFigureSet]:
    """The unit's monthly R12 series up to ``until``, oldest first."""
    series = list(
        reversed(
            StaffFigureSet.objects.filter(unit=unit, period_end__lte=until).order_by("-period_end")[
                :months
            ]
        )
    )
    _published(series)
    return series


def units_viewable(*, actor, organisation: Organisation) -> list[Unit]:
    """The units whose figures ``actor`` may see, in tree order."""
    units = list(Unit.objects.filter(organisation=organisation, is_active=True).order_by("path"))
    return [u for u in units if has_permission(actor, "workforce.view", u)]


@dataclass
class ComparisonRow:
    unit: Unit
    figures: dict[str, Any] | None
    secondary: set[str]  # blocks suppressed only to protect another row
    is_current: bool = False


def _suppress(figures: dict[str, Any], block: str) -> None:
    def blank(value):
        if isinstance(value, dict):
            return {k: blank(v) for k, v in value.items()}
        return None

    figures[block] = blank(figures[block])


def with_secondary_suppression(
    rows: list[tuple[Unit, StaffFigureSet | None]],
) -> list[ComparisonRow]:
    """A table of sub-units: where exactly one sub-unit's block is suppressed, the smallest
    other sub-unit's block is suppressed too, so the hidden figure cannot be worked out by
    subtraction from the parent (docs/definitions.md §3.3)."""
    out = [
        ComparisonRow(
            unit=unit,
            figures=copy.deepcopy(fs.figures) if fs is not None else None,
            secondary=set(),
        )
        for unit, fs in rows
    ]
    sizes = {
        id(row): (fs.sizes if fs is not None else {})
        for row, (_u, fs) in zip(out, rows, strict=True)
    }
    for block in BLOCKS:
        present = [r for r in out if r.figures is not None]
        hidden = [r for r in present if r.figures[block]["total"] is None]
        shown = [r for r in present if r.figures[block]["total"] is not None]
        if len(hidden) == 1 and shown:
            smallest = min(shown, key=lambda r: (sizes[id(r)].get(block) or 0, r.unit.code))
            _suppress(smallest.figures, block)
            smallest.secondary.add(block)
    return out


def comparison(
    *, actor, unit: Unit, period_end: dt.date
) -> tuple[list[ComparisonRow], list[ComparisonRow]]:
    """(the unit among its siblings, the unit's own sub-units), each with secondary suppression;
    only units the actor may see."""
    if unit.parent_id:
        siblings = list(Unit.objects.filter(parent_id=unit.parent_id, is_active=True))
    else:
        siblings = list(
            Unit.objects.filter(
                organisation_id=unit.organisation_id, parent__isnull=True, is_active=True
            )
        )
    children = list(Unit.objects.filter(parent=unit, is_active=True))
    found = list(
        StaffFigureSet.objects.filter(unit__in=[*siblings, *children], period_end=period_end)
    )
    _published(found)
    sets = {fs.unit_id: fs for fs in found}

    def table(units: list[Unit]) -> list[ComparisonRow]:
        units = sorted(units, key=lambda u: (u.position, u.name))
        rows = with_secondary_suppression([(u, sets.get(u.pk)) for u in units])
        for row in rows:
            row.is_current = row.unit.pk == unit.pk
        return [r for r in rows if has_permission(actor, "workforce.view", r.unit)]

    return table(siblings), table(children)


def targets_and_status(*, unit, figure_set) -> dict:
    """For the R12 totals of ``figure_set``: the target of the plans' computed indicator for the
    year (the unit's own, else that of the body its förvaltning serves) and the status met /
    near / not met (docs/definitions.md §4). ``{"sickness": {...}, "turnover": {...}}``; a block
    without an indicator or a target is left out."""
    from decimal import Decimal

    from uppsikt.planning.models import Indicator, Target
    from uppsikt.planning.status import indicator_status

    chain = [unit.pk, *reversed(unit.ancestor_ids())]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=chain)}
    out = {}
    for block in ("sickness", "turnover"):
        indicator = Indicator.objects.filter(
            organisation_id=unit.organisation_id, computed_from=f"workforce.{block}.total"
        ).first()
        if indicator is None:
            continue
        year = figure_set.period_end.year
        target = None
        for pk in chain:
            target = Target.objects.filter(indicator=indicator, year=year, unit_id=pk).first()
            if target is None and units[pk].body_id:
                target = Target.objects.filter(
                    indicator=indicator, year=year, body_id=units[pk].body_id
                ).first()
            if target is not None:
                break
        if target is None:
            continue
        value = figure_set.figures.get(block, {}).get("total")
        status = None
        if value is not None:
            status = indicator_status(
                value=Decimal(str(value)),
                target=target.value,
                tolerance=target.tolerance,
                higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
            )
        out[block] = {"indicator": indicator, "target": target, "status": status}
    return out
