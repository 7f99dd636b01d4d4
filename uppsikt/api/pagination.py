"""Cursor pagination: pages in a stable order (by id), the cursor opaque to the client."""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _

from .errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        version, _sep, number = text.partition(":")
        if version != "v1" or not number.isdigit() or not number.isascii() or len(number) > 18:
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError(400, "bad_cursor", _("Markören (cursor) är ogiltig.")) from exc


def page(queryset, *, cursor: str | None, limit: int, serialise, prepare=None) -> dict:
    """One page of ``queryset`` after ``cursor``, ``limit`` rows, each through
    ``serialise``; ``next_cursor`` is null on the last page. ``prepare`` is given the page's
    rows (a list) before they are serialised and returns what ``serialise`` reads of them."""
    if limit < 1 or limit > MAX_LIMIT:
        raise ApiError(
            422,
            "invalid",
            _("limit ska vara mellan 1 och %(max)d.") % {"max": MAX_LIMIT},
            details=[{"field": "limit"}],
        )
    queryset = queryset.order_by("pk")
    if cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(cursor))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].pk if rows else None
    if prepare is not None:
        rows = prepare(rows)
    return {
        "data": [serialise(r) for r in rows],
        "next_cursor": encode_cursor(last) if more and last is not None else None,
    }
