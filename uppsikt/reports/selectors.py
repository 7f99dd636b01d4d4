"""Reads of the reports: who may read a document."""

from __future__ import annotations

from uppsikt.organisation.models import Unit
from uppsikt.organisation.permissions import has_permission, has_permission_everywhere


def may_read_document(actor, *, kind: str, body) -> bool:
    """Whether ``actor`` may read a document (preview or file). A document holds the figures of
    the screens it is made from, so it obeys their scope: a body's plan, follow-up and monthly
    reports hold the ledger, forecasts and staff figures of the units serving the body, and are
    read with a role covering the body or every unit serving it; the group report holds every
    body's, and is read with an organisation-wide role."""
    if kind == "group" or body is None:
        return has_permission_everywhere(actor, "documents.view")
    if has_permission(actor, "documents.view", body):
        return True
    units = list(Unit.objects.filter(body=body))
    return bool(units) and all(has_permission(actor, "documents.view", u) for u in units)
