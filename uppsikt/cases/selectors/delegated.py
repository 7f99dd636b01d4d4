"""Decisions taken under delegation, as a reader may see them, and those still to be
reported to a body."""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.organisation.models import Body, Organisation

from ..models import DelegatedDecision
from .register import _open_case_ids


def delegated_decisions(
    *, actor, organisation: Organisation, body: Body | None = None
) -> list[DelegatedDecision]:
    """Delegated decisions, newest first; ``withheld`` is set on those in a secret case the
    reader is not entitled to (the decision text is not shown)."""
    qs = DelegatedDecision.objects.filter(organisation=organisation).select_related(
        "body", "decided_by", "case"
    )
    if body is not None:
        qs = qs.filter(body=body)
    rows = list(qs.order_by("-decided_on", "-pk"))
    open_ids = _open_case_ids(actor, organisation, [d.case for d in rows if d.case is not None])
    for d in rows:
        d.withheld = d.case is not None and d.case.secret and d.case_id not in open_ids
    return rows


def delegated_decisions_to_report(*, body: Body) -> QuerySet[DelegatedDecision]:
    """Decisions not yet reported to ``body``: the list for its next meeting."""
    return (
        DelegatedDecision.objects.filter(body=body, reported_on__isnull=True)
        .select_related("decided_by", "case")
        .order_by("decided_on", "pk")
    )
