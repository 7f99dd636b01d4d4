"""The meeting-material provider for the register's secrecy gate (``cases.secrecy``).

The members and deputies of a body may read the secret cases and records sent to their
meetings: the cases on an agenda whose summons has gone out, and the records that are the
basis of the proposals on it. A seat counts on the days of its term (inclusive) as of the day
of the request: a member whose term has ended, or not yet begun, reads nothing through it.
Inside Uppsikt only; secret material is never attached to e-mail and never published.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from uppsikt.cases.models import Case, Record
from uppsikt.organisation.models import Membership

from .models import AgendaItem, Meeting

SENT = [Meeting.Status.SUMMONED, Meeting.Status.HELD, Meeting.Status.APPROVED]


def _agenda_items(actor):
    today = timezone.localdate()
    bodies = (
        Membership.objects.filter(person__user_id=actor.pk, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("body_id")
    )
    return AgendaItem.objects.filter(
        meeting__body_id__in=bodies, meeting__status__in=SENT, withdrawn=False
    )


class MeetingMaterialAccess:
    def cases_q(self, actor) -> Q:
        if not getattr(actor, "pk", None):
            return Q(pk__in=[])
        return Q(
            pk__in=Case.objects.filter(
                pk__in=_agenda_items(actor).filter(case__isnull=False).values("case_id")
            ).values("pk")
        )

    def records_q(self, actor) -> Q:
        if not getattr(actor, "pk", None):
            return Q(pk__in=[])
        proposals = _agenda_items(actor).filter(proposal__isnull=False).values("proposal_id")
        return Q(pk__in=Record.objects.filter(proposals__in=proposals).values("pk"))


MEETING_ACCESS = MeetingMaterialAccess()
