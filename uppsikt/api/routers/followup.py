"""Reporting periods and assessments: read, save, submit, approve and return, through the
same services and checks as the units' to-do pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Router, Status

from uppsikt.followup import services as followup_services
from uppsikt.followup.models import Assessment, ReportingPeriod, ScaleLevel

from .. import pagination, selectors, tokens
from ..access import bad_filter, not_found, require, require_anywhere
from ..errors import ApiError
from ..schemas import (
    ERRORS,
    AssessmentIn,
    AssessmentOut,
    ErrorOut,
    PeriodOut,
    ReturnIn,
    VersionIn,
)
from .endpoint import choice, detail, listing, since

router = Router(tags=["followup"])
READ = tokens.FOLLOWUP_READ
WRITE_ERRORS = {ERRORS: ErrorOut}


def period_out(p: ReportingPeriod) -> dict:
    return {
        "id": p.pk,
        "year": p.year,
        "kind": p.kind,
        "first_month": p.first_month,
        "last_month": p.last_month,
        "deadline": p.deadline,
        "scope": p.scope,
        "is_open": p.is_open,
        "modified_at": p.updated_at,
    }


def assessment_out(a: Assessment) -> dict:
    item = a.item
    return {
        "id": a.pk,
        "period": a.period_id,
        "unit": a.unit.code,
        "item_kind": a.item_kind,
        "item_id": item.pk if item is not None else None,
        "item_title": (getattr(item, "title", None) or getattr(item, "name", "")) if item else "",
        "state": a.state,
        "status": a.status.code if a.status_id else None,
        "forecast": a.forecast.code if a.forecast_id else None,
        "comment": a.comment,
        "actual_value": a.actual_value,
        "return_comment": a.return_comment,
        "version": a.version,
        "submitted_at": a.submitted_at,
        "approved_at": a.approved_at,
        "modified_at": a.updated_at,
    }


@listing(router, "/periods", PeriodOut, "Uppföljningsperioderna")
def periods(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    year: int | None = None,
    modified_since: dt.datetime | None = None,
):
    require_anywhere(request, *READ)
    qs = selectors.periods(
        organisation=request.organisation, year=year, modified_since=modified_since
    )
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=period_out)


def _visible_units(request) -> Q:
    """The units whose assessments the token may read: where it reports, approves or
    follows up (the owner's scope and the token's)."""
    q = Q(pk__in=[])
    for permission in READ:
        scope = tokens.units_for(request.auth, permission)
        if scope is None:
            return Q()
        q |= scope
    return q


def _assessments(request):
    return selectors.assessments(organisation=request.organisation, units_q=_visible_units(request))


@listing(router, "/assessments", AssessmentOut, "Bedömningarna")
def assessments(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    period: int | None = None,
    year: int | None = None,
    unit: str | None = None,
    body: str | None = None,
    state: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """The assessments of the units the token may read (its unit filter takes the unit alone,
    not its subtree)."""
    require_anywhere(request, *READ)
    qs = _assessments(request)
    if period is not None:
        qs = qs.filter(period_id=period)
    if year is not None:
        qs = qs.filter(period__year=year)
    if unit is not None:
        found = selectors.unit_by_code(organisation=request.organisation, code=unit)
        if found is None:
            raise bad_filter("unit")
        qs = qs.filter(unit=found)
    if body is not None:
        found = selectors.body_by_code(organisation=request.organisation, code=body)
        if found is None:
            raise bad_filter("body")
        qs = qs.filter(unit__body=found)
    qs = choice(qs, state, Assessment.State.values, name="state")
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=assessment_out)


def _one(request, assessment_id: int, version: int | None = None) -> Assessment:
    require_anywhere(request, *READ)  # 403 before 404 to a token that reads no assessments
    found = _assessments(request).filter(pk=assessment_id).first()
    if found is None:
        raise not_found()
    if version is not None and found.version != version:
        raise ApiError(
            409,
            "version_conflict",
            _("Bedömningen har ändrats sedan den lästes. Läs den igen och gör om ändringen."),
            details={"version": found.version},
        )
    return found


@detail(router, "/assessments/{int:assessment_id}", AssessmentOut, "En bedömning")
def assessment(request, assessment_id: int):
    require_anywhere(request, *READ)
    return assessment_out(_one(request, assessment_id))


def _level(found: Assessment, code: str | None) -> ScaleLevel | None:
    if code is None:
        return None
    level = selectors.scale_level(assessment=found, code=code)
    if level is None:
        raise ApiError(
            422,
            "invalid",
            _("Bedömningen %(code)s finns inte på skalan.") % {"code": code},
            details=[{"field": "status/forecast"}],
        )
    return level


def _fresh(found: Assessment) -> dict:
    return assessment_out(_reload(found))


def _reload(found: Assessment) -> Assessment:
    return selectors.assessment_get(pk=found.pk)


@router.put(
    "/assessments/{int:assessment_id}",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Spara en bedömning som utkast",
)
def assessment_save(request, assessment_id: int, payload: AssessmentIn):
    """``version`` is the one read: a save on an older version is refused (409)."""
    found = _one(request, assessment_id, payload.version)
    require(request, "followup.report", found.unit)
    followup_services.assessment_save_draft(
        actor=request.auth.owner,
        assessment=found,
        version=payload.version,
        status=_level(found, payload.status),
        forecast=_level(found, payload.forecast),
        comment=payload.comment,
        actual_value=payload.actual_value,
    )
    return Status(200, _fresh(found))


@router.post(
    "/assessments/{int:assessment_id}/submit",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Lämna in en bedömning",
)
def assessment_submit(request, assessment_id: int, payload: VersionIn):
    found = _one(request, assessment_id, payload.version)
    require(request, "followup.report", found.unit)
    followup_services.assessment_submit(
        actor=request.auth.owner, assessment=found, version=payload.version
    )
    return Status(200, _fresh(found))


@router.post(
    "/assessments/{int:assessment_id}/approve",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Godkänn en inlämnad bedömning",
)
def assessment_approve(request, assessment_id: int, payload: VersionIn):
    found = _one(request, assessment_id, payload.version)
    require(request, "followup.approve", found.unit)
    followup_services.assessment_approve(
        actor=request.auth.owner, assessment=found, version=payload.version
    )
    return Status(200, _fresh(found))


@router.post(
    "/assessments/{int:assessment_id}/return",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Skicka tillbaka en inlämnad bedömning",
)
def assessment_return(request, assessment_id: int, payload: ReturnIn):
    found = _one(request, assessment_id, payload.version)
    require(request, "followup.approve", found.unit)
    followup_services.assessment_return(
        actor=request.auth.owner,
        assessment=found,
        version=payload.version,
        comment=payload.comment,
    )
    return Status(200, _fresh(found))
