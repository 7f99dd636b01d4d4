"""The plan a page is about, and whether the signed-in person may change it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from uppsikt.organisation.permissions import has_permission

from .. import selectors
from ..models import Plan


def _plan(request, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("organisation", "body"),
        pk=pk,
        organisation=request.organisation,
    )


def _managed_plan(request, pk: int) -> Plan:
    """A plan the signed-in person may change (planning.manage on its unit or body)."""
    plan = _plan(request, pk)
    if not has_permission(request.user, "planning.manage", selectors.plan_scope(plan)):
        raise PermissionDenied
    return plan
