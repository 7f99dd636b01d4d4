"""What the open data publishes, kind by kind: the rows of each list and each object, read only
through the domains' public selectors (``cases.selectors.public_*``, the register's secrecy
gate; ``meetings.selectors.public_*``, what of the meetings is public). docs/oparl.md says what
each kind holds and what "deleted" means for it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from uppsikt.cases import selectors as case_selectors
from uppsikt.cases.models import Case
from uppsikt.core.exceptions import NotFound
from uppsikt.meetings import selectors as meeting_selectors
from uppsikt.meetings.models import AgendaItem
from uppsikt.organisation.models import Body, Membership, Party, Person

from . import objects
from .objects import Context
from .paging import ListSource, Source

NOT_FOUND = "Objektet finns inte."


def bodies(ctx: Context) -> QuerySet[Body]:
    return Body.objects.filter(organisation=ctx.organisation)


def parties(ctx: Context) -> QuerySet[Party]:
    return Party.objects.filter(organisation=ctx.organisation)


def memberships(ctx: Context) -> QuerySet[Membership]:
    return Membership.objects.filter(body__organisation=ctx.organisation)


def people(ctx: Context) -> QuerySet[Person]:
    """The people who hold or have held a seat in one of the organisation's bodies; no one
    else (officials, officers and login accounts are not published)."""
    return Person.objects.filter(
        organisation=ctx.organisation,
        pk__in=memberships(ctx).values("person_id"),
    )


def meetings(ctx: Context):
    return meeting_selectors.public_meetings(organisation=ctx.organisation).select_related("body")


def agenda_items(ctx: Context) -> QuerySet[AgendaItem]:
    return meeting_selectors.public_agenda_items(organisation=ctx.organisation)


def consultation_items(ctx: Context) -> QuerySet[AgendaItem]:
    """The agenda items that make a consultation: with a public case (the register's gate),
    their § not secret."""
    return (
        agenda_items(ctx)
        .filter(case__in=case_selectors.public_cases(organisation=ctx.organisation))
        .exclude(minutes_item__secret=True)
    )


def cases(ctx: Context) -> QuerySet[Case]:
    return case_selectors.public_cases(organisation=ctx.organisation)


def proposals(ctx: Context):
    return case_selectors.public_proposals(organisation=ctx.organisation)


def notices(ctx: Context):
    return meeting_selectors.public_notices(organisation=ctx.organisation).filter(
        meeting__in=meeting_selectors.public_meetings(organisation=ctx.organisation)
    )


def case_paper(ctx: Context, case: Case) -> dict:
    return objects.case_paper(
        ctx,
        case,
        proposal_ids=list(
            proposals(ctx).filter(case=case).order_by("pk").values_list("pk", flat=True)
        ),
        consultations=list(
            consultation_items(ctx).filter(case=case, withdrawn=False).order_by("pk")
        ),
    )


def _one(queryset: Callable[[Context], QuerySet], show, deleted: Q | None = None):
    return lambda ctx: [Source(queryset(ctx), lambda row: show(ctx, row), deleted)]


VOIDED = Q(status=Case.Status.VOIDED)

LISTS: dict[str, Callable[[Context], list]] = {
    "organizations": lambda ctx: [
        Source(bodies(ctx), lambda row: objects.organization(ctx, row)),
        Source(parties(ctx), lambda row: objects.party(ctx, row)),
    ],
    "people": _one(people, objects.person),
    "memberships": _one(memberships, objects.membership),
    "meetings": _one(meetings, objects.meeting),
    "agendaitems": _one(agenda_items, objects.agenda_item, Q(withdrawn=True)),
    "consultations": _one(consultation_items, objects.consultation, Q(withdrawn=True)),
    "papers": lambda ctx: [
        Source(cases(ctx), lambda row: case_paper(ctx, row), VOIDED),
        Source(
            proposals(ctx),
            lambda row: objects.proposal_paper(ctx, row),
            Q(case__status=Case.Status.VOIDED),
        ),
    ],
    "files": _one(notices, objects.file),
    "locations": _one(meetings, objects.location),
    "terms": lambda ctx: [ListSource(objects.legislative_terms(ctx))],
}

OBJECTS: dict[str, tuple[Callable[[Context], QuerySet], Callable[[Context, object], dict]]] = {
    "organization": (bodies, objects.organization),
    "party": (parties, objects.party),
    "person": (people, objects.person),
    "membership": (memberships, objects.membership),
    "meeting": (meetings, objects.meeting),
    "agendaitem": (agenda_items, objects.agenda_item),
    "consultation": (consultation_items, objects.consultation),
    "paper": (cases, case_paper),
    "proposal": (proposals, objects.proposal_paper),
    "file": (notices, objects.file),
    "location": (meetings, objects.location),
}


def list_sources(ctx: Context, kind: str) -> list:
    try:
        return LISTS[kind](ctx)
    except KeyError as exc:
        raise NotFound(NOT_FOUND) from exc


def object_get(ctx: Context, kind: str, pk: int) -> dict:
    """One object, or ``NotFound`` when it is not public (or not there)."""
    try:
        queryset, show = OBJECTS[kind]
    except KeyError as exc:
        raise NotFound(NOT_FOUND) from exc
    row = queryset(ctx).filter(pk=pk).first()
    if row is None:
        raise NotFound(NOT_FOUND)
    return show(ctx, row)


def term_get(ctx: Context, election_year: int) -> dict:
    """A term from the list of the body's terms (``terms``), or ``NotFound``."""
    wanted = ctx.url("term", election_year)
    for term in objects.legislative_terms(ctx):
        if term["id"] == wanted:
            return term
    raise NotFound(NOT_FOUND)
