"""The kept files of the reports (plan, follow-up, monthly and group reports): a list, and
each file as it was kept (its checksum in ``X-Checksum-SHA256``). Who may read one is the
reports' rule (``reports.selectors.may_read_document``), for the token's owner, within the
token's scope."""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpResponse
from ninja import Router

from uppsikt.documents.render import CONTENT_TYPES

from .. import pagination, selectors
from ..access import bad_filter, require_anywhere
from ..schemas import DocumentOut
from .endpoint import choice, download, listing, one, since
from .filters import body_filter

router = Router(tags=["documents"])


def _parts(subject: str) -> tuple[str | None, str]:
    """``7/RS/2024-UR1`` → (``RS``, ``2024-UR1``); the group report's body is None."""
    _scope, _sep, rest = subject.partition("/")
    code, _sep, period = rest.partition("/")
    return (None if code == selectors.REGION else code), period


def document_out(d) -> dict:
    body, period = _parts(d.subject)
    return {
        "id": d.pk,
        "kind": d.kind,
        "body": body,
        "period": period,
        "format": d.format,
        "title": d.title,
        "size": d.size,
        "checksum": d.checksum,
        "created_at": d.created_at,
    }


@listing(router, "/documents", DocumentOut, "Sparade dokument")
def documents(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    kind: str | None = None,
    body: str | None = None,
    year: int | None = None,
    period: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """``period``: as the documents name it (``2024``, ``2024-UR1``, ``2024-03``);
    ``modified_since``: kept since."""
    require_anywhere(request, "documents.view")
    qs = selectors.documents_readable(token=request.auth, organisation=request.organisation)
    qs = choice(qs, kind, selectors.REPORT_KINDS, name="kind")
    found = body_filter(request, body)
    if found is not None:
        qs = qs.filter(subject__contains=f"/{found.code}/")
    if year is not None:
        qs = qs.filter(subject__regex=rf"^[^/]+/[^/]+/{int(year):04d}($|-)")
    if period is not None:
        if not re.fullmatch(r"[0-9]{4}(-[0-9A-Z]{2,3})?", period):
            raise bad_filter("period")
        qs = qs.filter(subject__endswith=f"/{period}")
    qs = since(qs, modified_since, "created_at")
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=document_out)


@download(
    router,
    "/documents/{int:document_id}/file",
    "Hämta ett sparat dokument",
    *(mime.split(";")[0] for mime in CONTENT_TYPES.values()),
)
def document_file(request, document_id: int):
    require_anywhere(request, "documents.view")
    found = one(
        selectors.documents_readable(token=request.auth, organisation=request.organisation),
        document_id,
    )
    content = selectors.document_content(found)
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(found.format))
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{found.kind}-{document_out(found)['period']}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{found.format}"'
    response["X-Checksum-SHA256"] = found.checksum
    return response
