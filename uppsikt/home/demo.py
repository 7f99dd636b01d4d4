"""Demo step: work waiting on each demo login's home, made through the services so that each
kind of notification is there too.

- Måltidsservice's reporter submits an assessment of the open period and the approver of
  Regionservice sends it back with a reason (a returned assessment, notified; still to report,
  so the reminders and the workbook of follow-up's demo find it); a second one, when there is
  one, waits for the approver, whose home also lists the assignment given to Regionservice;
- the case officer sends her proposal for review to the board's secretary (notified);
- a board meeting three days ago, held, its minutes for the chair (the demo's elected member)
  and the first vice chair to approve (notified);
- a board meeting in three weeks with its summons sent to the members (notified), when PDF can
  be written on this server.
The assignments given to Regionservice and Regionkontoret are notified by the meetings step."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from uppsikt.cases import services as case_services
from uppsikt.cases.models import DecisionProposal
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import pdf as pdf_writer
from uppsikt.followup import services as followup_services
from uppsikt.followup.models import Assessment, ItemKind, ScaleLevel
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.demo import PLACE, _held
from uppsikt.organisation.models import Body, Unit

RETURN_REASON = (
    "Beskriv vad som har gjorts under perioden och hur det påverkar prognosen för helåret."
)


def _users() -> dict:
    names = ["rapportor", "godkannare", "handlaggare", "sekreterare"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _fill_and_submit(assessment: Assessment, reporter) -> Assessment:
    level = (
        ScaleLevel.objects.filter(
            organisation_id=assessment.unit.organisation_id, item_kind=assessment.item_kind
        )
        .order_by("position")
        .first()
    )
    assessment = followup_services.assessment_save_draft(
        actor=reporter,
        assessment=assessment,
        version=assessment.version,
        status=level if assessment.item_kind != ItemKind.INDICATOR else None,
        forecast=level if assessment.item_kind != ItemKind.INDICATOR else None,
        comment="Arbetet går enligt plan.",
    )
    return followup_services.assessment_submit(
        actor=reporter, assessment=assessment, version=assessment.version
    )


def _assessments(organisation, users) -> None:
    rse = Unit.objects.get(organisation=organisation, code="RSE")
    drafts = list(
        Assessment.objects.filter(
            period__organisation=organisation,
            period__is_open=True,
            unit__path__startswith=rse.path,
            state=Assessment.State.DRAFT,
        )
        .select_related("unit", "period")
        .order_by("period__deadline", "unit__path", "pk")[:2]
    )
    if not drafts:
        return
    returned = _fill_and_submit(drafts[0], users["rapportor"])
    followup_services.assessment_return(
        actor=users["godkannare"],
        assessment=returned,
        version=returned.version,
        comment=RETURN_REASON,
    )
    if len(drafts) > 1:
        _fill_and_submit(drafts[1], users["rapportor"])


def _proposal_for_review(organisation, users) -> None:
    proposal = (
        DecisionProposal.objects.filter(
            case__organisation=organisation,
            case__officer__user=users["handlaggare"],
            status=DecisionProposal.Status.DRAFT,
        )
        .order_by("pk")
        .first()
    )
    if proposal is not None:
        case_services.proposal_transition(
            actor=users["handlaggare"],
            proposal=proposal,
            to="review",
            reviewer=users["sekreterare"],
        )


def _board_meetings(organisation) -> None:
    board = Body.objects.get(organisation=organisation, code="RS")
    today = timezone.localdate()
    # held three days ago: its minutes wait for the chair and the first vice chair
    _held(
        board,
        today - dt.timedelta(days=3),
        agenda=[{"title": "Information om regionens ekonomiska läge", "kind": "information"}],
    )
    if not pdf_writer.available():
        return
    coming = meeting_services.meeting_create(
        actor=SYSTEM,
        body=board,
        date=today + dt.timedelta(days=21),
        start_time=dt.time(13, 0),
        place=PLACE,
    )
    meeting_services.agenda_add(
        actor=SYSTEM,
        meeting=coming,
        title="Information om delårsrapporten",
        kind="information",
    )
    meeting_services.summons_send(actor=SYSTEM, meeting=coming)


def load(*, context) -> None:
    organisation = context.organisation
    users = _users()
    _assessments(organisation, users)
    _proposal_for_review(organisation, users)
    _board_meetings(organisation)
