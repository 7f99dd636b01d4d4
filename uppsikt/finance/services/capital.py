"""Capital projects, the decided capital budget and its revisions, the projects' forecasts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can, ensure_can_everywhere

from ..models import (
    CapitalBudgetLine,
    CapitalBudgetRevision,
    CapitalForecast,
    CapitalForecastItem,
    CapitalProject,
)
from ._base import _check_as_of, _ore


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


ForecastPart = tuple[str, Decimal, str] | tuple[str, Decimal, str, int]


def _ensure_can_forecast(actor, project: CapitalProject) -> None:
    """A project's forecast is entered by those who forecast for its unit; a project of the
    whole organisation (no unit) by the organisation-wide controller."""
    if project.unit is None:
        ensure_can_everywhere(actor, "finance.configure")
    else:
        ensure_can(actor, "finance.forecast", project.unit)


def _clean_parts(items: list[ForecastPart]) -> list[tuple[str, Decimal, str, int]]:
    """(name, kronor, explanation, position) trimmed; a part without a position takes its place
    in the list. The position orders the parts among all the department's forecast variances
    in the follow-up report (003: "ITD - Prognosavvikelser", FVIS last)."""
    out = []
    for n, item in enumerate(items):
        name, value, text = item[0], item[1], item[2]
        position = item[3] if len(item) > 3 else n
        out.append((name.strip(), value, text.strip(), position))
    if any(not name or len(name) > 200 for name, _v, _t, _p in out):
        raise DomainError(_("Varje prognosavvikelse måste ha ett namn (högst 200 tecken)."))
    if any(not 0 <= position <= 32767 for _n, _v, _t, position in out):
        raise DomainError(_("Ordningen är ett heltal från 0 till 32767."))
    return out


def _write_parts(forecast: CapitalForecast, parts: list[tuple[str, Decimal, str, int]]) -> None:
    forecast.items.all().delete()
    CapitalForecastItem.objects.bulk_create(
        CapitalForecastItem(
            forecast=forecast, position=position, name=name, cents=_ore(value), comment=text
        )
        for name, value, text, position in parts
    )


def _parts_detail(parts) -> list[dict]:
    return [{"name": n, "amount": str(v), "position": p} for n, v, _t, p in parts]


@transaction.atomic
def capital_forecast_set(
    *,
    actor,
    project: CapitalProject,
    year: int,
    as_of: tuple[int, int],
    amount: Decimal,
    comment: str = "",
    items: list[ForecastPart] | None = None,
) -> CapitalForecast:
    """A project's full-year forecast at the end of a month (a new one replaces that month's).
    ``items``: the named parts of its variance against the budget (name, kronor with budget −
    forecast's sign, explanation, optionally their position in the report), which the
    follow-up report lists one by one; ``None`` keeps the parts the month's forecast has."""
    _ensure_can_forecast(actor, project)
    as_of_key = as_of[0] * 100 + as_of[1]
    _check_as_of(year, as_of)
    parts = _clean_parts(items) if items is not None else None
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
    if parts is not None:
        _write_parts(forecast, parts)
    audit_record(
        actor=actor,
        action="capital_forecast.set",
        obj=forecast,
        before=before,
        detail={"items": _parts_detail(parts)} if parts else None,
    )
    return forecast


@transaction.atomic
def capital_forecast_items_set(
    *, actor, forecast: CapitalForecast, items: list[ForecastPart]
) -> CapitalForecast:
    """Replace the named parts of a forecast's variance (name, kronor with budget − forecast's
    sign, explanation, position); an empty list leaves the forecast without parts."""
    forecast = (
        CapitalForecast.objects.select_for_update(of=("self",))
        .select_related("project__unit")
        .get(pk=forecast.pk)
    )
    _ensure_can_forecast(actor, forecast.project)
    parts = _clean_parts(items)
    before = _parts_detail(
        (i.name, _kr(i.cents), i.comment, i.position) for i in forecast.items.all()
    )
    _write_parts(forecast, parts)
    audit_record(
        actor=actor,
        action="capital_forecast.items_set",
        obj=forecast,
        detail={"before": before, "items": _parts_detail(parts)},
    )
    return forecast


def _kr(cents: int) -> Decimal:
    return Decimal(cents) / 100
