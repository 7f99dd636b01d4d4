"""The meeting: planning it, who chairs and approves, attendance, holding it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases import services as case_services
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.organisation.models import Body, Membership, Person
from uppsikt.organisation.permissions import ensure_can

from .. import procedure, selectors
from ..models import (
    AgendaItem,
    Approval,
    Attendance,
    Meeting,
)
from ._base import (
    _ensure_not_approved,
    _lock_meeting,
    _minutes_item_for,
)
from ._notify import notify_minutes_to_approve


def _seat_label(m: Membership) -> str:
    return str(m.get_role_display())


def _minutes_kept_at_default(body: Body) -> str:
    """Where a body keeps its minutes unless told otherwise: where its latest meeting's are kept,
    else with the organisation itself."""
    previous = (
        Meeting.objects.filter(body=body)
        .exclude(minutes_kept_at="")
        .order_by("-date", "-pk")
        .values_list("minutes_kept_at", flat=True)
        .first()
    )
    return previous or body.organisation.name


@transaction.atomic
def meeting_create(
    *,
    actor,
    body: Body,
    date: dt.date,
    start_time: dt.time,
    place: str,
    minutes_kept_at: str = "",
) -> Meeting:
    """Plan a meeting and call the body's members and deputies seated on its date."""
    ensure_can(actor, "meetings.manage", body)
    if not place.strip():
        raise DomainError(_("Ange plats för sammanträdet."))
    meeting = Meeting.objects.create(
        organisation=body.organisation,
        body=body,
        date=date,
        start_time=start_time,
        place=place.strip(),
        approval_due=date + dt.timedelta(days=14),
        minutes_kept_at=minutes_kept_at.strip() or _minutes_kept_at_default(body),
    )
    seats = [
        m
        for m in Membership.objects.filter(body=body).select_related("person", "party")
        if m.is_current(date)
    ]
    seats.sort(
        key=lambda m: (
            m.role == Membership.Role.DEPUTY,
            Membership.ROLE_ORDER[m.role],
            m.deputy_order or 0,
            m.pk,
        )
    )
    for position, m in enumerate(seats):
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=m.person,
            defaults={
                "membership": m,
                "role": Attendance.Role.DEPUTY
                if m.role == Membership.Role.DEPUTY
                else Attendance.Role.MEMBER,
                "seat_label": _seat_label(m),
                "party": m.party.abbreviation if m.party else "",
                "deputy_order": m.deputy_order,
                "position": position,
            },
        )
        if m.role == Membership.Role.CHAIR and meeting.chair_id is None:
            meeting.chair = m.person
    meeting.save(update_fields=["chair"])
    audit_record(actor=actor, action="meeting.create", obj=meeting)
    return meeting


KEEP = object()  # ``secretary=KEEP``: the secretary stays who it was


@transaction.atomic
def meeting_set_approvers(
    *,
    actor,
    meeting: Meeting,
    chair: Person | None,
    approvers: list[Person],
    secretary: Person | None | object = KEEP,
) -> Meeting:
    """Record who chairs, who approves (justerare) the minutes and, when given, who keeps
    them (the secretary, a person of the organisation)."""
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    _ensure_not_approved(meeting)
    if Approval.objects.filter(meeting=meeting, item__isnull=True).exists():
        raise InvalidTransition(_("Justeringen har börjat; justerarna kan inte bytas."))
    seated = set(
        Attendance.objects.filter(meeting=meeting)
        .exclude(role=Attendance.Role.OFFICIAL)
        .values_list("person_id", flat=True)
    )
    for person in [chair, *approvers]:
        if person is not None and person.pk not in seated:
            raise DomainError(
                _("%(p)s är inte ledamot eller ersättare vid sammanträdet.") % {"p": person}
            )
    present = set(
        Attendance.objects.filter(meeting=meeting, present=True)
        .exclude(role=Attendance.Role.OFFICIAL)
        .values_list("person_id", flat=True)
    )
    for person in approvers:
        # once attendance is recorded, the approvers are chosen among those present
        if present and person.pk not in present:
            raise DomainError(
                _("%(p)s är inte närvarande och kan inte justera protokollet.") % {"p": person}
            )
    if chair is not None and chair in approvers:
        raise DomainError(_("Ordföranden kan inte också vara justerare."))
    if isinstance(secretary, Person) and secretary.organisation_id != meeting.organisation_id:
        raise DomainError(_("Personen hör till en annan organisation."))
    before = snapshot(meeting)
    meeting.chair = chair
    fields = ["chair"]
    if secretary is not KEEP:
        meeting.secretary = secretary
        fields.append("secretary")
    meeting.save(update_fields=fields)
    meeting.approvers.set(approvers)
    audit_record(
        actor=actor,
        action="meeting.approvers",
        obj=meeting,
        before=before,
        detail={"approvers": [p.pk for p in approvers]},
    )
    notify_minutes_to_approve(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def attendance_record(
    *,
    actor,
    meeting: Meeting,
    present: Iterable[int],
    officials: Iterable[Person] = (),
    serving_for: dict[int, int] | None = None,
) -> Meeting:
    """Record who is present (person ids); officials present are added. ``serving_for``
    (deputy → member, person ids) is who the secretary chose to serve for whom; the absent
    members left take the deputies left in the body's order."""
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    if meeting.status == Meeting.Status.APPROVED:
        _ensure_not_approved(meeting)
    if meeting.status == Meeting.Status.HELD and meeting.approvals.exists():
        raise InvalidTransition(_("Justeringen har börjat; närvaron kan inte ändras."))
    present_ids = set(present)
    for person in officials:
        if person.organisation_id != meeting.organisation_id:
            raise DomainError(_("Personen hör till en annan organisation."))
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "role": Attendance.Role.OFFICIAL,
                "seat_label": person.title,
                "called": False,
                "position": 10_000,
            },
        )
        present_ids.add(person.pk)
    rows = list(meeting.attendance.all())
    for a in rows:
        a.present = a.person_id in present_ids
        a.serving_for_id = None
    chosen = dict(serving_for or {})
    refused = procedure.check_serving_choice(rows, chosen)
    if refused == "twice":
        raise DomainError(_("En ledamot kan bara ha en tjänstgörande ersättare."))
    if refused == "deputy":
        raise DomainError(_("Bara en närvarande ersättare kan tjänstgöra."))
    if refused == "member":
        raise DomainError(_("En ersättare kan bara tjänstgöra för en ledamot som är frånvarande."))
    serving = procedure.deputies_serving(rows, chosen)
    for a in rows:
        a.serving_for_id = serving.get(a.person_id)
    Attendance.objects.bulk_update(rows, ["present", "serving_for"])
    audit_record(
        actor=actor,
        action="meeting.attendance",
        obj=meeting,
        after=None,
        detail={"present": sorted(present_ids), "serving": serving},
    )
    return meeting


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting) -> Meeting:
    """Open the minutes: the meeting is quorate, and each item not withdrawn gets its § in
    the order of the agenda."""
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.SUMMONED):
        raise InvalidTransition(_("Sammanträdet är redan genomfört."))
    serving, seats, ok = selectors.quorum(meeting)
    if not ok:
        raise DomainError(
            _("Sammanträdet är inte beslutsfört: %(n)s av %(s)s ledamöter tjänstgör.")
            % {"n": serving, "s": seats}
        )
    before = snapshot(meeting)
    for agenda_item in (
        meeting.agenda.filter(withdrawn=False)
        .select_related("proposal", "case")
        .order_by("position", "pk")
    ):
        _minutes_item_for(meeting, agenda_item)
        if agenda_item.kind == AgendaItem.Kind.DELEGATION:
            case_services.delegated_decisions_mark_reported(
                actor=actor,
                decisions=agenda_item.delegated_decisions.all(),
                reported_on=meeting.date,
            )
    meeting.status = Meeting.Status.HELD
    meeting.held_at = timezone.now()
    meeting.save(update_fields=["status", "held_at"])
    audit_record(actor=actor, action="meeting.hold", obj=meeting, before=before)
    notify_minutes_to_approve(actor=actor, meeting=meeting)
    return meeting
