"""The OParl 1.1 objects, built from what the selectors let out (docs/oparl.md).

Every function takes the ``Context`` of the request (for absolute URLs) and one row, and returns
the object as a dict ready for JSON. Nothing here decides what is public: the rows come from
``selectors``, which read the domains' public selectors; this module only leaves out the fields
that are never published (e-mail addresses, officers, records, texts of unapproved minutes).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from uppsikt.documents import pdf as pdf_writer
from uppsikt.meetings import selectors as meeting_selectors
from uppsikt.meetings.models import AgendaItem, Meeting, Notice
from uppsikt.organisation.models import Body, Membership, Organisation, Party, Person

from . import terms

SCHEMA = "https://schema.oparl.org/1.1/"
# OParl's usual organisation types, so that clients built for the standard understand them
BODY_TYPE = "Gremium"
PARTY_TYPE = "Partei"
WITHHELD_NAME = "Ärende som omfattas av sekretess"
# what a deleted object keeps: its identity, its times, and what the schema requires
DELETED_KEEPS = frozenset({"id", "type", "created", "modified", "deleted", "order"})


class Context:
    """The request the objects are built for: their URLs are absolute, on its host."""

    def __init__(self, request, organisation: Organisation):
        self.request = request
        self.organisation = organisation

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def url(self, name: str, *args) -> str:
        return self.absolute(reverse(f"oparl:{name}", args=args))

    def list_url(self, kind: str) -> str:
        return self.url("body_list", self.organisation.slug, kind)


def _moment(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def _stamps(obj) -> dict:
    return {"created": _moment(obj.created_at), "modified": _moment(obj.updated_at)}


def _type(name: str) -> str:
    return SCHEMA + name


def deleted(obj: dict) -> dict:
    """The object as a deleted one is shown: who it was, when, and that it is gone."""
    out = {k: v for k, v in obj.items() if k in DELETED_KEEPS}
    out["deleted"] = True
    return out


# ---------------------------------------------------------------------------------------------
# System, Body, LegislativeTerm


def system(ctx: Context) -> dict:
    return {
        "id": ctx.url("system"),
        "type": _type("System"),
        "oparlVersion": SCHEMA,
        "name": f"Uppsikt – {ctx.organisation.name}",
        "body": ctx.url("bodies"),
        "website": ctx.absolute(reverse("noticeboard:board")),
        "created": _moment(ctx.organisation.created_at),
        "modified": _moment(ctx.organisation.updated_at),
    }


def legislative_terms(ctx: Context, today: dt.date | None = None) -> list[dict]:
    """The council's terms from the earliest seat to today's term."""
    today = today or timezone.localdate()
    first = (
        Membership.objects.filter(body__organisation=ctx.organisation)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    return [legislative_term(ctx, t) for t in terms.terms_between(first or today, today)]


def legislative_term(ctx: Context, term: terms.Term) -> dict:
    return {
        "id": ctx.url("term", term.election_year),
        "type": _type("LegislativeTerm"),
        "body": ctx.url("body", ctx.organisation.slug),
        "name": term.name,
        "startDate": term.start.isoformat(),
        "endDate": term.end.isoformat(),
    }


def body(ctx: Context) -> dict:
    organisation = ctx.organisation
    council = (
        Body.objects.filter(organisation=organisation, kind=Body.Kind.COUNCIL)
        .order_by("position", "pk")
        .first()
    )
    out = {
        "id": ctx.url("body", organisation.slug),
        "type": _type("Body"),
        "system": ctx.url("system"),
        "name": organisation.name,
        "shortName": organisation.slug,
        "classification": organisation.get_kind_display(),
        "website": ctx.absolute(reverse("noticeboard:board")),
        "organization": ctx.list_url("organizations"),
        "person": ctx.list_url("people"),
        "meeting": ctx.list_url("meetings"),
        "paper": ctx.list_url("papers"),
        "agendaItem": ctx.list_url("agendaitems"),
        "consultation": ctx.list_url("consultations"),
        "file": ctx.list_url("files"),
        "locationList": ctx.list_url("locations"),
        "legislativeTermList": ctx.list_url("terms"),
        "membership": ctx.list_url("memberships"),
        "legislativeTerm": legislative_terms(ctx),
        **_stamps(organisation),
    }
    if council is not None:
        out["mainOrganization"] = ctx.url("organization", council.pk)
    return out


# ---------------------------------------------------------------------------------------------
# Organization (a political body or a party), Person, Membership


def organization(ctx: Context, b: Body) -> dict:
    out = {
        "id": ctx.url("organization", b.pk),
        "type": _type("Organization"),
        "body": ctx.url("body", ctx.organisation.slug),
        "name": b.name,
        "shortName": b.code,
        "organizationType": BODY_TYPE,
        "classification": str(b.get_kind_display()),
        "membership": [ctx.url("membership", pk) for pk in _membership_ids(body=b)],
        **_stamps(b),
    }
    if b.parent_id:
        out["subOrganizationOf"] = ctx.url("organization", b.parent_id)
    return out


def party(ctx: Context, p: Party) -> dict:
    return {
        "id": ctx.url("party", p.pk),
        "type": _type("Organization"),
        "body": ctx.url("body", ctx.organisation.slug),
        "name": p.name,
        "shortName": p.abbreviation,
        "organizationType": PARTY_TYPE,
        "classification": "Parti",
        "membership": [ctx.url("membership", pk) for pk in _membership_ids(party=p)],
        **_stamps(p),
    }


def _membership_ids(**where) -> list[int]:
    return list(Membership.objects.filter(**where).order_by("pk").values_list("pk", flat=True))


def membership(ctx: Context, m: Membership) -> dict:
    """A seat: who, in which body, in which role, for which party, from when to when."""
    out = {
        "id": ctx.url("membership", m.pk),
        "type": _type("Membership"),
        "person": ctx.url("person", m.person_id),
        "organization": ctx.url("organization", m.body_id),
        "role": str(m.get_role_display()),
        "votingRight": m.role in Membership.VOTING_ROLES,
        "startDate": m.start_date.isoformat(),
        **_stamps(m),
    }
    if m.end_date:
        out["endDate"] = m.end_date.isoformat()
    if m.party_id:
        out["onBehalfOf"] = ctx.url("party", m.party_id)
    return out


def person(ctx: Context, p: Person) -> dict:
    """An elected representative as the published minutes name them: name, seats (body, role,
    party). No e-mail, title, unit or login."""
    seats = Membership.objects.filter(person=p, body__organisation=ctx.organisation).order_by("pk")
    return {
        "id": ctx.url("person", p.pk),
        "type": _type("Person"),
        "body": ctx.url("body", ctx.organisation.slug),
        "name": p.full_name,
        "familyName": p.last_name,
        "givenName": p.first_name,
        "membership": [membership(ctx, m) for m in seats],
        **_stamps(p),
    }


# ---------------------------------------------------------------------------------------------
# Meeting, Location, AgendaItem, Consultation, File


def _start(meeting: Meeting) -> str:
    return timezone.make_aware(dt.datetime.combine(meeting.date, meeting.start_time)).isoformat()


def location(ctx: Context, meeting: Meeting) -> dict:
    """Where a meeting is held: Uppsikt keeps the place as text, so each meeting has its own."""
    return {
        "id": ctx.url("location", meeting.pk),
        "type": _type("Location"),
        "description": meeting.place,
        "bodies": [ctx.url("body", ctx.organisation.slug)],
        "meetings": [ctx.url("meeting", meeting.pk)],
        **_stamps(meeting),
    }


def meeting(ctx: Context, m: Meeting) -> dict:
    notices = list(
        meeting_selectors.public_notices(organisation=ctx.organisation).filter(meeting=m)
    )
    out = {
        "id": ctx.url("meeting", m.pk),
        "type": _type("Meeting"),
        "name": f"{m.body.name} {m.date.isoformat()}",
        "meetingState": str(m.get_status_display()),
        "cancelled": False,
        "start": _start(m),
        "location": location(ctx, m),
        "organization": [ctx.url("organization", m.body_id)],
        "participant": [
            ctx.url("person", a.person_id) for a in meeting_selectors.public_participants(meeting=m)
        ],
        "agendaItem": [
            agenda_item(ctx, a)
            for a in m.agenda.select_related("case", "proposal", "minutes_item", "meeting")
            .filter(withdrawn=False)
            .order_by("position", "pk")
        ],
        "web": ctx.absolute(reverse("noticeboard:board")),
        **_stamps(m),
    }
    for n in notices:
        if n.kind == Notice.Kind.ANNOUNCEMENT:
            out["invitation"] = file(ctx, n)
        elif n.item_id is None:
            out["resultsProtocol"] = file(ctx, n)
        else:
            out.setdefault("auxiliaryFile", []).append(file(ctx, n))
    return out


def _points(intro: str, points: list) -> str:
    lines = [intro] if intro else []
    lines += [f"{n}. {p}" for n, p in enumerate(points, start=1)]
    return "\n".join(lines)


def agenda_item(ctx: Context, item: AgendaItem) -> dict:
    """An agenda item. A secret one is only its place ("Ärende som omfattas av sekretess");
    the decision is shown once its § is approved, and never for a secret §."""
    secret = meeting_selectors.agenda_item_secret(item)
    approved = meeting_selectors.public_minutes_item(item)
    out = {
        "id": ctx.url("agendaitem", item.pk),
        "type": _type("AgendaItem"),
        "meeting": ctx.url("meeting", item.meeting_id),
        "number": approved.label if approved else str(item.position),
        "order": item.position,
        "name": WITHHELD_NAME if secret else item.title,
        "public": not secret,
        **_stamps(item),
    }
    if item.withdrawn:
        return deleted(out)
    if item.case_id and not secret:
        out["consultation"] = ctx.url("consultation", item.pk)
    if approved is not None:
        out["result"] = "Justerad"
        out["resolutionText"] = _points(approved.decision_intro, approved.decision_points)
        notice = (
            meeting_selectors.public_notices(organisation=ctx.organisation)
            .filter(item=approved)
            .first()
        )
        if notice is not None:
            out["resolutionFile"] = file(ctx, notice)
    return out


def consultation(ctx: Context, item: AgendaItem) -> dict:
    """A case dealt with at a meeting: one per public agenda item with a case."""
    out = {
        "id": ctx.url("consultation", item.pk),
        "type": _type("Consultation"),
        "paper": ctx.url("paper", item.case_id),
        "agendaItem": ctx.url("agendaitem", item.pk),
        "meeting": ctx.url("meeting", item.meeting_id),
        "organization": [ctx.url("organization", item.meeting.body_id)],
        "authoritative": item.kind == AgendaItem.Kind.DECISION,
        "role": str(item.get_kind_display()),
        **_stamps(item),
    }
    return deleted(out) if item.withdrawn else out


def _notice_name(n: Notice) -> str:
    meeting = n.meeting
    when = f"{meeting.body.name} {meeting.date.isoformat()}"
    if n.kind == Notice.Kind.ANNOUNCEMENT:
        return f"Kungörelse, {when}"
    if n.item_id:
        return f"Omedelbart justerad {n.item.label}, {when}"
    return f"Justerat protokoll, {when}"


def file(ctx: Context, n: Notice) -> dict:
    """A posting on the notice board as a file: the approved minutes (the notice board's PDF,
    the public items only) or the announcement of a council meeting (its page)."""
    page = ctx.absolute(reverse("noticeboard:notice", args=[n.pk]))
    out = {
        "id": ctx.url("file", n.pk),
        "type": _type("File"),
        "name": _notice_name(n),
        "date": n.posted_on.isoformat(),
        "meeting": [ctx.url("meeting", n.meeting_id)],
        "web": page,
        **_stamps(n),
    }
    if n.kind == Notice.Kind.APPROVAL and pdf_writer.available():
        pdf = ctx.absolute(reverse("noticeboard:minutes", args=[n.pk]))
        out.update(
            accessUrl=pdf,
            downloadUrl=pdf,
            mimeType="application/pdf",
            fileName=f"protokoll-{n.meeting.body.code}-{n.meeting.date.isoformat()}.pdf",
        )
    else:
        out.update(accessUrl=page, mimeType="text/html")
    agenda = getattr(n.item, "agenda_item", None) if n.item_id else None
    if agenda is not None and not meeting_selectors.agenda_item_secret(agenda):
        out["agendaItem"] = [ctx.url("agendaitem", agenda.pk)]
    return out


# ---------------------------------------------------------------------------------------------
# Paper: a public case, or a final decision proposal of one


def case_paper(ctx: Context, case, *, proposal_ids: list[int], consultations: list) -> dict:
    out = {
        "id": ctx.url("paper", case.pk),
        "type": _type("Paper"),
        "body": ctx.url("body", ctx.organisation.slug),
        "name": case.title,
        "reference": case.number,
        "date": case.registered_on.isoformat(),
        "paperType": str(case.get_kind_display()),
        "underDirectionOf": [ctx.url("organization", case.body_id)],
        "subordinatedPaper": [ctx.url("proposal", pk) for pk in proposal_ids],
        "consultation": [consultation(ctx, a) for a in consultations],
        **_stamps(case),
    }
    return deleted(out) if case.status == case.Status.VOIDED else out


def proposal_paper(ctx: Context, proposal) -> dict:
    out = {
        "id": ctx.url("proposal", proposal.pk),
        "type": _type("Paper"),
        "body": ctx.url("body", ctx.organisation.slug),
        "name": proposal.title,
        "reference": proposal.case.number,
        "date": proposal.date.isoformat(),
        "paperType": "Beslutsförslag",
        "superordinatedPaper": [ctx.url("paper", proposal.case_id)],
        "underDirectionOf": [ctx.url("organization", proposal.body_id)],
        **_stamps(proposal),
    }
    return deleted(out) if proposal.case.status == proposal.case.Status.VOIDED else out
