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


@transaction.atomic
def capital_forecast_set(
    *,
    actor,
    project: CapitalProject,
    year: int,
    as_of: tuple[int, int],
    amount: Decimal,
    comment: str = "",
    items: list[tuple[str, Decimal, str]] | None = None,
) -> CapitalForecast:
    """A project's full-year forecast at the end of a month (a new one replaces that month's).
    ``items``: the named parts of its variance against the budget (name, kronor with budget −
    forecast's sign, explanation), which the follow-up report lists one by one."""
    if project.unit is None:
        ensure_can_everywhere(actor, "finance.configure")
    else:
        ensure_can(actor, "finance.forecast", project.unit)
    as_of_key = as_of[0] * 100 + as_of[1]
    _check_as_of(year, as_of)
    items = [(name.strip(), value, text.strip()) for name, value, text in items or []]
    if any(not name or len(name) > 200 for name, _value, _text in items):
        raise DomainError(_("Varje prognosavvikelse måste ha ett namn (högst 200 tecken)."))
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
    forecast.items.all().delete()
    CapitalForecastItem.objects.bulk_create(
        CapitalForecastItem(
            forecast=forecast, position=n, name=name, cents=_ore(value), comment=text
        )
        for n, (name, value, text) in enumerate(items)
    )
    audit_record(
        actor=actor,
        action="capital_forecast.set",
        obj=forecast,
        before=before,
        detail={"items": [{"name": n, "amount": str(v)} for n, v, _t in items]} if items else None,
    )
    return forecast
