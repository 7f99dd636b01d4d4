"""Plans and their items; indicators and their measurements (read and write, and the
batch import)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from uppsikt.planning import services as planning_services
from uppsikt.planning.models import Indicator, Measurement, Plan

from .. import pagination, selectors, services, tokens
from ..access import bad_filter, forbidden, not_found, require, require_anywhere
from ..errors import ApiError
from ..periods import period_bounds
from ..schemas import (
    ERRORS,
    BatchIn,
    BatchOut,
    ErrorOut,
    IndicatorOut,
    MeasurementIn,
    MeasurementOut,
    PlanDetailOut,
    PlanOut,
)
from .endpoint import detail, found_or_404, listing

router = Router(tags=["planning"])


def plan_out(p: Plan) -> dict:
    return {
        "id": p.pk,
        "year": p.year,
        "title": p.title,
        "status": p.status,
        "body": p.body.code if p.body_id else None,
        "unit": p.unit.code if p.unit_id else None,
        "modified_at": p.updated_at,
    }


def indicator_out(i: Indicator) -> dict:
    return {
        "id": i.pk,
        "name": i.name,
        "description": i.description,
        "unit_of_measure": i.unit_of_measure,
        "direction": i.direction,
        "decimals": i.decimals,
        "source": i.source,
        "kolada_id": i.kolada_id,
        "area": i.area,
        "modified_at": i.updated_at,
    }


def measurement_out(m: Measurement) -> dict:
    return {
        "id": m.pk,
        "indicator": m.indicator_id,
        "unit": m.unit.code,
        "period_start": m.period_start,
        "period_end": m.period_end,
        "value": m.value,
        "not_reported": m.not_reported,
        "reason": m.reason,
        "provenance": m.provenance,
        "modified_at": m.updated_at,
    }


@listing(router, "/plans", PlanOut, "Planerna")
def plans(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    year: int | None = None,
    body: str | None = None,
    unit: str | None = None,
    modified_since: dt.datetime | None = None,
):
    require(request, "planning.view")
    qs = selectors.plans(
        organisation=request.organisation,
        year=year,
        body=body,
        unit=unit,
        modified_since=modified_since,
    )
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=plan_out)


@detail(router, "/plans/{int:plan_id}", PlanDetailOut, "En plan med dess punkter")
def plan(request, plan_id: int):
    require(request, "planning.view")
    found = found_or_404(selectors.plan_get(organisation=request.organisation, pk=plan_id))
    items = [
        {
            "id": item.pk,
            "kind": kind,
            "title": item.title,
            "responsible_unit": item.responsible_unit.code if item.responsible_unit else None,
        }
        for kind, item in selectors.plan_items(plan=found)
    ]
    return {
        **plan_out(found),
        "items": items,
        "indicators": selectors.plan_indicator_ids(plan=found),
    }


@listing(router, "/indicators", IndicatorOut, "Indikatorerna")
def indicators(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    plan: int | None = None,
    modified_since: dt.datetime | None = None,
):
    require(request, "planning.view")
    qs = selectors.indicators(
        organisation=request.organisation, plan=plan, modified_since=modified_since
    )
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=indicator_out)


@detail(router, "/indicators/{int:indicator_id}", IndicatorOut, "En indikator")
def indicator(request, indicator_id: int):
    require(request, "planning.view")
    found = found_or_404(
        selectors.indicator_get(organisation=request.organisation, pk=indicator_id)
    )
    return indicator_out(found)


def _measurements(request, *, unit: str | None, year: int | None, body: str | None, **kw):
    found_unit = found_body = None
    if unit is not None:
        found_unit = selectors.unit_by_code(organisation=request.organisation, code=unit)
        if found_unit is None:
            raise bad_filter("unit")
    if body is not None:
        found_body = selectors.body_by_code(organisation=request.organisation, code=body)
        if found_body is None:
            raise bad_filter("body")
    return selectors.measurements(
        organisation=request.organisation,
        units_q=tokens.units_for(request.auth, "planning.view"),
        unit=found_unit,
        body=found_body,
        year=year,
        **kw,
    )


@listing(router, "/measurements", MeasurementOut, "Mätningar (utfall)")
def measurements(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    indicator: int | None = None,
    unit: str | None = None,
    body: str | None = None,
    year: int | None = None,
    modified_since: dt.datetime | None = None,
):
    """The measurements of the units the token may read, in a stable order."""
    require(request, "planning.view")
    qs = _measurements(
        request,
        unit=unit,
        year=year,
        body=body,
        indicator=indicator,
        modified_since=modified_since,
    )
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=measurement_out)


@router.post(
    "/measurements",
    response={201: MeasurementOut, ERRORS: ErrorOut},
    summary="Registrera en mätning",
)
def measurement_create(request, payload: MeasurementIn):
    """Records (or replaces) the figure of an indicator for a unit and a period, through the
    same service as the indicator page."""
    found = selectors.indicator_get(organisation=request.organisation, pk=payload.indicator)
    unit = selectors.unit_by_code(organisation=request.organisation, code=payload.unit)
    if found is None or unit is None:
        raise not_found()
    require(request, "planning.manage", unit)
    m = planning_services.measurement_record(
        actor=request.auth.owner,
        indicator=found,
        unit=unit,
        period_start=payload.period_start,
        period_end=payload.period_end,
        value=payload.value,
        not_reported=payload.not_reported,
        reason=payload.reason,
        provenance=payload.provenance or _("API: %(name)s") % {"name": request.auth.name},
    )
    m.unit = unit
    return Status(201, measurement_out(m))


def _indicator_by_code(request, code: str, cache: dict):
    if code in cache:
        return cache[code]
    found = selectors.indicator_by_code(organisation=request.organisation, code=code)
    cache[code] = found
    return found


def _resolve_row(request, index: int, row, units: dict, indicators: dict) -> services.BatchRow:
    out = services.BatchRow(
        index=index,
        value=row.value,
        not_reported=row.not_reported,
        reason=row.reason,
    )
    if row.unit not in units:
        units[row.unit] = selectors.unit_by_code(organisation=request.organisation, code=row.unit)
    out.unit = units[row.unit]
    out.indicator = _indicator_by_code(request, row.indicator, indicators)
    if out.unit is None:
        out.problems.append(_("Enheten %(code)s finns inte.") % {"code": row.unit})
    elif not tokens.token_may(request.auth, "planning.manage", out.unit):
        out.problems.append(
            _("Nyckeln får inte registrera mätningar för enheten %(code)s.") % {"code": row.unit}
        )
    if out.indicator is None:
        out.problems.append(_("Indikatorn %(code)s finns inte.") % {"code": row.indicator})
    if (row.period is None) == (row.date is None):
        out.problems.append(_("Ange antingen period eller datum."))
    elif row.date is not None:
        out.period_start = out.period_end = row.date
    else:
        bounds = period_bounds(row.period)
        if bounds is None:
            out.problems.append(_("Perioden %(p)s känns inte igen.") % {"p": row.period})
        else:
            out.period_start, out.period_end = bounds
    return out


@router.post(
    "/measurements/batch",
    response={201: BatchOut, ERRORS: ErrorOut},
    summary="Importera mätningar i en sats",
)
def measurements_batch(
    request,
    payload: BatchIn,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key"),
):
    """Every row is written, or none (each row's problems are in ``details``). With an
    ``Idempotency-Key`` header, the same batch sent again gets the same answer and writes
    nothing more; the same key with another batch answers 409."""
    require_anywhere(request, "planning.manage")
    key = (idempotency_key or "").strip()
    if len(key) > 100:
        raise ApiError(
            422, "invalid", _("Idempotensnyckeln är för lång (högst 100 tecken)."), details=None
        )
    body_hash = hashlib.sha256(
        json.dumps(payload.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    if key:
        kept = services.replay_find(token=request.auth, key=key, body_hash=body_hash)
        if kept is not None:
            return Status(kept.status, kept.reply)
    units: dict = {}
    indicators: dict = {}
    rows = [
        _resolve_row(request, index, row, units, indicators)
        for index, row in enumerate(payload.rows, start=1)
    ]
    status, reply = services.measurements_import(
        token=request.auth, rows=rows, key=key, body_hash=body_hash
    )
    return Status(status, reply)


__all__ = ["router", "forbidden", "Q"]
