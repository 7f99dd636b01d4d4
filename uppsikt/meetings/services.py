"""Writes of the meetings app: the only way to change a meeting, its minutes or its notices.

Every editing service locks the minutes item's row (``SELECT … FOR UPDATE``) and checks that
it is not approved after taking the lock; approval locks the same rows. So an edit and an
approval at the same moment are serialised and an approved item is never changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases import selectors as case_selectors
from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case, DecisionProposal
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import is_system
from uppsikt.followup.models import ItemKind, ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Membership, Person, Unit
from uppsikt.organisation.permissions import ensure_can, has_permission

from . import dates, integrity, procedure
from .models import (
    AgendaItem,
    Approval,
    AssignmentReport,
    Attendance,
    Correction,
    DecisionAssignment,
    Dispatch,
    Dissent,
    FloorMotion,
    Meeting,
    MinutesItem,
    MinutesNote,
    MinutesSeries,
    Notice,
    Recusal,
    Vote,
    VoteCast,
)
from .sealed import amending

ASSIGNMENT_PATTERN = re.compile(r"\bi uppdrag\b", re.IGNORECASE)


def _today() -> dt.date:
    return timezone.localdate()


def _clean(lines: Iterable[str]) -> list[str]:
    return [str(line).strip() for line in lines if str(line).strip()]


# ---------------------------------------------------------------------------------------------
# Numbering


def _take_number(*, body: Body, year: int) -> int:
    """The next § of ``body`` in ``year``, under a row lock on the series."""
    MinutesSeries.objects.get_or_create(body=body, year=year)
    series = MinutesSeries.objects.select_for_update().get(body=body, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


@transaction.atomic
def series_continue(*, actor, body: Body, year: int, last_number: int) -> MinutesSeries:
    """Continue a body's § series from an earlier system: the next item gets
    ``last_number + 1``. The series never goes back."""
    ensure_can(actor, "meetings.manage", body)
    MinutesSeries.objects.get_or_create(body=body, year=year)
    series = MinutesSeries.objects.select_for_update().get(body=body, year=year)
    if last_number < series.last_number:
        raise DomainError(
            _("Paragrafserien står redan på § %(n)s och kan inte gå tillbaka.")
            % {"n": series.last_number}
        )
    before = snapshot(series)
    series.last_number = last_number
    series.save(update_fields=["last_number"])
    audit_record(actor=actor, action="minutes_series.continue", obj=series, before=before)
    return series


# ---------------------------------------------------------------------------------------------
# Meetings, agenda, attendance


def _seat_label(m: Membership) -> str:
    return str(m.get_role_display())


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
        **({"minutes_kept_at": minutes_kept_at.strip()} if minutes_kept_at.strip() else {}),
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


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _ensure_not_approved(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.APPROVED:
        raise InvalidTransition(_("Protokollet är justerat och kan inte ändras."))


@transaction.atomic
def meeting_set_approvers(
    *, actor, meeting: Meeting, chair: Person | None, approvers: list[Person]
) -> Meeting:
    """Record who chairs and who approves (justerare) the minutes."""
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
    if chair is not None and chair in approvers:
        raise DomainError(_("Ordföranden kan inte också vara justerare."))
    before = snapshot(meeting)
    meeting.chair = chair
    meeting.save(update_fields=["chair"])
    meeting.approvers.set(approvers)
    audit_record(
        actor=actor,
        action="meeting.approvers",
        obj=meeting,
        before=before,
        detail={"approvers": [p.pk for p in approvers]},
    )
    return meeting


def _proposal_fields(proposal: DecisionProposal) -> dict:
    # A secret record is named by its number only: the minutes may be public.
    basis = [
        r.description
        if not (r.secret or r.case.secret)
        else _("Handling som omfattas av sekretess (%(n)s)") % {"n": r.number}
        for r in proposal.basis.select_related("case").order_by("sequence")
    ]
    return {
        "matter": proposal.summary,
        "basis": basis,
        "proposal_intro": proposal.decision_intro,
        "proposal_points": list(proposal.decision_points),
        "dispatch_to": list(proposal.dispatch_to),
    }


@transaction.atomic
def agenda_add(
    *,
    actor,
    meeting: Meeting,
    proposal: DecisionProposal | None = None,
    case: Case | None = None,
    title: str = "",
    kind: str = AgendaItem.Kind.DECISION,
) -> AgendaItem:
    """Put a final proposal (or a case, or an information item) on the agenda. On a meeting
    already held the item is numbered at once, as the next one handled."""
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    _ensure_not_approved(meeting)
    if proposal is not None:
        if proposal.status != DecisionProposal.Status.FINAL:
            raise DomainError(_("Bara slutliga beslutsförslag kan tas upp på ett sammanträde."))
        if proposal.body_id != meeting.body_id:
            raise DomainError(_("Beslutsförslaget är ställt till ett annat organ."))
        case = proposal.case
        title = title or proposal.title
    if case is not None and case.organisation_id != meeting.organisation_id:
        raise DomainError(_("Ärendet hör till en annan organisation."))
    title = (title or (case.title if case else "")).strip()
    if not title:
        raise DomainError(_("Ange en rubrik för punkten."))
    position = (
        meeting.agenda.order_by("-position").values_list("position", flat=True).first()
    ) or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position + 1,
        kind=kind,
        title=title,
        case=case,
        proposal=proposal,
    )
    audit_record(actor=actor, action="agenda_item.add", obj=item)
    if meeting.status == Meeting.Status.HELD:
        _minutes_item_for(meeting, item)
    return item


def delegated_decisions_to_list(*, body: Body):
    """Decisions taken under delegation, not yet reported to ``body`` and not on an agenda
    (an item that is withdrawn gives them back)."""
    return case_selectors.delegated_decisions_to_report(body=body).exclude(
        agenda_items__withdrawn=False
    )


def _delegated_line(d) -> str:
    case = d.case
    if case is not None and case.secret:
        what = _("Beslut i ärende som omfattas av sekretess (%(n)s)") % {"n": case.number}
    else:
        what = d.decision.strip()
        if case is not None:
            what = f"{what} ({case.number})"
    return _("%(point)s, %(day)s, %(who)s: %(what)s") % {
        "point": d.delegation_point,
        "day": d.decided_on.isoformat(),
        "who": d.decided_by.full_name,
        "what": what,
    }


@transaction.atomic
def agenda_add_delegated_decisions(*, actor, meeting: Meeting) -> AgendaItem:
    """Put the decisions taken under delegation that the body has not yet had reported to it on
    the agenda, as one item ("Anmälan av delegationsbeslut"). They count as reported when the
    meeting is held (an item withdrawn before then gives them back for the next meeting)."""
    ensure_can(actor, "meetings.manage", meeting.body)
    decisions = list(delegated_decisions_to_list(body=meeting.body))
    if not decisions:
        raise DomainError(
            _("Det finns inga delegationsbeslut att anmäla till %(body)s.")
            % {"body": meeting.body.name}
        )
    item = agenda_add(
        actor=actor,
        meeting=meeting,
        title=_("Anmälan av delegationsbeslut"),
        kind=AgendaItem.Kind.DELEGATION,
    )
    item.description = "\n".join(_delegated_line(d) for d in decisions)
    item.save(update_fields=["description", "updated_at"])
    item.delegated_decisions.set(decisions)
    if hasattr(item, "minutes_item"):  # added to a meeting already held
        MinutesItem.objects.filter(pk=item.minutes_item.pk).update(matter=item.description)
        case_services.delegated_decisions_mark_reported(
            actor=actor, decisions=decisions, reported_on=meeting.date
        )
    return item


@transaction.atomic
def agenda_withdraw(*, actor, agenda_item: AgendaItem) -> AgendaItem:
    """An item withdrawn before the meeting: it stays on record and gets no § number."""
    meeting = agenda_item.meeting
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.NOTICED):
        raise InvalidTransition(_("Bara punkter på ett kommande sammanträde kan utgå."))
    before = snapshot(agenda_item)
    agenda_item.withdrawn = True
    agenda_item.save(update_fields=["withdrawn"])
    audit_record(actor=actor, action="agenda_item.withdraw", obj=agenda_item, before=before)
    return agenda_item


@transaction.atomic
def notice_send(*, actor, meeting: Meeting) -> Meeting:
    """Send the notice of meeting (kallelse) with the agenda and proposals as one PDF to the
    called members and deputies. A council meeting is also announced on the notice board."""
    from . import documents

    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.NOTICED):
        raise InvalidTransition(_("Kallelsen skickas före sammanträdet."))
    if not meeting.agenda.filter(withdrawn=False).exists():
        raise DomainError(_("Föredragningslistan är tom."))
    before = snapshot(meeting)
    recipients = sorted(
        {
            a.person.email
            for a in meeting.attendance.select_related("person").filter(called=True)
            if a.person.email
        }
    )
    content, name, mime = documents.notice_file(meeting)
    if recipients:
        message = EmailMessage(
            subject=_("Kallelse: %(body)s %(date)s")
            % {"body": meeting.body.name, "date": meeting.date.isoformat()},
            body=_(
                "Du kallas till sammanträde med %(body)s %(date)s kl. %(time)s, %(place)s.\n\n"
                "Föredragningslistan och förslagen finns i den bifogade kallelsen. Handlingar "
                "som omfattas av sekretess skickas inte med e-post; de finns i Uppsikt."
            )
            % {
                "body": meeting.body.name,
                "date": meeting.date.isoformat(),
                "time": meeting.start_time.strftime("%H.%M"),
                "place": meeting.place,
            },
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=recipients,
        )
        message.attach(name, content, mime)
        transaction.on_commit(lambda: message.send(fail_silently=False))
    meeting.status = Meeting.Status.NOTICED
    meeting.notice_sent_at = timezone.now()
    meeting.save(update_fields=["status", "notice_sent_at"])
    if meeting.body.kind == Body.Kind.COUNCIL and not meeting.notices.filter(
        kind=Notice.Kind.ANNOUNCEMENT
    ):
        today = _today()
        if today > meeting.date:
            raise DomainError(_("Sammanträdet kan inte kungöras efter att det har hållits."))
        Notice.objects.create(
            organisation=meeting.organisation,
            kind=Notice.Kind.ANNOUNCEMENT,
            meeting=meeting,
            posted_on=today,
            last_day=meeting.date,
            minutes_kept_at=meeting.minutes_kept_at,
        )
        meeting.announced_on = today
        meeting.save(update_fields=["announced_on"])
    audit_record(
        actor=actor,
        action="meeting.notice_send",
        obj=meeting,
        before=before,
        detail={"recipients": len(recipients)},
    )
    return meeting


def deputies_serving(attendance: list[Attendance]) -> dict[int, int]:
    """Which present deputy serves for which absent member: the absent members in seat order
    take the present deputies in the body's order of deputies. Returns deputy → member
    (person ids)."""
    absent = [a for a in attendance if a.role == Attendance.Role.MEMBER and not a.present]
    deputies = sorted(
        (a for a in attendance if a.role == Attendance.Role.DEPUTY and a.present),
        key=lambda a: (a.deputy_order or 10_000, a.position),
    )
    return {d.person_id: m.person_id for d, m in zip(deputies, absent, strict=False)}


@transaction.atomic
def attendance_record(
    *, actor, meeting: Meeting, present: Iterable[int], officials: Iterable[Person] = ()
) -> Meeting:
    """Record who is present (person ids); deputies serve for absent members in the body's
    order; officials present are added."""
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
    serving = deputies_serving(rows)
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


def quorum(meeting: Meeting) -> tuple[int, int, bool]:
    """(members serving, seats, quorate): more than half of the members must take part."""
    rows = list(meeting.attendance.all())
    seats = sum(1 for a in rows if a.role == Attendance.Role.MEMBER)
    serving = sum(1 for a in rows if a.serves)
    return serving, seats, serving * 2 > seats


def _minutes_item_for(meeting: Meeting, agenda_item: AgendaItem) -> MinutesItem:
    year = meeting.date.year
    number = _take_number(body=meeting.body, year=year)
    position = (meeting.items.order_by("-position").values_list("position", flat=True).first()) or 0
    fields = _proposal_fields(agenda_item.proposal) if agenda_item.proposal_id else {}
    if agenda_item.case_id and not fields:
        fields = {"matter": agenda_item.case.description}
    if not fields and agenda_item.description:
        fields = {"matter": agenda_item.description}
    intro = fields.get("proposal_intro", "")
    case = agenda_item.case
    return MinutesItem.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        body=meeting.body,
        year=year,
        number=number,
        position=position + 1,
        title=agenda_item.title,
        case=case,
        proposal=agenda_item.proposal,
        decision_intro=intro,
        secret=bool(case and case.secret),
        **fields,
    )


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting) -> Meeting:
    """Open the minutes: the meeting is quorate, and each item not withdrawn gets its § in
    the order of the agenda."""
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.NOTICED):
        raise InvalidTransition(_("Sammanträdet är redan genomfört."))
    serving, seats, ok = quorum(meeting)
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
    return meeting


# ---------------------------------------------------------------------------------------------
# Minutes items


def _lock_item(item: MinutesItem) -> MinutesItem:
    locked = (
        MinutesItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "body")
        .get(pk=item.pk)
    )
    if locked.approved_at is not None:
        raise InvalidTransition(
            _("Paragrafen är justerad och kan inte ändras; gör en rättelse i stället.")
        )
    return locked


ITEM_FIELDS = {
    "title",
    "matter",
    "basis",
    "proposal_intro",
    "proposal_points",
    "decision_intro",
    "decision_points",
    "procedure",
    "dispatch_to",
}


@transaction.atomic
def item_update(*, actor, item: MinutesItem, version: int, **changes) -> MinutesItem:
    """Change the text of an item that is not yet approved. ``version`` is the one the form
    was opened with: if someone saved in between (or a decision was written), the save is
    refused rather than overwriting theirs."""
    ensure_can(actor, "meetings.manage", item.body)
    unknown = set(changes) - ITEM_FIELDS
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    item = _lock_item(item)
    if item.version != version:
        raise DomainError(
            _(
                "Paragrafen har ändrats av någon annan sedan du öppnade den. "
                "Ladda om sidan och gör om din ändring."
            )
        )
    before = snapshot(item)
    for name, value in changes.items():
        if name in {"basis", "proposal_points", "decision_points", "dispatch_to"}:
            value = _clean(value)
        setattr(item, name, value)
    item.version += 1
    item.save(update_fields=[*changes, "version"])
    audit_record(actor=actor, action="minutes_item.update", obj=item, before=before)
    return item


def _party_of(meeting: Meeting, person: Person) -> str:
    a = Attendance.objects.filter(meeting=meeting, person=person).first()
    return a.party if a else ""


@transaction.atomic
def motion_add(
    *,
    actor,
    item: MinutesItem,
    person: Person,
    kind: str,
    text: str = "",
    points: Iterable[str] = (),
    role_label: str = "",
) -> FloorMotion:
    """Record a floor motion (yrkande) made by a member serving at the meeting."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    if kind not in FloorMotion.Kind.values:
        raise DomainError(_("Okänd typ av yrkande."))
    attendance = Attendance.objects.filter(meeting=item.meeting, person=person).first()
    if attendance is None or not attendance.serves:
        raise DomainError(_("Bara tjänstgörande ledamöter kan yrka."))
    points = _clean(points)
    if kind in (FloorMotion.Kind.AMEND, FloorMotion.Kind.ADD) and not points and not text.strip():
        raise DomainError(_("Skriv vad yrkandet gäller."))
    position = item.motions.count() + 1
    motion = FloorMotion.objects.create(
        item=item,
        position=position,
        person=person,
        role_label=role_label or ("Ordförande" if item.meeting.chair_id == person.pk else ""),
        party=attendance.party,
        kind=kind,
        text=text.strip(),
        points=points,
    )
    audit_record(actor=actor, action="floor_motion.add", obj=motion)
    return motion


@transaction.atomic
def motion_withdraw(*, actor, motion: FloorMotion) -> FloorMotion:
    ensure_can(actor, "meetings.manage", motion.item.body)
    _lock_item(motion.item)
    before = snapshot(motion)
    motion.withdrawn = True
    motion.save(update_fields=["withdrawn"])
    audit_record(actor=actor, action="floor_motion.withdraw", obj=motion, before=before)
    return motion


@transaction.atomic
def item_decide(
    *,
    actor,
    item: MinutesItem,
    motion_won: FloorMotion | None = None,
    additions_adopted: Iterable[FloorMotion] = (),
) -> MinutesItem:
    """Write the decision from the outcome: the main proposal (the committee's, or the motion
    that won against it), then the additions adopted, last; and the decision procedure."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    additions = list(additions_adopted)
    for m in [*additions, *([motion_won] if motion_won else [])]:
        if m.item_id != item.pk or m.withdrawn:
            raise DomainError(_("Yrkandet hör inte till paragrafen."))
    for m in additions:
        if m.kind != FloorMotion.Kind.ADD:
            raise DomainError(_("Bara tilläggsyrkanden kan bifallas som tillägg."))
    if motion_won is not None and motion_won.kind not in (
        FloorMotion.Kind.AMEND,
        FloorMotion.Kind.REJECT,
    ):
        raise DomainError(_("Bara ändrings- och avslagsyrkanden står mot förslaget."))
    before = snapshot(item)
    if motion_won is None:
        points = list(item.proposal_points)
    elif motion_won.kind == FloorMotion.Kind.REJECT:
        points = [motion_won.text or _("avslå förslaget.")]
    else:
        points = list(motion_won.points) or [motion_won.text]
    for m in additions:
        points.extend(m.points or [m.text])
    item.decision_points = points
    if not item.decision_intro:
        item.decision_intro = item.proposal_intro or _("%(body)s beslutar att") % {
            "body": item.body.name
        }
    chair = item.meeting.chair
    chair_label = f"Ordförande {chair.full_name}" if chair else "Ordföranden"
    if chair is not None:
        party = _party_of(item.meeting, chair)
        if party:
            chair_label += f" ({party})"
    item.procedure = procedure.procedure_text(
        chair_label=chair_label,
        body_name=item.body.name.lower() if item.body.name else "",
        adopted_additions=bool(additions),
        motion_won=motion_won,
    )
    item.version += 1
    item.save(update_fields=["decision_points", "decision_intro", "procedure", "version"])
    audit_record(actor=actor, action="minutes_item.decide", obj=item, before=before)
    return item


@transaction.atomic
def vote_record(
    *,
    actor,
    item: MinutesItem,
    method: str,
    yes_means: str,
    no_means: str,
    casts: dict[int, str] | None = None,
) -> Vote:
    """Record a vote: by acclamation, or open by roll-call with each serving member's vote."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    if method not in Vote.Method.values:
        raise DomainError(_("Okänd omröstningsmetod."))
    vote = Vote.objects.create(
        item=item,
        position=item.votes.count() + 1,
        method=method,
        yes_means=yes_means.strip(),
        no_means=no_means.strip(),
    )
    if method == Vote.Method.ROLL_CALL:
        casts = casts or {}
        recused = set(item.recusals.values_list("person_id", flat=True))
        voters = {
            a.person_id: a
            for a in item.meeting.attendance.select_related("person")
            if a.serves and a.person_id not in recused
        }
        unknown = set(casts) - set(voters)
        if unknown:
            raise DomainError(_("Bara tjänstgörande ledamöter utan jäv kan rösta."))
        missing = set(voters) - set(casts)
        if missing:
            raise DomainError(_("Alla tjänstgörande ledamöter ska finnas med i omröstningen."))
        for person_id, choice in casts.items():
            if choice not in VoteCast.Choice.values:
                raise DomainError(_("Okänd röst."))
            VoteCast.objects.create(
                vote=vote, person_id=person_id, party=voters[person_id].party, choice=choice
            )
        yes = sum(1 for c in casts.values() if c == "yes")
        no = sum(1 for c in casts.values() if c == "no")
        abstain = sum(1 for c in casts.values() if c == "abstain")
        if yes == no:
            # kommunallagen 5 kap. 56 §: the chair's casting vote decides a tie
            chair_vote = casts.get(item.meeting.chair_id)
            won = yes_means if chair_vote == "yes" else no_means
        else:
            won = yes_means if yes > no else no_means
        vote.result = _(
            "Med %(yes)s ja-röster mot %(no)s nej-röster (%(abstain)s avstår) "
            "beslutar %(body)s enligt %(won)s."
        ) % {
            "yes": yes,
            "no": no,
            "abstain": abstain,
            "body": item.body.name.lower(),
            "won": won,
        }
    else:
        vote.result = _("Ordföranden finner att %(body)s beslutar enligt %(won)s.") % {
            "body": item.body.name.lower(),
            "won": yes_means.strip(),
        }
    vote.save(update_fields=["result"])
    audit_record(actor=actor, action="vote.record", obj=vote, detail={"casts": casts or {}})
    return vote


def _serving_person(item: MinutesItem, person: Person) -> Attendance:
    a = Attendance.objects.filter(meeting=item.meeting, person=person).first()
    if a is None or not a.serves:
        raise DomainError(_("%(p)s tjänstgör inte vid sammanträdet.") % {"p": person})
    return a


@transaction.atomic
def dissent_add(*, actor, item: MinutesItem, person: Person, reason: str = "") -> Dissent:
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    a = _serving_person(item, person)
    dissent = Dissent.objects.create(item=item, person=person, party=a.party, reason=reason.strip())
    audit_record(actor=actor, action="dissent.add", obj=dissent)
    return dissent


@transaction.atomic
def note_add(*, actor, item: MinutesItem, person: Person, text: str) -> MinutesNote:
    """A minutes note, which the chair has permitted."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    if not text.strip():
        raise DomainError(_("Skriv anteckningen."))
    a = Attendance.objects.filter(meeting=item.meeting, person=person, present=True).first()
    if a is None:
        raise DomainError(_("%(p)s är inte närvarande.") % {"p": person})
    note = MinutesNote.objects.create(item=item, person=person, party=a.party, text=text.strip())
    audit_record(actor=actor, action="minutes_note.add", obj=note)
    return note


@transaction.atomic
def recusal_add(*, actor, item: MinutesItem, person: Person) -> Recusal:
    """A member left the item for a conflict of interest (jäv)."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    a = Attendance.objects.filter(meeting=item.meeting, person=person, present=True).first()
    if a is None:
        raise DomainError(_("%(p)s är inte närvarande.") % {"p": person})
    recusal, _created = Recusal.objects.get_or_create(
        item=item, person=person, defaults={"party": a.party}
    )
    audit_record(actor=actor, action="recusal.add", obj=recusal)
    return recusal


# ---------------------------------------------------------------------------------------------
# Approval (justering), corrections, the notice board


def _signer_role(meeting: Meeting, person: Person) -> str:
    if meeting.chair_id == person.pk:
        return Approval.Role.CHAIR
    if meeting.approvers.filter(pk=person.pk).exists():
        return Approval.Role.APPROVER
    raise NotPermitted(_("%(p)s är varken ordförande eller justerare.") % {"p": person})


def _signers(meeting: Meeting) -> set[int]:
    ids = set(meeting.approvers.values_list("pk", flat=True))
    if meeting.chair_id:
        ids.add(meeting.chair_id)
    return ids


def _who_signs(actor, meeting: Meeting, person: Person | None, method: str) -> Person:
    if method == Approval.Method.IN_SYSTEM:
        if is_system(actor):
            if person is None:
                raise DomainError(_("Ange vem som justerar."))
            return person
        own = Person.objects.filter(user_id=actor.pk).first()
        if own is None or (person is not None and person.pk != own.pk):
            raise NotPermitted(_("Du kan bara justera i eget namn."))
        ensure_can(actor, "meetings.approve", meeting.body)
        return own
    if method == Approval.Method.ON_PAPER:
        ensure_can(actor, "meetings.manage", meeting.body)
        if person is None:
            raise DomainError(_("Ange vem som har signerat."))
        return person
    raise DomainError(_("Okänt sätt att justera."))


def _signed_at(actor, at: dt.datetime | None) -> dt.datetime:
    if at is not None and not is_system(actor):
        raise NotPermitted(_("Tidpunkten för en justering sätts av systemet."))
    return at or timezone.now()


def _approve_item(item: MinutesItem, at: dt.datetime, *, immediately: bool) -> None:
    item.approved_at = at
    item.approved_immediately = immediately
    integrity.item_seal(item)
    item.save(
        update_fields=["approved_at", "approved_immediately", "approval_sequence", "checksum"]
    )


@transaction.atomic
def minutes_approve(
    *,
    actor,
    meeting: Meeting,
    person: Person | None = None,
    method: str = Approval.Method.IN_SYSTEM,
    at: dt.datetime | None = None,
) -> Approval:
    """Sign the minutes as chair or approver. When the last of them has signed, the minutes
    are approved: every item is locked with its checksum and the notice is posted."""
    meeting = _lock_meeting(meeting)
    signer = _who_signs(actor, meeting, person, method)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Bara protokollet från ett genomfört sammanträde justeras."))
    if not meeting.approvers.exists() or meeting.chair_id is None:
        raise DomainError(_("Ordförande och justerare är inte valda."))
    if not meeting.items.exists():
        raise DomainError(_("Protokollet har inga paragrafer."))
    role = _signer_role(meeting, signer)
    if Approval.objects.filter(meeting=meeting, item__isnull=True, person=signer).exists():
        raise DomainError(_("%(p)s har redan justerat protokollet.") % {"p": signer})
    when = _signed_at(actor, at)
    approval = Approval.objects.create(
        meeting=meeting,
        person=signer,
        role=role,
        method=method,
        at=when,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="minutes.sign", obj=approval)
    signed = set(
        Approval.objects.filter(meeting=meeting, item__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    if _signers(meeting) <= signed:
        _complete_approval(actor, meeting, when)
    return approval


def _complete_approval(actor, meeting: Meeting, when: dt.datetime) -> None:
    before = snapshot(meeting)
    items = list(MinutesItem.objects.select_for_update().filter(meeting=meeting).order_by("pk"))
    for item in sorted(items, key=lambda i: i.position):
        if item.approved_at is None:
            _approve_item(item, when, immediately=False)
    approved_on = timezone.localtime(when).date()
    meeting.status = Meeting.Status.APPROVED
    meeting.approved_on = approved_on
    integrity.meeting_seal(meeting)
    meeting.save(update_fields=["status", "approved_on", "checksum"])
    audit_record(actor=actor, action="minutes.approve", obj=meeting, before=before)
    _post_notice(meeting=meeting, item=None, approved_on=approved_on, posted_on=approved_on)


@transaction.atomic
def item_approve_immediately(
    *,
    actor,
    item: MinutesItem,
    person: Person | None = None,
    method: str = Approval.Method.IN_SYSTEM,
    at: dt.datetime | None = None,
) -> Approval:
    """Sign one item at once (omedelbar justering); when the chair and every approver have
    signed it, it is approved and gets its own notice and appeal period."""
    meeting = _lock_meeting(item.meeting)
    item = _lock_item(item)
    signer = _who_signs(actor, meeting, person, method)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Paragrafen justeras vid eller efter sammanträdet."))
    if not meeting.approvers.exists() or meeting.chair_id is None:
        raise DomainError(_("Ordförande och justerare är inte valda."))
    role = _signer_role(meeting, signer)
    if Approval.objects.filter(meeting=meeting, item=item, person=signer).exists():
        raise DomainError(_("%(p)s har redan justerat paragrafen.") % {"p": signer})
    when = _signed_at(actor, at)
    approval = Approval.objects.create(
        meeting=meeting,
        item=item,
        person=signer,
        role=role,
        method=method,
        at=when,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="minutes_item.sign", obj=approval)
    signed = set(Approval.objects.filter(item=item).values_list("person_id", flat=True))
    if _signers(meeting) <= signed:
        before = snapshot(item)
        _approve_item(item, when, immediately=True)
        audit_record(actor=actor, action="minutes_item.approve", obj=item, before=before)
        day = timezone.localtime(when).date()
        _post_notice(meeting=meeting, item=item, approved_on=day, posted_on=day)
    return approval


def _post_notice(
    *, meeting: Meeting, item: MinutesItem | None, approved_on: dt.date, posted_on: dt.date
) -> Notice:
    last = dates.appeal_last_day(posted_on)
    notice = Notice.objects.create(
        organisation=meeting.organisation,
        kind=Notice.Kind.APPROVAL,
        meeting=meeting,
        item=item,
        approved_on=approved_on,
        posted_on=posted_on,
        last_day=last,
        appeal_last_day=last,
        minutes_kept_at=meeting.minutes_kept_at,
    )
    integrity.notice_seal(notice)
    return notice


@transaction.atomic
def notice_repost(*, actor, notice: Notice, posted_on: dt.date) -> Notice:
    """Move the posting day of an approval notice (posted later than the approval day, but
    no later than the second day after it); the appeal period follows."""
    ensure_can(actor, "meetings.manage", notice.meeting.body)
    if notice.kind != Notice.Kind.APPROVAL:
        raise DomainError(_("Bara anslag om justering kan flyttas."))
    if not (notice.approved_on <= posted_on <= dates.latest_posting_day(notice.approved_on)):
        raise DomainError(
            _("Anslaget ska sättas upp senast andra dagen efter justeringen (%(d)s).")
            % {"d": dates.latest_posting_day(notice.approved_on).isoformat()}
        )
    before = snapshot(notice)
    notice.posted_on = posted_on
    notice.last_day = notice.appeal_last_day = dates.appeal_last_day(posted_on)
    with amending(Notice):
        notice.save(update_fields=["posted_on", "last_day", "appeal_last_day"])
    integrity.notice_seal(notice)
    audit_record(actor=actor, action="notice.repost", obj=notice, before=before)
    return notice


@transaction.atomic
def correction_add(*, actor, item: MinutesItem, text: str, reason: str) -> Correction:
    """A visible, dated correction of an approved item; the item itself stays as approved."""
    ensure_can(actor, "meetings.manage", item.body)
    item = MinutesItem.objects.select_for_update().get(pk=item.pk)
    if item.approved_at is None:
        raise DomainError(_("Paragrafen är inte justerad; ändra den direkt."))
    if not text.strip() or not reason.strip():
        raise DomainError(_("Skriv både rättelsen och skälet till den."))
    correction = Correction.objects.create(
        item=item,
        date=_today(),
        text=text.strip(),
        reason=reason.strip(),
        made_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action="minutes_item.correct", obj=correction)
    return correction


# ---------------------------------------------------------------------------------------------
# Extracts and dispatch


@transaction.atomic
def dispatch_record(
    *, actor, item: MinutesItem, recipient: str, email: str = "", fmt: str = "pdf"
) -> Dispatch:
    """Send (expediera) the extract of an approved item to a recipient and record it."""
    from . import documents

    ensure_can(actor, "meetings.manage", item.body)
    item = MinutesItem.objects.select_related("meeting", "body", "case").get(pk=item.pk)
    if item.approved_at is None:
        raise DomainError(_("Bara justerade paragrafer expedieras."))
    if not recipient.strip():
        raise DomainError(_("Ange mottagare."))
    if fmt not in ("pdf", "docx"):
        raise DomainError(_("Okänt format."))
    content, name, mime = documents.extract_file(item, fmt)
    if email and not item.secret:
        message = EmailMessage(
            subject=_("Protokollsutdrag %(label)s %(title)s")
            % {"label": item.label, "title": item.title},
            body=_("Bifogat finns protokollsutdraget."),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        )
        message.attach(name, content, mime)
        transaction.on_commit(lambda: message.send(fail_silently=False))
    dispatch = Dispatch.objects.create(
        item=item,
        recipient=recipient.strip(),
        email=email.strip(),
        fmt=fmt,
        sent_at=timezone.now(),
        sent_by=actor if getattr(actor, "pk", None) else None,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    audit_record(actor=actor, action="extract.dispatch", obj=dispatch)
    return dispatch


# ---------------------------------------------------------------------------------------------
# Assignments from decisions


def gives_assignment(point: str) -> bool:
    """Whether a decision point gives an assignment ("Ge driftnämnden i uppdrag att …")."""
    return bool(ASSIGNMENT_PATTERN.search(point))


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
    return assignment


@transaction.atomic
def assignment_close(
    *, actor, assignment: DecisionAssignment, closing_item: MinutesItem
) -> DecisionAssignment:
    """Declare an assignment complete by a later decision item (as § 311 closes § 398)."""
    ensure_can(actor, "meetings.manage", closing_item.body)
    assignment = DecisionAssignment.objects.select_for_update().get(pk=assignment.pk)
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


def can_report(actor, assignment: DecisionAssignment) -> bool:
    if assignment.recipient_unit is not None and has_permission(
        actor, "meetings.report", assignment.recipient_unit
    ):
        return True
    body = assignment.recipient_body or assignment.given_by.body
    return has_permission(actor, "meetings.report", body)


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
    if not can_report(actor, assignment):
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
            "reported_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    audit_record(
        actor=actor,
        action="decision_assignment.report",
        obj=report,
        detail={"created": created},
    )
    return report
