"""The agenda (föredragningslista) and the summons (kallelse)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case, DecisionProposal
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.organisation.models import Body
from uppsikt.organisation.permissions import ensure_can

from .. import selectors
from ..models import (
    AgendaItem,
    Meeting,
    MinutesItem,
    Notice,
    SummonsRecipient,
)
from ._base import (
    _ensure_not_approved,
    _lock_meeting,
    _minutes_item_for,
    _today,
)
from ._notify import notify_summons


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
    decisions = list(selectors.delegated_decisions_to_list(body=meeting.body))
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
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.SUMMONED):
        raise InvalidTransition(_("Bara punkter på ett kommande sammanträde kan utgå."))
    before = snapshot(agenda_item)
    agenda_item.withdrawn = True
    agenda_item.save(update_fields=["withdrawn"])
    audit_record(actor=actor, action="agenda_item.withdraw", obj=agenda_item, before=before)
    return agenda_item


@transaction.atomic
def agenda_move(
    *, actor, agenda_item: AgendaItem, offset: int, seen_order: list[int]
) -> list[AgendaItem]:
    """Move an item ``offset`` places up (negative) or down (positive) on the agenda of a
    meeting not yet held. ``seen_order`` is the order of the items as the page showed it; if
    someone changed the agenda since, the move is refused rather than made on a list the
    secretary did not see. Positions are renumbered 1, 2, 3 … in the new order."""
    meeting = agenda_item.meeting
    ensure_can(actor, "meetings.manage", meeting.body)
    meeting = _lock_meeting(meeting)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.SUMMONED):
        raise InvalidTransition(
            _(
                "Föredragningslistan kan bara ordnas om före sammanträdet; paragraferna är numrerade."
            )
        )
    items = list(meeting.agenda.order_by("position", "pk"))
    order = [a.pk for a in items]
    if order != list(seen_order):
        raise DomainError(
            _(
                "Föredragningslistan har ändrats av någon annan sedan du öppnade sidan. "
                "Se den nya ordningen och flytta punkten igen."
            )
        )
    index = order.index(agenda_item.pk)
    target = index + offset
    if offset == 0 or not 0 <= target < len(items):
        raise DomainError(_("Punkten kan inte flyttas längre åt det hållet."))
    moved = items.pop(index)
    items.insert(target, moved)
    for position, a in enumerate(items, start=1):
        a.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    audit_record(
        actor=actor,
        action="agenda_item.move",
        obj=moved,
        detail={"before": order, "after": [a.pk for a in items]},
    )
    return items


def summons_send(*, actor, meeting: Meeting) -> Meeting:
    """Send the summons (kallelse) with the agenda and proposals as one PDF to the called
    members and deputies. A council meeting is also announced on the notice board.

    The PDF is rendered and kept first, with no transaction open and no row locked (it takes
    seconds; docs/adr/0005); then the meeting is locked, and the summons is sent only if what it
    shows has not changed meanwhile."""
    from uppsikt.documents import render
    from uppsikt.documents.pdf import PdfUnavailable
    from uppsikt.documents.services import document_render_keep
    from uppsikt.organisation.tenancy import document_scope

    from .. import documents

    ensure_can(actor, "meetings.manage", meeting.body)
    _summons_check(meeting)
    try:
        rendered, content, document = document_render_keep(
            kind="summons",
            subject=str(meeting.pk),
            fmt="pdf",
            build=lambda: documents.summons_document(meeting),
            actor=actor,
            template_scope=document_scope(meeting.organisation_id),
        )
    except PdfUnavailable as exc:
        raise DomainError(_("PDF kan inte skapas på den här servern (Pango saknas).")) from exc
    # the data version begins with the hash of what the document shows
    shown = rendered.data_version.split("-", 1)[0]
    return _summons_send_rendered(
        actor=actor,
        meeting=meeting,
        content=content,
        shown=shown,
        name=render.filename(document, "pdf"),
    )


def _summons_check(meeting: Meeting) -> None:
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.SUMMONED):
        raise InvalidTransition(_("Kallelsen skickas före sammanträdet."))
    if not meeting.agenda.filter(withdrawn=False).exists():
        raise DomainError(_("Föredragningslistan är tom."))


@transaction.atomic
def _summons_send_rendered(*, actor, meeting: Meeting, content: bytes, shown: str, name: str):
    from uppsikt.documents.render import fingerprint

    from .. import documents

    meeting = _lock_meeting(meeting)
    _summons_check(meeting)
    if fingerprint(documents.summons_document(meeting)) != shown:
        raise DomainError(
            _("Föredragningslistan ändrades medan kallelsen skapades. Skicka kallelsen igen.")
        )
    before = snapshot(meeting)
    sent_at = timezone.now()
    called = [
        a.person
        for a in meeting.attendance.select_related("person").filter(called=True)
        if a.person.email
    ]
    recipients = sorted({p.email for p in called})
    # who received it and when, each time it is sent
    SummonsRecipient.objects.bulk_create(
        [
            SummonsRecipient(meeting=meeting, person=p, email=p.email, sent_at=sent_at)
            for p in called
        ]
    )
    mime = "application/pdf"
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
    meeting.status = Meeting.Status.SUMMONED
    meeting.summons_sent_at = sent_at
    meeting.save(update_fields=["status", "summons_sent_at"])
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
        # the name the audit trail has always given this act (docs/meetings.md, Audit)
        action="meeting.notice_send",
        obj=meeting,
        before=before,
        detail={"recipients": len(recipients)},
    )
    notify_summons(actor=actor, meeting=meeting)
    return meeting
