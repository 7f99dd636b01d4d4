"""Assignments given by decisions: registering, closing and reporting on them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.permissions import user_or_none
from uppsikt.followup.models import ItemKind, ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Unit
from uppsikt.organisation.permissions import ensure_can

from .. import selectors
from ..models import (
    AssignmentReport,
    DecisionAssignment,
    MinutesItem,
)
from ._notify import notify_assignment


@transaction.atomic
def assignment_create(
    *,
    actor,
    item: MinutesItem,
    point: int,
    recipient_body: Body | None = None,
    recipient_unit: Unit | None = None,
    due_date: dt.date | None = None,
) -> DecisionAssignment:
    """Register the assignment that decision point ``point`` (1-based) of ``item`` gives."""
    ensure_can(actor, "meetings.manage", item.body)
    item = MinutesItem.objects.select_related("meeting", "body").get(pk=item.pk)
    if not 1 <= point <= len(item.decision_points):
        raise DomainError(_("Beslutet har ingen punkt %(n)s.") % {"n": point})
    if recipient_body is None and recipient_unit is None:
        raise DomainError(_("Ange vilket organ eller vilken enhet som får uppdraget."))
    for target in (recipient_body, recipient_unit):
        if target is not None and target.organisation_id != item.meeting.organisation_id:
            raise DomainError(_("Mottagaren hör till en annan organisation."))
    if DecisionAssignment.objects.filter(given_by=item, point=point).exists():
        raise DomainError(_("Uppdraget i den punkten är redan registrerat."))
    assignment = DecisionAssignment.objects.create(
        organisation=item.meeting.organisation,
        given_by=item,
        point=point,
        text=item.decision_points[point - 1],
        recipient_body=recipient_body,
        recipient_unit=recipient_unit,
        due_date=due_date,
    )
    audit_record(actor=actor, action="decision_assignment.create", obj=assignment)
    notify_assignment(actor=actor, assignment=assignment)
    return assignment


@transaction.atomic
def assignment_close(
    *, actor, assignment: DecisionAssignment, closing_item: MinutesItem
) -> DecisionAssignment:
    """Declare an assignment complete by a later decision item (as § 311 closes § 398)."""
    ensure_can(actor, "meetings.manage", closing_item.body)
    assignment = DecisionAssignment.objects.select_for_update().get(pk=assignment.pk)
    # one the § that gave it is withheld from may not learn of it, nor close it blind
    if selectors.item_withheld(actor=actor, item=assignment.given_by):
        raise NotPermitted(_("Paragrafen omfattas av sekretess och du saknar behörighet till den."))
    if assignment.state == DecisionAssignment.State.COMPLETED:
        raise DomainError(_("Uppdraget är redan slutfört."))
    given = assignment.given_by
    if closing_item.meeting.organisation_id != assignment.organisation_id:
        raise DomainError(_("Paragrafen hör till en annan organisation."))
    if closing_item.meeting.date <= given.meeting.date:
        raise DomainError(_("Uppdraget slutförs av ett senare beslut."))
    before = snapshot(assignment)
    assignment.state = DecisionAssignment.State.COMPLETED
    assignment.closed_by = closing_item
    assignment.closed_on = closing_item.meeting.date
    assignment.save(update_fields=["state", "closed_by", "closed_on"])
    audit_record(actor=actor, action="decision_assignment.close", obj=assignment, before=before)
    return assignment


@transaction.atomic
def assignment_report(
    *,
    actor,
    assignment: DecisionAssignment,
    period: ReportingPeriod,
    status: ScaleLevel,
    comment: str = "",
) -> AssignmentReport:
    """The recipient's report on an open assignment for a follow-up period, on the assessment
    scale for assignments; a second report for the same period replaces the first."""
    if not selectors.can_report(actor, assignment):
        raise NotPermitted(_("Du saknar behörighet för detta."))
    if assignment.state != DecisionAssignment.State.OPEN:
        raise DomainError(_("Uppdraget är slutfört."))
    if period.organisation_id != assignment.organisation_id:
        raise DomainError(_("Perioden hör till en annan organisation."))
    if period.year < assignment.given_by.meeting.date.year:
        raise DomainError(_("Perioden ligger före beslutet som gav uppdraget."))
    if (
        status.organisation_id != assignment.organisation_id
        or status.item_kind != ItemKind.ASSIGNMENT
    ):
        raise DomainError(_("Välj en bedömning på skalan för uppdrag."))
    report, created = AssignmentReport.objects.update_or_create(
        assignment=assignment,
        period=period,
        defaults={
            "status": status,
            "comment": comment.strip(),
            "reported_by": user_or_none(actor),
        },
    )
    audit_record(
        actor=actor,
        action="decision_assignment.report",
        obj=report,
        detail={"created": created},
    )
    return report
