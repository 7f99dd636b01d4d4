"""The ledger's year to date and the units' forecasts (read), scoped by unit as the finance
screens: a unit's figures with ``finance.view`` on the unit, the whole organisation's with it
held organisation-wide (and a token without a scope of its own)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router

from .. import pagination, selectors, tokens
from ..access import forbidden, require, require_anywhere
from ..errors import ApiError
from ..schemas import ForecastOut, ForecastTableOut, YtdOut
from .endpoint import detail, listing, since
from .filters import body_filter, month_filter, unit_filter

router = Router(tags=["finance"])


def _month(request, period: str | None) -> tuple[int, int]:
    found = month_filter(period)
    if found is None:
        found = selectors.finance_latest_month(organisation=request.organisation)
    if found is None:
        raise ApiError(
            404, "not_found", _("Det finns ingen budgeterad månad i huvudboken ännu."), None
        )
    return found


def _unit_or_organisation(request, unit: str | None):
    """The unit asked for, when the token may read its ledger; None for the whole
    organisation, which only a token reading every unit may."""
    require_anywhere(request, "finance.view")
    found = unit_filter(request, unit)
    if found is not None:
        require(request, "finance.view", found)
    elif tokens.units_for(request.auth, "finance.view") is not None:
        raise forbidden()
    return found


@detail(router, "/finance/year-to-date", YtdOut, "Utfall hittills i år per rapportrad")
def year_to_date(request, unit: str | None = None, period: str | None = None):
    """The ledger page's table through the month ``period`` (ÅÅÅÅ-MM; default the latest
    month with a budget): a unit's (with its subtree), or without ``unit`` the whole
    organisation's."""
    found = _unit_or_organisation(request, unit)
    year, month = _month(request, period)
    table = selectors.finance_ytd(
        organisation=request.organisation, unit=found, year=year, month=month
    )
    return {
        "unit": found.code if found else None,
        "year": year,
        "month": month,
        "fiscal_year_start": table.fiscal_year[0] if table.fiscal_year else None,
        "fiscal_year_end": table.fiscal_year[1] if table.fiscal_year else None,
        "rows": [
            {
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "actual": r.actual,
                "budget": r.budget,
                "previous": r.previous if table.has_previous else None,
                "variance": r.variance,
            }
            for r in table.rows
        ],
    }


@detail(router, "/finance/forecast", ForecastTableOut, "En enhets prognostabell")
def forecast(request, unit: str, period: str | None = None):
    """The forecast page's table of ``unit`` made at the end of the month ``period``."""
    require_anywhere(request, "finance.view")
    found = unit_filter(request, unit)
    require(request, "finance.view", found)
    year, month = _month(request, period)
    table = selectors.finance_forecast(
        organisation=request.organisation, unit=found, year=year, month=month
    )
    return {
        "unit": found.code,
        "year": year,
        "month": month,
        "comment": table.comment,
        "rows": [
            {
                "code": r.code,
                "name": r.name,
                "kind": r.kind,
                "budget": r.budget,
                "actual": r.actual,
                "proposal": r.proposal,
                "forecast": r.forecast,
                "entered": r.entered,
                "variance": r.variance,
                "change": r.change,
            }
            for r in table.rows
        ],
    }


def forecast_out(f) -> dict:
    from uppsikt.finance.selectors import kronor

    year, month = divmod(f.as_of, 100)
    return {
        "id": f.pk,
        "unit": f.unit.code,
        "year": f.year,
        "period": f"{year:04d}-{month:02d}",
        "report_line": f.report_line.code,
        "amount": kronor(f.cents),
        "comment": f.comment,
        "modified_at": f.updated_at,
    }


@listing(router, "/finance/forecasts", ForecastOut, "Lämnade prognoser per rapportrad")
def forecasts(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    unit: str | None = None,
    body: str | None = None,
    year: int | None = None,
    period: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """The forecasts entered for the units whose ledger the token may read (``period``: the
    month they were made at the end of)."""
    require_anywhere(request, "finance.view")
    as_of = month_filter(period)
    qs = selectors.forecasts(
        organisation=request.organisation,
        units_q=tokens.units_for(request.auth, "finance.view"),
        unit=unit_filter(request, unit),
        body=body_filter(request, body),
        year=year,
        as_of=as_of[0] * 100 + as_of[1] if as_of else None,
    )
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=forecast_out)
