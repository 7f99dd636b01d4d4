"""The OParl 1.1 endpoints (docs/oparl.md): public, no login, read only, JSON, any origin.

Thin: each view parses its input, asks ``selectors`` for the rows or the object (only what is
public ever comes back) and answers JSON. ``/oparl/v1.1/`` is the System; everything else is
reached from it by following URLs.
"""

from __future__ import annotations

import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from uppsikt.core.exceptions import BadInput, NotFound

from . import objects, paging, selectors
from .objects import Context

CONTENT_TYPE = "application/json; charset=utf-8"


def _json(payload: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=1), content_type=CONTENT_TYPE, status=status
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def endpoint(view):
    """Public (no login), GET or HEAD only, JSON with CORS for any origin; a missing object
    answers 404 and a wrong parameter 400, both as JSON."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return _json(view(request, Context(request, request.organisation), *args, **kwargs))
        except NotFound as exc:
            return _json({"error": {"code": "not_found", "message": str(exc)}}, 404)
        except BadInput as exc:
            return _json({"error": {"code": "bad_input", "message": str(exc)}}, 400)

    return wrapper


def _check_body(ctx: Context, slug: str) -> None:
    if slug != ctx.organisation.slug:
        raise NotFound(selectors.NOT_FOUND)


@endpoint
def system(request, ctx: Context):
    return objects.system(ctx)


@endpoint
def bodies(request, ctx: Context):
    query = paging.parse_query(request.GET)
    return paging.page([paging.ListSource([objects.body(ctx)])], query, ctx.url("bodies"))


@endpoint
def body(request, ctx: Context, slug: str):
    _check_body(ctx, slug)
    return objects.body(ctx)


@endpoint
def body_list(request, ctx: Context, slug: str, kind: str):
    _check_body(ctx, slug)
    query = paging.parse_query(request.GET)
    return paging.page(selectors.list_sources(ctx, kind), query, ctx.list_url(kind))


@endpoint
def term(request, ctx: Context, year: int):
    return selectors.term_get(ctx, year)


def object_view(kind: str):
    @endpoint
    def view(request, ctx: Context, pk: int):
        return selectors.object_get(ctx, kind, pk)

    view.__name__ = f"{kind}_detail"
    return view
