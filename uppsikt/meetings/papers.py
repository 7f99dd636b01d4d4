"""Reads of the member's room: the coming meetings of a person's bodies with their papers,
and the person's own private notes on them.

The papers of a meeting are released with its summons (as the secrecy gate releases secret
material, ``meetings/access.py``): before the summons is sent there are none. A secret case
or record is shown only to those the register's gate (``cases.secrecy``) lets see it, on the
day of the request; to anyone else by its place only. A private note is read by its owner
and by nobody else: every read here filters on the owner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from uppsikt.cases import secrecy
from uppsikt.cases.models import Record
from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Organisation

from .access import SENT
from .models import AgendaItem, Meeting, PrivateNote
from .selectors import MemberWork, item_withheld, member_work, withheld_on_meeting


@dataclass
class RecordPaper:
    record: Record
    note: PrivateNote | None


@dataclass
class Paper:
    """One item of a meeting's agenda with what the reader may read of it."""

    number: int
    item: AgendaItem
    withheld: bool  # a secret case the reader may not see: shown by its place only
    records: list[RecordPaper] = field(default_factory=list)
    records_withheld: int = 0  # basis records the reader may not see
    note: PrivateNote | None = None


def room(*, actor, organisation: Organisation, today: dt.date) -> MemberWork:
    """What the member's room lists: the coming meetings of the person's bodies, the minutes
    waiting for the person's approval, the bodies' open assignments."""
    return member_work(actor=actor, organisation=organisation, today=today)


def papers_released(meeting: Meeting) -> bool:
    """The papers go out with the summons."""
    return meeting.status in SENT


def agenda_item_readable(*, actor, item: AgendaItem) -> bool:
    """Whether ``actor`` may read ``item``'s paper: released, not withdrawn, and a secret
    case only through the register's gate."""
    if item.withdrawn or not papers_released(item.meeting):
        return False
    # the rule of ``selectors.item_withheld``: entitled to the case's secret material
    if item.case_id and item.case.secret and not secrecy.entitled_to_case(actor, item.case):
        return False
    minutes_item = getattr(item, "minutes_item", None)
    return minutes_item is None or not item_withheld(actor=actor, item=minutes_item)


def agenda_item_get(*, organisation: Organisation, pk: int) -> AgendaItem:
    try:
        return AgendaItem.objects.select_related(
            "meeting", "meeting__body", "case", "case__organisation", "proposal"
        ).get(pk=pk, meeting__organisation=organisation)
    except AgendaItem.DoesNotExist as exc:
        raise NotFound(_("Punkten finns inte.")) from exc


def record_get(*, organisation: Organisation, pk: int) -> Record:
    try:
        return Record.objects.select_related("case", "case__organisation").get(
            pk=pk, case__organisation=organisation
        )
    except Record.DoesNotExist as exc:
        raise NotFound(_("Handlingen finns inte.")) from exc


def own_notes(
    *, actor, items=(), records=()
) -> tuple[dict[int, PrivateNote], dict[int, PrivateNote]]:
    """``actor``'s own notes on the given agenda items and records, by their ids."""
    if not getattr(actor, "pk", None):
        return {}, {}
    notes = PrivateNote.objects.filter(owner_id=actor.pk)
    by_item = {n.agenda_item_id: n for n in notes.filter(agenda_item__in=list(items))}
    by_record = {n.record_id: n for n in notes.filter(record__in=list(records))}
    return by_item, by_record


def meeting_papers(*, actor, meeting: Meeting) -> list[Paper]:
    """The papers of ``meeting`` as ``actor`` may read them, in agenda order, each with the
    actor's own notes; none before the summons is sent."""
    if not papers_released(meeting):
        return []
    agenda = list(
        meeting.agenda.filter(withdrawn=False)
        .select_related("case", "case__organisation", "proposal")
        .prefetch_related(
            Prefetch(
                "proposal__basis",
                Record.objects.select_related("case")
                .prefetch_related("files")
                .order_by("sequence"),
            )
        )
        .order_by("position", "pk")
    )
    organisation = meeting.organisation
    open_records = set(
        Record.objects.filter(proposals__agenda_items__in=agenda)
        .filter(secrecy.record_open_q(actor, organisation))
        .values_list("pk", flat=True)
    )
    # A secret case the gate keeps ``actor`` from, or a § withheld from ``actor`` (a secret §,
    # or a § on a secret case): the one rule of ``selectors.item_withheld``.
    withheld, _items = withheld_on_meeting(actor=actor, meeting=meeting)
    papers = []
    for number, item in enumerate(agenda, start=1):
        paper = Paper(number=number, item=item, withheld=item.pk in withheld)
        if item.proposal_id and not paper.withheld:
            for record in item.proposal.basis.all():
                if record.pk in open_records:
                    paper.records.append(RecordPaper(record=record, note=None))
                else:
                    paper.records_withheld += 1
        papers.append(paper)
    by_item, by_record = own_notes(
        actor=actor,
        items=[p.item for p in papers if not p.withheld],
        records=[r.record for p in papers for r in p.records],
    )
    for paper in papers:
        paper.note = None if paper.withheld else by_item.get(paper.item.pk)
        for r in paper.records:
            r.note = by_record.get(r.record.pk)
    return papers


def may_sign(*, actor, meeting: Meeting) -> bool:
    """Whether ``actor`` is the chair or an approver of ``meeting``'s minutes, may approve
    minutes of its body and has not yet signed them."""
    from uppsikt.organisation.permissions import has_permission

    from .models import Approval
    from .selectors import person_of, signers

    me = person_of(actor)
    if me is None or meeting.status != Meeting.Status.HELD:
        return False
    if me.pk not in {p.pk for p, _role in signers(meeting=meeting)}:
        return False
    if Approval.objects.filter(meeting=meeting, item__isnull=True, person=me).exists():
        return False
    return has_permission(actor, "meetings.approve", meeting.body)


def may_sign_item(
    *,
    actor,
    item,
    signers: list[tuple] | None = None,
    signed_ids: set[int] | None = None,
) -> bool:
    """Whether ``actor`` may approve the one item ``item`` at once (omedelbar justering): the
    chair or an approver of its meeting, held, who may approve minutes of its body and has not
    signed the item, which is not yet approved. ``signers`` (``selectors.signers``) and
    ``signed_ids`` (the persons who approved the item): when the caller has read them."""
    from uppsikt.organisation.permissions import has_permission

    from . import selectors
    from .models import Approval

    meeting = item.meeting
    if meeting.status != Meeting.Status.HELD or item.approved:
        return False
    me = selectors.person_of(actor)
    if me is None:
        return False
    if signers is None:
        signers = selectors.signers(meeting=meeting)
    if me.pk not in {p.pk for p, _role in signers}:
        return False
    if signed_ids is not None:
        if me.pk in signed_ids:
            return False
    elif Approval.objects.filter(item=item, person=me).exists():
        return False
    return has_permission(actor, "meetings.approve", meeting.body)
