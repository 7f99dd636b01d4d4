"""Reads of the meetings app, for its pages, documents, the notice board and the list of
assignments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases import secrecy
from uppsikt.cases import selectors as case_selectors
from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Body, Organisation, Person
from uppsikt.organisation.permissions import has_permission

from . import procedure
from .models import (
    AgendaItem,
    Attendance,
    DecisionAssignment,
    FloorMotion,
    Meeting,
    MinutesItem,
    Notice,
    SummonsRecipient,
    Vote,
)


def meetings(*, organisation: Organisation, body: Body | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(organisation=organisation).select_related("body")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("-date", "-start_time")


def meeting_get(*, organisation: Organisation, pk: int) -> Meeting:
    try:
        return Meeting.objects.select_related("body", "chair", "secretary", "organisation").get(
            pk=pk, organisation=organisation
        )
    except Meeting.DoesNotExist as exc:
        raise NotFound(_("Sammanträdet finns inte.")) from exc


def item_get(*, organisation: Organisation, pk: int) -> MinutesItem:
    try:
        return MinutesItem.objects.select_related(
            "meeting", "meeting__body", "meeting__chair", "body", "case", "proposal"
        ).get(pk=pk, meeting__organisation=organisation)
    except MinutesItem.DoesNotExist as exc:
        raise NotFound(_("Paragrafen finns inte.")) from exc


def attendance(*, meeting: Meeting) -> list[Attendance]:
    return list(
        meeting.attendance.select_related("person", "serving_for").order_by("position", "pk")
    )


def agenda(*, meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda.select_related("case", "proposal", "minutes_item").order_by("position", "pk")
    )


def agenda_order(*, meeting: Meeting) -> list[int]:
    """The ids of the agenda's items in their order: the page sends it back with a move, so
    that a move made on a list someone changed meanwhile is refused."""
    return list(meeting.agenda.order_by("position", "pk").values_list("pk", flat=True))


def summons_recipients(*, meeting: Meeting) -> QuerySet[SummonsRecipient]:
    """Who the summons was sent to and when, the latest sending first."""
    return meeting.summons_recipients.select_related("person").order_by("-sent_at", "pk")


def items(*, meeting: Meeting) -> QuerySet[MinutesItem]:
    return meeting.items.select_related("case").order_by("position")


def item_withheld(*, actor, item: MinutesItem) -> bool:
    """Whether ``actor`` may not see the content of a secret item."""
    return bool(item.secret and item.case_id and not secrecy.can_see_case(actor, item.case))


def hidden_case_ids(*, actor, meeting: Meeting) -> set[int]:
    """The secret cases on ``meeting``'s agenda whose title ``actor`` may not see."""
    secret = [
        a.case
        for a in meeting.agenda.select_related("case", "case__organisation")
        if a.case_id and a.case.secret
    ]
    return {case.pk for case in secret if not secrecy.can_see_case(actor, case)}


def item_full(*, item: MinutesItem) -> MinutesItem:
    """The item with everything its page and documents show, prefetched."""
    return (
        MinutesItem.objects.select_related("meeting", "meeting__body", "body", "case")
        .prefetch_related(
            Prefetch("motions", FloorMotion.objects.select_related("person")),
            Prefetch("votes", Vote.objects.prefetch_related("casts__person")),
            "dissents__person",
            "notes__person",
            "recusals__person",
            "corrections",
            "approvals__person",
            "dispatches",
            "assignments_given__recipient_body",
            "assignments_given__recipient_unit",
            "assignments_closed",
        )
        .get(pk=item.pk)
    )


def verify(*, meeting: Meeting) -> list[str]:
    """The approved items (and the minutes, and their notices) whose content no longer
    matches the keyed checksum taken at approval, or whose place in the chain of the body's
    approved items is broken; empty when nothing has changed."""
    from . import integrity

    meeting = Meeting._base_manager.select_related("body").get(pk=meeting.pk)
    problems = []
    items = MinutesItem._base_manager.filter(meeting_id=meeting.pk, approved_at__isnull=False)
    for item in items.order_by("position", "pk"):
        for problem in integrity.item_problems(item):
            problems.append(f"{meeting.body.code} {item.year} {item.label}: {problem}")
    if meeting.status == Meeting.Status.APPROVED:
        problems.extend(f"{meeting}: {p}" for p in integrity.meeting_problems(meeting))
    for notice in Notice._base_manager.filter(meeting_id=meeting.pk, kind=Notice.Kind.APPROVAL):
        problems.extend(f"{meeting}: {p}" for p in integrity.notice_problems(notice))
    return problems


def approved_meetings(*, organisation: Organisation | None = None) -> QuerySet[Meeting]:
    """Meetings whose minutes, or some item of them, are approved."""
    qs = (
        Meeting.objects.filter(
            Q(status=Meeting.Status.APPROVED) | Q(items__approved_at__isnull=False)
        )
        .distinct()
        .select_related("body")
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("date", "pk")


def signers(*, meeting: Meeting) -> list[tuple[Person, str]]:
    out = []
    if meeting.chair_id:
        out.append((meeting.chair, "chair"))
    out.extend((p, "approver") for p in meeting.approvers.all())
    return out


def person_of(actor) -> Person | None:
    if not getattr(actor, "pk", None):
        return None
    return Person.objects.filter(user_id=actor.pk).first()


# ---------------------------------------------------------------------------------------------
# The notice board (public)


def _board(organisation: Organisation) -> QuerySet[Notice]:
    return Notice.objects.filter(organisation=organisation).select_related(
        "meeting", "meeting__body", "item"
    )


def notices_current(*, organisation: Organisation, today: dt.date | None = None):
    """The notices on the board today: posted, and not past their last day."""
    today = today or timezone.localdate()
    return _board(organisation).filter(posted_on__lte=today, last_day__gte=today)


def notices_archived(*, organisation: Organisation, today: dt.date | None = None):
    today = today or timezone.localdate()
    return _board(organisation).filter(last_day__lt=today)


def notice_get(*, organisation: Organisation, pk: int) -> Notice:
    """A notice that has been posted (current or archived); never one posted in the future."""
    try:
        return _board(organisation).get(pk=pk, posted_on__lte=timezone.localdate())
    except Notice.DoesNotExist as exc:
        raise NotFound(_("Anslaget finns inte.")) from exc


@dataclass(frozen=True)
class PublicItem:
    """One § as the public may see it. A secret item is only its number: no title, no case
    number, and no ``item`` to read anything else from."""

    label: str
    title: str
    case_number: str
    approved_immediately: bool
    item: MinutesItem | None

    @property
    def secret(self) -> bool:
        return self.item is None


def _public_item(item: MinutesItem) -> PublicItem:
    if item.secret or (item.case_id and item.case.secret):
        return PublicItem(item.label, "", "", item.approved_immediately, None)
    return PublicItem(
        item.label,
        item.title,
        item.case.number if item.case_id else "",
        item.approved_immediately,
        item,
    )


def public_items(*, notices: Iterable[Notice]) -> dict[int, list[PublicItem]]:
    """What of the minutes may be public, per notice: the approved items only — the one item
    of a notice for an item approved at once, every item of approved minutes — and a secret
    item only by its number. An announcement has none.

    Every way out of the notice board (the notice's page, its minutes as PDF, the Atom feed,
    the board and its archive) reads the minutes through this and through nothing else. Fixed
    number of queries, whatever the number of notices."""
    notices = list(notices)
    meeting_ids = {n.meeting_id for n in notices if n.kind == Notice.Kind.APPROVAL}
    approved = (
        MinutesItem.objects.filter(meeting_id__in=meeting_ids, approved_at__isnull=False)
        .select_related("case")
        .prefetch_related(
            Prefetch("motions", FloorMotion.objects.select_related("person")),
            Prefetch("votes", Vote.objects.prefetch_related("casts__person")),
            "dissents__person",
            "notes__person",
            "recusals__person",
            "corrections",
        )
        .order_by("meeting_id", "position")
    )
    by_meeting: dict[int, list[MinutesItem]] = defaultdict(list)
    for item in approved:
        by_meeting[item.meeting_id].append(item)
    out: dict[int, list[PublicItem]] = {}
    for n in notices:
        if n.kind != Notice.Kind.APPROVAL:
            out[n.pk] = []
            continue
        out[n.pk] = [
            _public_item(i)
            for i in by_meeting[n.meeting_id]
            if n.item_id is None or i.pk == n.item_id
        ]
    return out


def notice_public_items(*, notice: Notice) -> list[PublicItem]:
    """What of the minutes one notice may show (``public_items``)."""
    return public_items(notices=[notice])[notice.pk]


# ---------------------------------------------------------------------------------------------
# Assignments: plan assignments and decision assignments in one list


@dataclass
class AssignmentRow:
    source: str  # "plan" or "decision"
    title: str
    recipient: str
    given_by: str
    given_on: dt.date | None
    due_date: dt.date | None
    state: str  # open, overdue, completed
    completed_by: str
    url: str
    pk: int


def _decision_rows(organisation: Organisation, today: dt.date) -> list[AssignmentRow]:
    rows = []
    for a in DecisionAssignment.objects.filter(organisation=organisation).select_related(
        "given_by",
        "given_by__meeting",
        "given_by__body",
        "closed_by",
        "closed_by__meeting",
        "recipient_body",
        "recipient_unit",
    ):
        given = a.given_by
        if a.state == DecisionAssignment.State.COMPLETED:
            state = "completed"
        elif a.due_date and a.due_date < today:
            state = "overdue"
        else:
            state = "open"
        rows.append(
            AssignmentRow(
                source="decision",
                title=a.text,
                recipient=a.recipient_name,
                given_by=f"{given.body.name} {given.meeting.date.isoformat()} {given.label}",
                given_on=given.meeting.date,
                due_date=a.due_date,
                state=state,
                completed_by=(
                    f"{a.closed_by.label} {a.closed_by.meeting.date.isoformat()}"
                    if a.closed_by_id
                    else ""
                ),
                url=given.get_absolute_url(),
                pk=a.pk,
            )
        )
    return rows


def _plan_rows(organisation: Organisation, today: dt.date) -> list[AssignmentRow]:
    """Plan assignments: completed by a final assessment "genomfört" in an approved report."""
    from uppsikt.followup.models import Assessment
    from uppsikt.planning.models import PlanAssignment

    done = set(
        Assessment.objects.filter(
            assignment__plan__organisation=organisation,
            state=Assessment.State.APPROVED,
            status__code="done",
        ).values_list("assignment_id", flat=True)
    )
    rows = []
    for a in PlanAssignment.objects.filter(plan__organisation=organisation).select_related(
        "plan", "plan__body", "responsible_unit"
    ):
        plan = a.plan
        due = dt.date(plan.year, 12, 31) if getattr(plan, "year", None) else None
        if a.pk in done:
            state = "completed"
        elif due and due < today:
            state = "overdue"
        else:
            state = "open"
        rows.append(
            AssignmentRow(
                source="plan",
                title=a.title,
                recipient=a.responsible_unit.name,
                given_by=str(plan),
                given_on=None,
                due_date=due,
                state=state,
                completed_by="",
                url=plan.get_absolute_url() if hasattr(plan, "get_absolute_url") else "",
                pk=a.pk,
            )
        )
    return rows


def assignment_list(
    *,
    organisation: Organisation,
    state: str = "",
    recipient: str = "",
    source: str = "",
    today: dt.date | None = None,
) -> list[AssignmentRow]:
    """Every assignment, from plans and from decisions: open, overdue or completed."""
    today = today or timezone.localdate()
    rows = []
    if source in ("", "decision"):
        rows += _decision_rows(organisation, today)
    if source in ("", "plan"):
        rows += _plan_rows(organisation, today)
    if state:
        rows = [r for r in rows if r.state == state]
    if recipient:
        rows = [r for r in rows if r.recipient == recipient]
    rows.sort(key=lambda r: (r.recipient, r.due_date or dt.date.max, r.title))
    return rows


def decision_assignment_get(*, organisation: Organisation, pk: int) -> DecisionAssignment:
    try:
        return DecisionAssignment.objects.select_related(
            "given_by", "given_by__meeting", "given_by__body", "recipient_body", "recipient_unit"
        ).get(pk=pk, organisation=organisation)
    except DecisionAssignment.DoesNotExist as exc:
        raise NotFound(_("Uppdraget finns inte.")) from exc


def open_assignments(*, organisation: Organisation) -> QuerySet[DecisionAssignment]:
    return DecisionAssignment.objects.filter(
        organisation=organisation, state=DecisionAssignment.State.OPEN
    ).select_related("given_by", "given_by__meeting")


def quorum(meeting: Meeting) -> tuple[int, int, bool]:
    """(members serving, seats, quorate) of ``meeting`` (``procedure.quorum``)."""
    return procedure.quorum(meeting.attendance.all())


def delegated_decisions_to_list(*, body: Body):
    """Decisions taken under delegation, not yet reported to ``body`` and not on an agenda
    (an item that is withdrawn gives them back)."""
    return case_selectors.delegated_decisions_to_report(body=body).exclude(
        agenda_items__withdrawn=False
    )


def can_report(actor, assignment: DecisionAssignment) -> bool:
    """Whether ``actor`` may report on ``assignment``: for its recipient unit, or for its
    recipient body (the body that gave it when it names none)."""
    if assignment.recipient_unit is not None and has_permission(
        actor, "meetings.report", assignment.recipient_unit
    ):
        return True
    body = assignment.recipient_body or assignment.given_by.body
    return has_permission(actor, "meetings.report", body)


# ---------------------------------------------------------------------------------------------
# Open data (docs/oparl.md): what of the meetings anyone may read, without logging in

PUBLISHED_STATUSES = (Meeting.Status.SUMMONED, Meeting.Status.HELD, Meeting.Status.APPROVED)


def public_meetings(*, organisation: Organisation) -> QuerySet[Meeting]:
    """The meetings whose summons has been sent: their day, place, body and agenda are public.
    A planned meeting is not (its agenda is still being drawn up)."""
    return Meeting.objects.filter(organisation=organisation, status__in=PUBLISHED_STATUSES)


def public_agenda_items(*, organisation: Organisation) -> QuerySet[AgendaItem]:
    """The agenda items of the public meetings (``agenda_item_secret`` says which of them the
    public may know only by their place)."""
    return AgendaItem.objects.filter(
        meeting__in=public_meetings(organisation=organisation)
    ).select_related("meeting", "meeting__body", "case", "proposal", "minutes_item")


def agenda_item_secret(item: AgendaItem) -> bool:
    """Whether the public may know no more of ``item`` than its place on the agenda: its case
    is secret (the register's gate, for a reader not logged in) or its § is."""
    if item.case_id and not secrecy.can_see_case(None, item.case):
        return True
    minutes_item = getattr(item, "minutes_item", None)
    return bool(minutes_item is not None and minutes_item.secret)


def public_minutes_item(item: AgendaItem) -> MinutesItem | None:
    """The § of ``item`` as far as it is public: approved, and neither it nor its case secret."""
    minutes_item = getattr(item, "minutes_item", None)
    if minutes_item is None or not minutes_item.approved or agenda_item_secret(item):
        return None
    return minutes_item


def public_notices(*, organisation: Organisation, today: dt.date | None = None):
    """The notices posted on the board (current or archived); never one posted in the future."""
    today = today or timezone.localdate()
    return _board(organisation).filter(posted_on__lte=today)


def public_participants(*, meeting: Meeting) -> list[Attendance]:
    """Who took part, as approved minutes carry it: the members and deputies present (name,
    party, seat). Nothing before the minutes are approved; officials are not listed."""
    if meeting.status != Meeting.Status.APPROVED:
        return []
    return list(
        meeting.attendance.filter(present=True, membership__isnull=False)
        .select_related("person")
        .order_by("position", "pk")
    )


# The kept, sealed PDF/A of a notice's minutes (documents.RenderedDocument), docs/sealing.md.
SEALED_KIND = "sealed_minutes"


def notice_seal_subject(notice: Notice) -> str:
    from uppsikt.organisation.tenancy import document_scope

    return f"{document_scope(notice.organisation_id)}/anslag/{notice.pk}"


def notice_sealed(*, notice: Notice):
    """The sealed PDF of a notice's minutes, or None while it is not sealed (yet)."""
    from uppsikt.documents import selectors as doc_selectors

    return (
        doc_selectors.rendered_for(kind=SEALED_KIND, subject=notice_seal_subject(notice))
        .filter(format="pdf")
        .order_by("created_at", "pk")
        .first()
    )


def sealed_documents(*, organisation: Organisation | None = None):
    """Every kept sealed PDF of minutes (of one organisation, or of all)."""
    from uppsikt.documents.models import RenderedDocument

    rows = RenderedDocument.objects.filter(kind=SEALED_KIND, format="pdf")
    if organisation is not None:
        rows = rows.filter(subject__startswith=f"{organisation.pk}/")
    return rows.order_by("created_at", "pk")


def notices_unsealed(*, organisation: Organisation | None = None) -> list[Notice]:
    """Approval notices whose minutes have no sealed PDF."""
    notices = Notice.objects.filter(kind=Notice.Kind.APPROVAL)
    if organisation is not None:
        notices = notices.filter(organisation=organisation)
    sealed = set(sealed_documents(organisation=organisation).values_list("subject", flat=True))
    return [n for n in notices.order_by("pk") if notice_seal_subject(n) not in sealed]


# What waits for a person (the home page)


def bodies_managed(*, actor, organisation: Organisation) -> list[Body]:
    """The bodies whose meetings ``actor`` prepares and keeps the minutes of."""
    return [
        b
        for b in Body.objects.filter(organisation=organisation, is_active=True).order_by("name")
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
    meetings_of = Meeting.objects.filter(organisation=organisation, body__in=bodies).select_related(
        "body"
    )
    not_dispatched = [
        item
        for item in MinutesItem.objects.filter(
            meeting__organisation=organisation,
            body__in=bodies,
            approved_at__isnull=False,
            dispatches__isnull=True,
        )
        .select_related("meeting", "body", "proposal")
        .order_by("meeting__date", "pk")
        if item.proposal_id and item.proposal.dispatch_to
    ]
    return SecretaryWork(
        to_prepare=list(
            meetings_of.filter(status=Meeting.Status.PLANNED, date__gte=today).order_by("date")
        ),
        minutes_open=list(meetings_of.filter(status=Meeting.Status.HELD).order_by("date")),
        not_dispatched=not_dispatched,
        overdue=list(
            open_assignments(organisation=organisation)
            .filter(given_by__body__in=bodies, due_date__lt=today)
            .order_by("due_date", "pk")
        ),
    )


@dataclass
class MemberWork:
    coming: list[Meeting]  # the meetings ahead of the member's bodies
    to_approve: list[Meeting]  # held meetings the member signs and has not signed
    assignments: list[DecisionAssignment]  # the open assignments of the member's bodies


def member_work(*, actor, organisation: Organisation, today: dt.date) -> MemberWork:
    from .models import Approval

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
            open_assignments(organisation=organisation)
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
    """The open assignments given to a unit or body the actor may report for."""
    return [
        a
        for a in open_assignments(organisation=organisation)
        .select_related("recipient_unit", "recipient_body", "given_by__body")
        .order_by("due_date", "pk")
        if (a.recipient_unit is not None or a.recipient_body is not None) and can_report(actor, a)
    ]
