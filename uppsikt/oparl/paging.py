"""The lists of OParl 1.1 (specification, chapter 2): paged, in a stable order, filtered by
``created_since``, ``created_until``, ``modified_since``, ``modified_until``, with the client's
``limit`` and ``omit_internal``; deleted objects only when ``modified_since`` is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import BadInput
from uppsikt.core.parsing import parse_int

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_PAGE = 1_000_000
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
# embedded objects that a list keeps under omit_internal (the schema requires them)
KEPT_EMBEDDED = frozenset({"legislativeTerm"})


@dataclass(frozen=True)
class Query:
    page: int = 1
    limit: int = DEFAULT_LIMIT
    created_since: dt.datetime | None = None
    created_until: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None
    omit_internal: bool = False

    def params(self, page: int) -> dict[str, str]:
        """The query string of ``page`` of the same list."""
        out = {name: getattr(self, name).isoformat() for name in FILTERS if getattr(self, name)}
        if self.limit != DEFAULT_LIMIT:
            out["limit"] = str(self.limit)
        if self.omit_internal:
            out["omit_internal"] = "true"
        out["page"] = str(page)
        return out


def _moment(name: str, raw: str) -> dt.datetime:
    if "T" in raw and " " in raw:  # a "+" of the time zone left unencoded in the query string
        raw = raw.replace(" ", "+")
    try:
        moment = parse_datetime(raw)
        day = parse_date(raw) if moment is None else None
    except ValueError:  # well formed, but no such day or time
        moment = day = None
    if moment is None:
        if day is None:
            raise BadInput(_("%(name)s är inte en tidpunkt (ISO 8601).") % {"name": name})
        moment = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_query(params) -> Query:
    """The list's query from the request's parameters; ``BadInput`` for one that is wrong."""
    values: dict = {}
    for name in FILTERS:
        raw = params.get(name, "")
        if raw:
            values[name] = _moment(name, raw.strip())
    if params.get("limit"):
        values["limit"] = parse_int(params["limit"], minimum=1, maximum=MAX_LIMIT)
    if params.get("page"):
        values["page"] = parse_int(params["page"], minimum=1, maximum=MAX_PAGE)
    omit = params.get("omit_internal", "").strip().lower()
    if omit not in ("", "true", "false", "1", "0"):
        raise BadInput(_("omit_internal är true eller false."))
    values["omit_internal"] = omit in ("true", "1")
    return Query(**values)


class Source:
    """One kind of row of a list: a queryset, how to show a row, and which rows are deleted."""

    def __init__(
        self,
        queryset: QuerySet,
        show: Callable[[object], dict],
        deleted: Q | None = None,
    ):
        self.queryset = queryset
        self.show = show
        self.deleted = deleted

    def rows(self, query: Query) -> QuerySet:
        qs = self.queryset
        if query.created_since:
            qs = qs.filter(created_at__gte=query.created_since)
        if query.created_until:
            qs = qs.filter(created_at__lte=query.created_until)
        if query.modified_since:
            qs = qs.filter(updated_at__gte=query.modified_since)
        elif self.deleted is not None:
            qs = qs.exclude(self.deleted)
        if query.modified_until:
            qs = qs.filter(updated_at__lte=query.modified_until)
        return qs.order_by("pk")

    def count(self, query: Query) -> int:
        return self.rows(query).count()

    def slice(self, query: Query, start: int, stop: int) -> list[dict]:
        return [self.show(row) for row in self.rows(query)[start:stop]]


class ListSource:
    """Objects that are no rows (the legislative terms): always all of them, in their order."""

    def __init__(self, objects: Sequence[dict]):
        self.objects = list(objects)

    def count(self, query: Query) -> int:
        return len(self.objects)

    def slice(self, query: Query, start: int, stop: int) -> list[dict]:
        return self.objects[start:stop]


def _omit_internal(obj: dict) -> dict:
    def embedded(value) -> bool:
        return isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, dict) for v in value)
        )

    return {k: v for k, v in obj.items() if k in KEPT_EMBEDDED or not embedded(v)}


def page(sources: Sequence, query: Query, url: str) -> dict:
    """One page of the list of ``sources`` one after the other, each by primary key; ``url``
    is the list's own address, without query."""
    counts = [source.count(query) for source in sources]
    total = sum(counts)
    pages = max(1, -(-total // query.limit))
    start = (query.page - 1) * query.limit
    stop = start + query.limit
    data: list[dict] = []
    offset = 0
    for source, count in zip(sources, counts, strict=True):
        lo, hi = max(start - offset, 0), min(stop - offset, count)
        if lo < hi:
            data.extend(source.slice(query, lo, hi))
        offset += count
    if query.omit_internal:
        data = [_omit_internal(obj) for obj in data]

    def link(number: int) -> str:
        return f"{url}?{urlencode(query.params(number))}"

    links = {"first": link(1), "last": link(pages)}
    if query.page > 1:
        links["prev"] = link(min(query.page - 1, pages))
    if query.page < pages:
        links["next"] = link(query.page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": query.limit,
            "currentPage": query.page,
            "totalPages": pages,
        },
        "links": links,
    }
