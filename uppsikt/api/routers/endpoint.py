"""The shape the routers' read endpoints share, said once.

- ``listing``: a list, one page of ``schema`` (``data``, ``next_cursor``) per call, errors in
  the one shape; ``detail``: one object; ``download``: a file of one of the given types.
- ``one``, ``found_or_404``: the object asked for among those the token may read, else 404.
- ``since``, ``choice``, ``by_body``, ``by_unit``: the filters, each refusing (422) a value it
  does not know.

The endpoints stay plain functions with their own parameters (the schema is generated from
them): these only shorten what every one of them repeated."""

from __future__ import annotations

from ..access import bad_filter, not_found
from ..files import openapi_file
from ..schemas import ERRORS, ErrorOut, page_of
from .filters import body_filter, unit_filter


def listing(router, path: str, schema, summary: str):
    return router.get(path, response={200: page_of(schema), ERRORS: ErrorOut}, summary=summary)


def detail(router, path: str, schema, summary: str):
    return router.get(path, response={200: schema, ERRORS: ErrorOut}, summary=summary)


def download(router, path: str, summary: str, *mimes: str):
    return router.get(
        path, response={ERRORS: ErrorOut}, summary=summary, openapi_extra=openapi_file(*mimes)
    )


def found_or_404(found):
    if found is None:
        raise not_found()
    return found


def one(queryset, pk: int):
    """The row ``pk`` of ``queryset`` (what the token may read), else 404."""
    return found_or_404(queryset.filter(pk=pk).first())


def since(queryset, modified_since, field: str = "updated_at"):
    return queryset.filter(**{f"{field}__gte": modified_since}) if modified_since else queryset


def choice(queryset, value: str | None, choices, *, name: str, field: str | None = None):
    """Rows whose ``field`` (default: ``name``) is ``value``, one of ``choices``."""
    if value is None:
        return queryset
    if value not in choices:
        raise bad_filter(name)
    return queryset.filter(**{field or name: value})


def by_body(request, queryset, code: str | None, field: str, name: str = "body"):
    found = body_filter(request, code, name)
    return queryset if found is None else queryset.filter(**{field: found})


def by_unit(request, queryset, code: str | None, field: str, name: str = "unit"):
    found = unit_filter(request, code, name)
    return queryset if found is None else queryset.filter(**{field: found})
