"""The notifications the meetings services make: a summons to the called members, minutes to
approve to the chair and the approvers, an assignment to the accounts of the receiving unit or
body. Each goes only to those entitled to see what it links to (an assignment: not to one the §
that gave it is withheld from)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from uppsikt.core.formatting import format_date
from uppsikt.notifications.models import Kind
from uppsikt.notifications.services import notify
from uppsikt.organisation.models import Person, Role
from uppsikt.organisation.permissions import has_permission
from uppsikt.organisation.selectors import accounts_with_role_on

from .. import selectors
from ..models import DecisionAssignment, Meeting


def _accounts(people) -> list:
    return [p.user for p in people if p is not None and p.user_id is not None]


def notify_summons(*, actor, meeting: Meeting) -> None:
    """The called members and deputies with an account: the summons to the meeting."""
    people = [
        a.person for a in meeting.attendance.select_related("person__user").filter(called=True)
    ]
    notify(
        organisation=meeting.organisation,
        kind=Kind.SUMMONS,
        obj=meeting,
        title=_("Kallelse: %(body)s %(date)s")
        % {"body": meeting.body.name, "date": format_date(meeting.date)},
        text=_("Kl. %(time)s, %(place)s.")
        % {"time": meeting.start_time.strftime("%H.%M"), "place": meeting.place},
        url=meeting.get_absolute_url(),
        recipients=_accounts(people),
        entitled=lambda user: has_permission(user, "meetings.view"),
        exclude=actor,
    )


def notify_minutes_to_approve(*, actor, meeting: Meeting) -> None:
    """The chair and the approvers with an account, once the minutes of a held meeting can be
    approved."""
    if meeting.status != Meeting.Status.HELD:
        return
    people = Person.objects.filter(
        Q(pk=meeting.chair_id) | Q(pk__in=meeting.approvers.values("pk"))
    ).select_related("user")
    notify(
        organisation=meeting.organisation,
        kind=Kind.MINUTES_TO_APPROVE,
        obj=meeting,
        title=_("Protokoll att justera: %(body)s %(date)s")
        % {"body": meeting.body.name, "date": format_date(meeting.date)},
        text=(
            _("Justeras senast %(date)s.") % {"date": format_date(meeting.approval_due)}
            if meeting.approval_due
            else ""
        ),
        url=meeting.get_absolute_url(),
        recipients=_accounts(people),
        entitled=lambda user: has_permission(user, "meetings.approve", meeting.body),
        exclude=actor,
    )


def notify_assignment(*, actor, assignment: DecisionAssignment) -> None:
    """The accounts holding a role on the receiving unit or body that may report on it."""
    target = assignment.recipient_unit or assignment.recipient_body
    notify(
        organisation=assignment.organisation,
        kind=Kind.ASSIGNMENT_GIVEN,
        obj=assignment,
        title=_("Uppdrag till %(to)s: %(text)s")
        % {"to": target.name, "text": assignment.text[:200]},
        text=(
            _("Återrapporteras senast %(date)s.") % {"date": format_date(assignment.due_date)}
            if assignment.due_date
            else ""
        ),
        url=reverse("meetings:assignment", args=[assignment.pk]),
        recipients=accounts_with_role_on(
            scope=target,
            roles=[Role.REPORTER, Role.APPROVER, Role.SECRETARY, Role.ADMINISTRATOR],
        ),
        # the text is the decision's: never to one the § is withheld from (``item_withheld``)
        entitled=lambda user: (
            has_permission(user, "meetings.report", target)
            and not selectors.item_withheld(actor=user, item=assignment.given_by)
        ),
        exclude=actor,
    )
