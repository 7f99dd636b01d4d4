"""The organisation: its bodies, units and (with the permission) people."""

from __future__ import annotations

import datetime as dt

from ninja import Router

from uppsikt.organisation.models import Body, Person, Unit

from .. import pagination, selectors
from ..access import bad_filter, require
from ..schemas import BodyOut, OrganisationOut, PersonOut, UnitOut
from .endpoint import detail, found_or_404, listing

router = Router(tags=["organisation"])


def body_out(b: Body) -> dict:
    return {
        "id": b.pk,
        "code": b.code,
        "name": b.name,
        "kind": b.kind,
        "parent": b.parent.code if b.parent_id else None,
        "modified_at": b.updated_at,
    }


def unit_out(u: Unit) -> dict:
    return {
        "id": u.pk,
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent": u.parent.code if u.parent_id else None,
        "body": u.body.code if u.body_id else None,
        "is_active": u.is_active,
        "modified_at": u.updated_at,
    }


def person_out(p: Person) -> dict:
    return {
        "id": p.pk,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "title": p.title,
        "unit": p.unit.code if p.unit_id else None,
        "modified_at": p.updated_at,
    }


@detail(router, "/organisation", OrganisationOut, "Organisationen")
def organisation(request):
    require(request, "organisation.view")
    return {"name": request.organisation.name, "slug": request.organisation.slug}


@listing(router, "/bodies", BodyOut, "Organen")
def bodies(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    modified_since: dt.datetime | None = None,
):
    require(request, "organisation.view")
    qs = selectors.bodies(organisation=request.organisation, modified_since=modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=body_out)


@detail(router, "/bodies/{code}", BodyOut, "Ett organ")
def body(request, code: str):
    require(request, "organisation.view")
    found = found_or_404(selectors.body_by_code(organisation=request.organisation, code=code))
    return body_out(found)


@listing(router, "/units", UnitOut, "Enheterna")
def units(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    body: str | None = None,
    modified_since: dt.datetime | None = None,
):
    require(request, "organisation.view")
    found = None
    if body is not None:
        found = selectors.body_by_code(organisation=request.organisation, code=body)
        if found is None:
            raise bad_filter("body")
    qs = selectors.units(
        organisation=request.organisation, body=found, modified_since=modified_since
    )
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=unit_out)


@detail(router, "/units/{code}", UnitOut, "En enhet")
def unit(request, code: str):
    require(request, "organisation.view")
    found = found_or_404(selectors.unit_by_code(organisation=request.organisation, code=code))
    return unit_out(found)


@listing(router, "/people", PersonOut, "Personerna")
def people(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    unit: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """Names, titles and units only; no contact details."""
    require(request, "people.view")
    found = None
    if unit is not None:
        found = selectors.unit_by_code(organisation=request.organisation, code=unit)
        if found is None:
            raise bad_filter("unit")
    qs = selectors.people(
        organisation=request.organisation, unit=found, modified_since=modified_since
    )
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=person_out)
