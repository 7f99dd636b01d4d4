"""Reads of the dialogues: who may see and do what, the lists, one dialogue with what the
decision made of it, the previous dialogue, the notes. Never renders."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotFound
from uppsikt.followup import selectors as followup_selectors
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings.models import DecisionAssignment, MinutesItem
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.organisation.permissions import has_permission

from .models import Dialogue, DialogueNotes, DialogueText, Question

# ---------------------------------------------------------------------------------------------
# Who may


def _on_committee(actor, permission: str, committee: Body) -> bool:
    """``permission`` on the committee, or on every unit serving it (its administration)."""
    if has_permission(actor, permission, committee):
        return True
    units = list(Unit.objects.filter(body=committee))
    return bool(units) and all(has_permission(actor, permission, u) for u in units)


def may_view(actor, *, committee: Body, overseer: Body) -> bool:
    """A dialogue (its page, brief and notes) is read with a role on the committee in dialogue
    or covering every unit serving it, or on the body holding the dialogue."""
    return has_permission(actor, "dialogues.view", overseer) or _on_committee(
        actor, "dialogues.view", committee
    )


def may_manage(actor, *, overseer: Body) -> bool:
    return has_permission(actor, "dialogues.manage", overseer)


def may_write_texts(actor, dialogue: Dialogue) -> bool:
    """The committee's slides are written by its administration or by those preparing."""
    return may_manage(actor, overseer=dialogue.overseer) or _on_committee(
        actor, "dialogues.write", dialogue.committee
    )


# ---------------------------------------------------------------------------------------------
# Lists and one dialogue


def dialogues(*, organisation: Organisation) -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(organisation=organisation).select_related(
        "committee", "overseer", "period", "case", "proposal"
    )


def dialogues_visible(*, actor, organisation: Organisation) -> list[Dialogue]:
    return [
        d
        for d in dialogues(organisation=organisation)
        if may_view(actor, committee=d.committee, overseer=d.overseer)
    ]


def dialogue_get(*, organisation: Organisation, pk: int) -> Dialogue:
    try:
        return dialogues(organisation=organisation).get(pk=pk)
    except Dialogue.DoesNotExist as exc:
        raise NotFound(_("Dialogen finns inte.")) from exc


IDENT = re.compile(r"(\d{4})-(\d{1,2})")


def dialogue_find(*, organisation: Organisation, committee: Body, ident: str) -> Dialogue:
    """A committee's dialogue by its year and number, ``2025-2``."""
    m = IDENT.fullmatch((ident or "").strip())
    if not m:
        raise NotFound(_("Ange dialogen som år och nummer, t.ex. 2025-2."))
    try:
        return dialogues(organisation=organisation).get(
            committee=committee, year=int(m.group(1)), number=int(m.group(2))
        )
    except Dialogue.DoesNotExist as exc:
        raise NotFound(
            _("%(body)s har ingen nämndsdialog %(id)s.") % {"body": committee.name, "id": ident}
        ) from exc


def texts(dialogue: Dialogue) -> dict[str, DialogueText]:
    """The committee's slides by key, in the brief's order."""
    found = {t.key: t for t in dialogue.texts.all()}
    return {key: found[key] for key in DialogueText.Key.values if key in found}


def default_period(*, organisation: Organisation, year: int, number: int) -> ReportingPeriod | None:
    """The follow-up a dialogue rests on: the spring one (number 1) on the previous year's
    Årsrapport, the autumn one on Uppföljningsrapport 2 of its year."""
    if number == 1:
        return followup_selectors.period_find(
            organisation=organisation, year=year - 1, kind=ReportingPeriod.Kind.ANNUAL
        )
    return followup_selectors.period_find(
        organisation=organisation, year=year, kind=ReportingPeriod.Kind.UR2
    )


def minutes_item_of(dialogue: Dialogue) -> MinutesItem | None:
    """The minutes item (§) the dialogue's decision proposal became at a meeting."""
    if dialogue.proposal_id is None:
        return None
    return (
        MinutesItem.objects.filter(proposal_id=dialogue.proposal_id)
        .select_related("meeting", "body", "case")
        .order_by("-meeting__date", "-pk")
        .first()
    )


@dataclass
class Stage:
    """Where a dialogue stands: preparing, brief made, on an agenda, decided."""

    code: str
    label: str


def stage(dialogue: Dialogue, item: MinutesItem | None) -> Stage:
    if item is not None and item.decision_points:
        if item.approved:
            return Stage("decided", _("Beslutad, %(label)s justerad") % {"label": item.label})
        return Stage("decided", _("Beslutad, %(label)s") % {"label": item.label})
    if item is not None:
        return Stage("agenda", _("På föredragningslistan"))
    if dialogue.state == Dialogue.State.BRIEF:
        return Stage("brief", _("Underlaget är skapat"))
    return Stage("preparation", _("Under beredning"))


def previous_dialogue(dialogue: Dialogue) -> Dialogue | None:
    """The committee's dialogue before this one (with the same body)."""
    return (
        Dialogue.objects.filter(committee=dialogue.committee, overseer=dialogue.overseer)
        .filter(Q(year__lt=dialogue.year) | Q(year=dialogue.year, number__lt=dialogue.number))
        .order_by("-year", "-number")
        .first()
    )


@dataclass
class AssignmentStatus:
    """An assignment a decision gave, as it stands on a day: open, overdue or completed, and
    the latest report on it."""

    assignment: DecisionAssignment
    state: str  # open, overdue, completed
    label: str
    symbol: str
    report: str


def item_withheld(*, actor, item: MinutesItem | None) -> bool:
    """Whether the dialogue's § is withheld from ``actor`` (``meetings.selectors.item_withheld``):
    then its decision and the assignments it gave are not shown, only its number."""
    from uppsikt.meetings import selectors as meeting_selectors

    return item is not None and meeting_selectors.item_withheld(actor=actor, item=item)


def item_secret(item: MinutesItem | None) -> bool:
    """Whether the § is marked secret or is on a secret case: a document read by many (the
    dialogue's brief) shows it by its number only, as the public minutes do."""
    return item is not None and bool(item.secret or (item.case_id and item.case.secret))


def assignments_given(*, item: MinutesItem, on: dt.date) -> list[AssignmentStatus]:
    out = []
    for a in (
        DecisionAssignment.objects.filter(given_by=item)
        .select_related("recipient_body", "recipient_unit", "closed_by", "closed_by__meeting")
        .prefetch_related("reports__status", "reports__period")
        .order_by("point", "pk")
    ):
        if a.state == DecisionAssignment.State.COMPLETED:
            state, symbol = "completed", "✔"
            label = _("Slutfört")
            if a.closed_by_id:
                label += f" ({a.closed_by.label} {a.closed_by.meeting.date.isoformat()})"
        elif a.due_date and a.due_date < on:
            state, symbol, label = "overdue", "⚠", _("Försenat")
        else:
            state, symbol, label = "open", "○", _("Pågående")
        reports = list(a.reports.all())
        latest = reports[-1] if reports else None
        report = f"{latest.period}: {latest.status.symbol} {latest.status.label}" if latest else ""
        out.append(AssignmentStatus(a, state, str(label), symbol, report))
    return out


# ---------------------------------------------------------------------------------------------
# Notes and the question bank


def notes_list(*, organisation: Organisation) -> QuerySet[DialogueNotes]:
    return DialogueNotes.objects.filter(organisation=organisation).select_related(
        "overseer", "committee", "dialogue"
    )


def notes_visible(*, actor, organisation: Organisation) -> list[DialogueNotes]:
    return [
        n
        for n in notes_list(organisation=organisation)
        if may_view(actor, committee=n.committee, overseer=n.overseer)
    ]


def notes_get(*, organisation: Organisation, pk: int) -> DialogueNotes:
    try:
        return notes_list(organisation=organisation).get(pk=pk)
    except DialogueNotes.DoesNotExist as exc:
        raise NotFound(_("Minnesanteckningarna finns inte.")) from exc


def notes_find(*, organisation: Organisation, committee: Body, date: dt.date) -> DialogueNotes:
    try:
        return notes_list(organisation=organisation).get(committee=committee, date=date)
    except DialogueNotes.DoesNotExist as exc:
        raise NotFound(
            _("Det finns inga minnesanteckningar för %(body)s %(date)s.")
            % {"body": committee.name, "date": date.isoformat()}
        ) from exc


def notes_content(notes: DialogueNotes) -> dict:
    """The attendees by side and the questions, in order (2 queries)."""
    attendees = list(notes.attendees.all())
    return {
        "committee_side": [a for a in attendees if a.side == a.Side.COMMITTEE],
        "board_side": [a for a in attendees if a.side == a.Side.BOARD],
        "questions": list(notes.questions.select_related("source")),
    }


def question_bank(*, organisation: Organisation, active_only: bool = False) -> QuerySet[Question]:
    found = Question.objects.filter(organisation=organisation)
    return found.filter(is_active=True) if active_only else found


def committees(*, organisation: Organisation) -> QuerySet[Body]:
    """The committees that can be in dialogue: every active committee of the organisation."""
    return Body.objects.filter(
        organisation=organisation, kind=Body.Kind.COMMITTEE, is_active=True
    ).order_by("position", "name")


def overseers(*, organisation: Organisation) -> QuerySet[Body]:
    """The bodies that can hold dialogues: the board and its committees."""
    return Body.objects.filter(
        organisation=organisation,
        kind__in=[Body.Kind.BOARD, Body.Kind.SUBCOMMITTEE],
        is_active=True,
    ).order_by("position", "name")
