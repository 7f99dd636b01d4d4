"""What waits for a person on the home page (docs/home.md): the secretary's and the member's work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from uppsikt.core.kept_sql import kept_sql
from uppsikt.organisation.models import Body, Organisation
from uppsikt.organisation.permissions import has_permission

from ..models import (
    DecisionAssignment,
    Meeting,
    MinutesItem,
    Notice,
)
from ._core import (
    _board,
    can_report,
    items_readable_q,
    notices_current,
    open_assignments,
    person_of,
    secret_body_ids,
)

# What waits for a person (the home page)


def bodies_managed(*, actor, organisation: Organisation) -> list[Body]:
    """The bodies whose meetings ``actor`` prepares and keeps the minutes of."""
    bodies = Body.objects.filter(organisation=organisation, is_active=True).order_by("name")
    return [
        b
        for b in kept_sql(bodies, "meetings.bodies_managed")
        if has_permission(actor, "meetings.manage", b)
    ]


@dataclass
class SecretaryWork:
    to_prepare: list[Meeting]  # planned, the summons not sent
    minutes_open: list[Meeting]  # held, the minutes not approved
    not_dispatched: list[MinutesItem]  # approved items with recipients and no dispatch
    overdue: list[DecisionAssignment]  # open assignments past their date


def secretary_work(*, actor, organisation: Organisation, today: dt.date) -> SecretaryWork:
    bodies = bodies_managed(actor=actor, organisation=organisation)
    # the bodies whose secret § ``actor`` reads, for both reads that leave out a withheld §
    secret_bodies = secret_body_ids(actor=actor, organisation=organisation)
    # the meetings to prepare and those with open minutes, in one read
    meetings = list(
        kept_sql(
            Meeting.objects.filter(organisation=organisation, body__in=bodies)
            .filter(
                Q(status=Meeting.Status.PLANNED, date__gte=today) | Q(status=Meeting.Status.HELD)
            )
            .select_related("body")
            .order_by("date", "pk"),
            "meetings.secretary_meetings",
        )
    )
    # A § withheld from ``actor`` (``item_withheld``) is not named here: its title would be.
    approved = (
        MinutesItem.objects.filter(
            meeting__organisation=organisation,
            body__in=bodies,
            approved_at__isnull=False,
            dispatches__isnull=True,
        )
        .filter(items_readable_q(actor=actor, organisation=organisation, body_ids=secret_bodies))
        .select_related("meeting", "body")
        .order_by("meeting__date", "pk")
    )
    # the recipients the minutes name (copied from the proposal, edited by the secretary)
    not_dispatched = [
        item for item in kept_sql(approved, "meetings.not_dispatched") if item.dispatch_to
    ]
    return SecretaryWork(
        to_prepare=[m for m in meetings if m.status == Meeting.Status.PLANNED],
        minutes_open=[m for m in meetings if m.status == Meeting.Status.HELD],
        not_dispatched=not_dispatched,
        overdue=list(
            kept_sql(
                open_assignments(organisation=organisation, actor=actor, body_ids=secret_bodies)
                .filter(given_by__body__in=bodies, due_date__lt=today)
                .order_by("due_date", "pk"),
                "meetings.overdue_assignments",
            )
        ),
    )


@dataclass
class MemberWork:
    coming: list[Meeting]  # the meetings ahead of the member's bodies
    to_approve: list[Meeting]  # held meetings the member signs and has not signed
    assignments: list[DecisionAssignment]  # the open assignments of the member's bodies


def member_work(*, actor, organisation: Organisation, today: dt.date) -> MemberWork:
    from ..models import Approval

    person = person_of(actor)
    if person is None:
        return MemberWork([], [], [])
    body_ids = list(
        person.memberships.filter(body__organisation=organisation)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("body_id", flat=True)
    )
    signed = Approval.objects.filter(person=person, item__isnull=True).values("meeting_id")
    to_approve = (
        Meeting.objects.filter(organisation=organisation, status=Meeting.Status.HELD)
        .filter(Q(chair=person) | Q(approvers=person))
        .exclude(pk__in=signed)
        .distinct()
        .select_related("body")
        .order_by("date")
    )
    return MemberWork(
        coming=list(
            Meeting.objects.filter(organisation=organisation, body_id__in=body_ids, date__gte=today)
            .exclude(status=Meeting.Status.APPROVED)
            .select_related("body")
            .order_by("date", "start_time")
        ),
        to_approve=[m for m in to_approve if has_permission(actor, "meetings.approve", m.body)],
        assignments=list(
            open_assignments(organisation=organisation, actor=actor)
            .filter(Q(recipient_body_id__in=body_ids) | Q(given_by__body_id__in=body_ids))
            .select_related("recipient_body", "recipient_unit")
            .order_by("due_date", "pk")
        ),
    )


def latest_minutes(*, organisation: Organisation, limit: int = 5) -> list[Meeting]:
    """The meetings whose minutes were approved last."""
    return list(
        Meeting.objects.filter(organisation=organisation, status=Meeting.Status.APPROVED)
        .select_related("body")
        .order_by("-approved_on", "-date", "-pk")[:limit]
    )


def latest_notices(*, organisation: Organisation, limit: int = 10) -> list[Notice]:
    """The notices on the board now, newest first (the public front door)."""
    return list(notices_current(organisation=organisation)[:limit])


def latest_published_minutes(*, organisation: Organisation, limit: int = 5) -> list[Notice]:
    """The notices of approved minutes posted last, on the board or archived: what the public
    may read of the minutes (``notice_public_items``)."""
    return list(
        _board(organisation)
        .filter(kind=Notice.Kind.APPROVAL, posted_on__lte=timezone.localdate())
        .order_by("-posted_on", "-pk")[:limit]
    )


def assignments_to_report(*, actor, organisation: Organisation) -> list[DecisionAssignment]:
    """The open assignments given to a unit or body the actor may report for (none given by a
    § withheld from the actor)."""
    return [
        a
        for a in open_assignments(organisation=organisation, actor=actor)
        .select_related("recipient_unit", "recipient_body", "given_by__body")
        .order_by("due_date", "pk")
        if (a.recipient_unit is not None or a.recipient_body is not None) and can_report(actor, a)
    ]
