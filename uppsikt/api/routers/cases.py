"""The register: cases and records. Secrecy is the register's one gate (``cases.secrecy``):
a secret case or record appears only for a token carrying ``secrecy.read`` whose owner the
gate admits, within the token's scope; for every other token it is not there at all."""

from __future__ import annotations

import datetime as dt

from ninja import Router

from uppsikt.cases.models import Case

from .. import files, pagination, selectors
from ..access import require
from ..schemas import CaseOut, RecordOut
from .endpoint import by_body, by_unit, choice, detail, download, found_or_404, listing, one, since
from .filters import body_filter

router = Router(tags=["cases"])


def case_out(c) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "body": c.body.code,
        "unit": c.unit.code if c.unit_id else None,
        "year": c.year,
        "kind": c.kind,
        "title": c.title,
        "description": c.description,
        "status": c.status,
        "registered_on": c.registered_on,
        "closed_on": c.closed_on,
        "classification": c.classification,
        "secret": c.secret,
        "secrecy_ground": c.secrecy_ground,
        "modified_at": c.updated_at,
    }


def record_out(r) -> dict:
    return {
        "id": r.pk,
        "case": r.case_id,
        "number": r.number,
        "kind": r.kind,
        "date": r.date,
        "registered_on": r.registered_on,
        "counterpart": r.counterpart,
        "description": r.description,
        "secret": r.secret or r.case.secret,
        "secrecy_ground": r.secrecy_ground or r.case.secrecy_ground,
        "files": [
            {"id": f.pk, "name": f.name, "size": f.size, "sha256": f.sha256} for f in r.files.all()
        ],
        "modified_at": r.updated_at,
    }


@listing(router, "/cases", CaseOut, "Ärendena")
def cases(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    body: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    status: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """``body``: the body's cases and those of its committees below it, as the register's
    filter; ``unit``: the responsible unit; ``year``: the register's year."""
    require(request, "cases.view")
    qs = selectors.cases_visible(token=request.auth, organisation=request.organisation)
    found_body = body_filter(request, body)
    if found_body is not None:
        qs = qs.filter(body__in=[found_body, *found_body.children.all()])
    qs = by_unit(request, qs, unit, "unit")
    if year is not None:
        qs = qs.filter(year=year)
    qs = choice(qs, status, Case.Status.values, name="status")
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=case_out)


@detail(router, "/cases/{int:case_id}", CaseOut, "Ett ärende")
def case(request, case_id: int):
    require(request, "cases.view")
    found = one(
        selectors.cases_visible(token=request.auth, organisation=request.organisation), case_id
    )
    return case_out(found)


@listing(router, "/records", RecordOut, "Handlingarna")
def records(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    case: int | None = None,
    body: str | None = None,
    year: int | None = None,
    modified_since: dt.datetime | None = None,
):
    """``case``: the case's id; ``body``: the case's body; ``year``: registered that year."""
    require(request, "cases.view")
    qs = selectors.records_visible(token=request.auth, organisation=request.organisation)
    if case is not None:
        qs = qs.filter(case_id=case)
    qs = by_body(request, qs, body, "case__body")
    if year is not None:
        qs = qs.filter(registered_on__year=year)
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=record_out)


@download(
    router,
    "/records/{int:record_id}/files/{int:file_id}",
    "Hämta en handlings fil",
    *dict.fromkeys(files.RECORD_FILE_TYPES.values()),
    files.OCTET,
)
def record_file(request, record_id: int, file_id: int):
    """A file of a record the token may read: a secret record's file, or one of a secret
    case, only with ``secrecy.read`` and the owner entitled by the secrecy gate, within the
    token's scope (as ``/records``). Each download is audited."""
    require(request, "cases.view")
    record = one(
        selectors.records_visible(token=request.auth, organisation=request.organisation), record_id
    )
    stored = found_or_404(selectors.record_file_get(record=record, pk=file_id))
    return files.download(
        request,
        content=selectors.record_file_content(stored),
        name=stored.name,
        mime=files.record_file_type(stored.name),
        obj=stored,
        what="record_file",
    )
