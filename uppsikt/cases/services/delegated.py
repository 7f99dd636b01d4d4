"""Decisions taken under delegation: registered, and marked as reported to their body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.models import Body, Organisation, Person
from uppsikt.organisation.permissions import ensure_can

from .. import secrecy
from ..models import Case, DelegatedDecision
from ._base import _same_organisation


@transaction.atomic
def delegated_decision_register(
    *,
    actor,
    organisation: Organisation,
    body: Body,
    decided_by: Person,
    decided_on: dt.date,
    delegation_point: str,
    decision: str,
    case: Case | None = None,
) -> DelegatedDecision:
    """Record a decision taken under delegation, to be reported to ``body``."""
    ensure_can(actor, "cases.register", body)
    _same_organisation(organisation, body, decided_by, case)
    if not (delegation_point or "").strip() or not (decision or "").strip():
        raise DomainError(_("Ange punkten i delegationsordningen och vad som beslutades."))
    if decided_on > timezone.localdate():
        raise DomainError(_("Beslutsdatum kan inte ligga i framtiden."))
    if case is not None:
        secrecy.ensure_can_see_case(actor, case)
    decision_row = DelegatedDecision.objects.create(
        organisation=organisation,
        body=body,
        case=case,
        decided_by=decided_by,
        decided_on=decided_on,
        delegation_point=delegation_point.strip(),
        decision=decision.strip(),
    )
    audit_record(actor=actor, action="delegated_decision.register", obj=decision_row)
    return decision_row


@transaction.atomic
def delegated_decisions_mark_reported(
    *, actor, decisions: Iterable[DelegatedDecision], reported_on: dt.date
) -> int:
    """Mark decisions as reported to their body (the meeting that received them)."""
    count = 0
    for row in decisions:
        row = DelegatedDecision.objects.select_for_update().get(pk=row.pk)
        ensure_can(actor, "cases.register", row.body)
        if row.reported_on is not None:
            continue
        before = snapshot(row)
        row.reported_on = reported_on
        row.save(update_fields=["reported_on", "updated_at"])
        audit_record(actor=actor, action="delegated_decision.report", obj=row, before=before)
        count += 1
    return count
