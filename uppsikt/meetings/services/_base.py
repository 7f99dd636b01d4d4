"""What the meetings services share: the row locks, the § numbering and the new minutes item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases.models import DecisionProposal
from uppsikt.core.exceptions import InvalidTransition
from uppsikt.organisation.models import Body

from ..models import (
    AgendaItem,
    Meeting,
    MinutesItem,
    MinutesSeries,
)


def _today() -> dt.date:
    return timezone.localdate()


def _clean(lines: Iterable[str]) -> list[str]:
    return [str(line).strip() for line in lines if str(line).strip()]


def _take_number(*, body: Body, year: int) -> int:
    """The next § of ``body`` in ``year``, under a row lock on the series."""
    MinutesSeries.objects.get_or_create(body=body, year=year)
    series = MinutesSeries.objects.select_for_update().get(body=body, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _ensure_not_approved(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.APPROVED:
        raise InvalidTransition(_("Protokollet är justerat och kan inte ändras."))


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
