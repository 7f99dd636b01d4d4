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
from uppsikt.core.kept_sql import kept_get, kept_prefetch, kept_prefetches, kept_sql
from uppsikt.organisation.models import Body, Organisation, Person
from uppsikt.organisation.permissions import has_permission

from .. import procedure
from ..models import (
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
    found = Meeting.objects.select_related("body", "chair", "secretary", "organisation")
    try:
        return kept_get(found.filter(pk=pk, organisation=organisation), "meetings.meeting_get")
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
    found = meeting.attendance.select_related("person", "serving_for").order_by("position", "pk")
    return list(kept_sql(found, "meetings.attendance"))


def agenda(*, meeting: Meeting) -> list[AgendaItem]:
    found = meeting.agenda.select_related(
        "case", "case__organisation", "proposal", "minutes_item"
    ).order_by("position", "pk")
    return list(kept_sql(found, "meetings.agenda"))


def agenda_order(*, meeting: Meeting) -> list[int]:
    """The ids of the agenda's items in their order: the page sends it back with a move, so
    that a move made on a list someone changed meanwhile is refused."""
    return list(meeting.agenda.order_by("position", "pk").values_list("pk", flat=True))


def summons_recipients(*, meeting: Meeting) -> QuerySet[SummonsRecipient]:
    """Who the summons was sent to and when, the latest sending first."""
    return meeting.summons_recipients.select_related("person").order_by("-sent_at", "pk")


def items(*, meeting: Meeting) -> QuerySet[MinutesItem]:
    return meeting.items.select_related("case").order_by("position")


def items_of(*, meeting: Meeting) -> list[MinutesItem]:
    """``meeting``'s items (§) in order, with what ``withheld_on_meeting`` reads of them: the
    meeting's page lists them and asks which are withheld from one read."""
    found = meeting.items.select_related("case", "case__organisation", "body").order_by("position")
    return list(kept_sql(found, "meetings.items_of"))


def item_withheld(*, actor, item: MinutesItem) -> bool:
    """Whether ``actor`` may not see the content of the item (§): it is secret, or its case
    is, and the register's gate does not entitle ``actor`` to the case's secret material (a
    secret § without a case: ``cases.secret`` on its body). A secret § on an open case is
    withheld like one on a secret case (docs/meetings.md, *Secrecy*)."""
    if not _secret(item):
        return False
    if item.case_id:
        return not secrecy.entitled_to_case(actor, item.case)
    return not secrecy.entitled_on_body(actor, item.body)


def _secret(item: MinutesItem) -> bool:
    return bool(item.secret or (item.case_id and item.case.secret))


def _withheld_of(actor, items: list[MinutesItem], entitled_cases: set[int]) -> set[int]:
    """``item_withheld`` for each of ``items``, the cases' gate answered before
    (``entitled_cases``: ``secrecy.entitled_case_ids`` of their secret items' cases)."""
    return {
        i.pk
        for i in items
        if _secret(i)
        and (
            i.case_id not in entitled_cases
            if i.case_id
            else not secrecy.entitled_on_body(actor, i.body)
        )
    }


def items_readable_q(*, actor, organisation: Organisation, body_ids: list[int] | None = None) -> Q:
    """A filter on ``MinutesItem``: the items whose content ``actor`` may see, by the same
    rule as ``item_withheld`` (``body_ids``: ``secrecy.entitled_body_ids`` when the caller has
    it already)."""
    from uppsikt.cases.models import Case

    bodies = secrecy.entitled_body_ids(actor, organisation) if body_ids is None else body_ids
    entitled = Case.objects.filter(organisation=organisation).filter(
        secrecy.case_entitled_q(actor, organisation, body_ids=bodies)
    )
    return (
        Q(secret=False, case__isnull=True)
        | Q(secret=False, case__secret=False)
        | Q(case__in=entitled.values("pk"))
        | Q(case__isnull=True, body_id__in=bodies)
    )


def secret_body_ids(*, actor, organisation: Organisation) -> list[int]:
    """The bodies on whose secret § and cases ``actor`` may read by role
    (``secrecy.entitled_body_ids``), for ``body_ids`` of the reads below."""
    return secrecy.entitled_body_ids(actor, organisation)


def assignments_readable(
    assignments: QuerySet[DecisionAssignment],
    *,
    actor,
    organisation: Organisation,
    body_ids: list[int] | None = None,
) -> QuerySet[DecisionAssignment]:
    """``assignments`` without those given by a § withheld from ``actor`` (``item_withheld``):
    every list of decision assignments (the assignments page, the § page, the home page, the
    member's room) reads them through this."""
    return assignments.filter(
        given_by__in=MinutesItem.objects.filter(
            items_readable_q(actor=actor, organisation=organisation, body_ids=body_ids)
        ).values("pk")
    )


def withheld_on_meeting(
    *,
    actor,
    meeting: Meeting,
    agenda: list[AgendaItem] | None = None,
    items: list[MinutesItem] | None = None,
) -> tuple[set[int], set[int]]:
    """The agenda items of ``meeting`` whose title ``actor`` may not see (a secret case the
    gate keeps ``actor`` from, or a § withheld from ``actor``) and the § withheld.

    ``agenda`` (as ``agenda`` reads it) and ``items`` (as ``items_of`` reads them): the
    meeting's lists when the caller has them already."""
    if items is None:
        items = list(meeting.items.select_related("case", "case__organisation", "body"))
    if agenda is None:
        agenda = list(meeting.agenda.select_related("case", "case__organisation", "minutes_item"))
    # the gate asked once for every case whose secret material the two lists show
    entitled = secrecy.entitled_case_ids(
        actor, [i.case for i in items if i.case_id and _secret(i)] + _secret_cases(agenda)
    )
    withheld = _withheld_of(actor, items, entitled)
    hidden_cases = {case.pk for case in _secret_cases(agenda)} - entitled
    hidden = {
        a.pk
        for a in agenda
        if (a.case_id in hidden_cases)
        or (getattr(a, "minutes_item", None) is not None and a.minutes_item.pk in withheld)
    }
    return hidden, withheld


def hidden_case_ids(*, actor, meeting: Meeting) -> set[int]:
    """The secret cases on ``meeting``'s agenda whose title ``actor`` may not see."""
    secret = _secret_cases(meeting.agenda.select_related("case", "case__organisation"))
    # the gate of ``item_withheld``: for a secret case the same answer as ``can_see_case``
    return {case.pk for case in secret} - secrecy.entitled_case_ids(actor, secret)


def _secret_cases(agenda) -> list:
    """The secret cases on ``agenda`` (its items read with their cases)."""
    return [a.case for a in agenda if a.case_id and a.case.secret]


def proposals_ready(*, meeting: Meeting, actor) -> list[tuple]:
    """The final proposals ``meeting``'s agenda can take up, each with whether its title is
    withheld from ``actor``: on a secret case the gate keeps ``actor`` from, as the agenda item
    it would become (``hidden_case_ids``)."""
    ready = case_selectors.proposals_ready_for_meeting(body=meeting.body).exclude(
        agenda_items__meeting=meeting
    )
    ready = list(kept_sql(ready.select_related("case", "case__organisation"), "meetings.ready"))
    entitled = secrecy.entitled_case_ids(actor, [p.case for p in ready if p.case.secret])
    return [(p, bool(p.case.secret and p.case_id not in entitled)) for p in ready]


def item_full(*, item: MinutesItem) -> MinutesItem:
    """The item with everything its page and documents show, prefetched."""
    return _items_full().get(pk=item.pk)


def item_full_get(*, organisation: Organisation, pk: int) -> MinutesItem:
    """``item_get`` and ``item_full`` in one: the item of ``organisation`` with everything
    its page shows, prefetched."""
    found = _items_full().filter(pk=pk, meeting__organisation=organisation)
    try:
        return kept_get(found, "meetings.item_full_get")
    except MinutesItem.DoesNotExist as exc:
        raise NotFound(_("Paragrafen finns inte.")) from exc


def _items_full() -> QuerySet[MinutesItem]:
    return MinutesItem.objects.select_related(
        "meeting",
        "meeting__body",
        "meeting__chair",
        "meeting__organisation",
        "body",
        "case",
        "case__organisation",
        "proposal",
    ).prefetch_related(
        Prefetch(
            "motions",
            kept_prefetch(FloorMotion.objects.select_related("person"), "meetings.item.motions"),
        ),
        Prefetch(
            "votes",
            kept_prefetch(Vote.objects.prefetch_related("casts__person"), "meetings.item.votes"),
        ),
        "dissents__person",
        "notes__person",
        "recusals__person",
        *kept_prefetches(MinutesItem, ("corrections", "dispatches"), "meetings.item"),
        "approvals__person",
        "assignments_given__recipient_body",
        "assignments_given__recipient_unit",
        *kept_prefetches(MinutesItem, ("assignments_closed",), "meetings.item"),
    )


def verify(*, meeting: Meeting) -> list[str]:
    """The approved items (and the minutes, and their notices) whose content no longer
    matches the keyed checksum taken at approval, or whose place in the chain of the body's
    approved items is broken; empty when nothing has changed."""
    from .. import integrity

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
    found = list(kept_sql(Person.objects.filter(user_id=actor.pk).order_by("pk")[:1], "person_of"))
    return found[0] if found else None


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


def _decision_rows(organisation: Organisation, today: dt.date, actor=None) -> list[AssignmentRow]:
    rows = []
    assignments = DecisionAssignment.objects.filter(organisation=organisation)
    if actor is not None:
        # An assignment given by a § withheld from ``actor`` is not shown (``item_withheld``).
        assignments = assignments_readable(assignments, actor=actor, organisation=organisation)
    for a in assignments.select_related(
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
    actor=None,
) -> list[AssignmentRow]:
    """Every assignment, from plans and from decisions: open, overdue or completed. With
    ``actor``: without the decision assignments given by a § withheld from ``actor``."""
    today = today or timezone.localdate()
    rows = []
    if source in ("", "decision"):
        rows += _decision_rows(organisation, today, actor)
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


def open_assignments(
    *, organisation: Organisation, actor, body_ids: list[int] | None = None
) -> QuerySet[DecisionAssignment]:
    """The open decision assignments ``actor`` may read: none given by a § withheld from
    ``actor`` (``assignments_readable``)."""
    return assignments_readable(
        DecisionAssignment.objects.filter(
            organisation=organisation, state=DecisionAssignment.State.OPEN
        ),
        actor=actor,
        organisation=organisation,
        body_ids=body_ids,
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
