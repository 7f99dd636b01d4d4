"""The meetings' part of the header search (docs/search.md)."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db.models import Q

from uppsikt.organisation.models import Body, Organisation
from uppsikt.organisation.permissions import has_permission

from ..models import (
    Meeting,
    MinutesItem,
)
from ._core import items_readable_q


def _drafts_readable_body_ids(actor, organisation: Organisation) -> list[int]:
    """The bodies whose unapproved minutes ``actor`` may read: their secretaries
    (``meetings.manage``) and members signing them (``meetings.approve``)."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return [
        b.pk
        for b in Body.objects.filter(organisation=organisation).select_related("parent")
        if has_permission(actor, "meetings.manage", b)
        or has_permission(actor, "meetings.approve", b)
    ]


def header_search(*, actor, organisation: Organisation, query: str, limit: int = 10) -> dict:
    """The meetings' part of the header search: meetings (by body, place or date) and
    minutes items (§, by number or words of the heading), at most ``limit`` of each (+1 read
    to tell that there are more). An item is found only when approved, or by those who may read
    the body's unapproved minutes; an item whose content the secrecy gate withholds from
    ``actor`` is never found."""
    words = [w for w in (query or "").split() if w][:6]
    if not words:
        return {"meetings": [], "items": [], "more_meetings": False, "more_items": False}
    meeting_q = Q()
    for w in words:
        meeting_q &= Q(body__name__icontains=w) | Q(body__code__iexact=w) | Q(place__icontains=w)
    with contextlib.suppress(ValueError):
        meeting_q |= Q(date=dt.date.fromisoformat(query.strip()))
    found_meetings = list(
        Meeting.objects.filter(meeting_q, organisation=organisation)
        .select_related("body")
        .order_by("-date", "-start_time")[: limit + 1]
    )
    numbers = [int(w) for w in (w.lstrip("§") for w in words) if w.isdigit() and len(w) < 7]
    title_words = [w for w in words if w.lstrip("§") and not w.lstrip("§").isdigit() and w != "§"]
    item_q = Q(pk__in=[])
    if numbers and not title_words:
        item_q = Q(number__in=numbers)
    elif title_words:
        item_q = Q()
        for w in title_words:
            item_q &= Q(title__icontains=w)
        if numbers:
            item_q &= Q(number__in=numbers)
    readable = Q(approved_at__isnull=False) | Q(
        body_id__in=_drafts_readable_body_ids(actor, organisation)
    )
    not_withheld = items_readable_q(actor=actor, organisation=organisation)
    found_items = list(
        MinutesItem.objects.filter(
            item_q, readable, not_withheld, meeting__organisation=organisation
        )
        .select_related("meeting", "body")
        .order_by("-meeting__date", "-number")[: limit + 1]
    )
    return {
        "meetings": found_meetings[:limit],
        "items": found_items[:limit],
        "more_meetings": len(found_meetings) > limit,
        "more_items": len(found_items) > limit,
    }
