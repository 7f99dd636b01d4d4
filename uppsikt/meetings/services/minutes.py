"""The minutes items while they are written: the § series, texts, floor motions, decisions,
votes, dissents, notes and recusals.

Every editing service locks the minutes item's row (``SELECT … FOR UPDATE``) and checks that
it is not approved after taking the lock; approval locks the same rows. So an edit and an
approval at the same moment are serialised and an approved item is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.models import Body, Person
from uppsikt.organisation.permissions import ensure_can

from .. import procedure
from ..models import (
    Attendance,
    Dissent,
    FloorMotion,
    Meeting,
    MinutesItem,
    MinutesNote,
    MinutesSeries,
    Recusal,
    Vote,
    VoteCast,
)
from ._base import (
    _clean,
    _lock_item,
)


@transaction.atomic
def series_continue(*, actor, body: Body, year: int, last_number: int) -> MinutesSeries:
    """Continue a body's § series from an earlier system: the next item gets
    ``last_number + 1``. The series never goes back."""
    ensure_can(actor, "meetings.manage", body)
    MinutesSeries.objects.get_or_create(body=body, year=year)
    series = MinutesSeries.objects.select_for_update().get(body=body, year=year)
    if last_number < series.last_number:
        raise DomainError(
            _("Paragrafserien står redan på § %(n)s och kan inte gå tillbaka.")
            % {"n": series.last_number}
        )
    before = snapshot(series)
    series.last_number = last_number
    series.save(update_fields=["last_number"])
    audit_record(actor=actor, action="minutes_series.continue", obj=series, before=before)
    return series


ITEM_FIELDS = {
    "title",
    "matter",
    "basis",
    "proposal_intro",
    "proposal_points",
    "decision_intro",
    "decision_points",
    "procedure",
    "dispatch_to",
}


@transaction.atomic
def item_update(*, actor, item: MinutesItem, version: int, **changes) -> MinutesItem:
    """Change the text of an item that is not yet approved. ``version`` is the one the form
    was opened with: if someone saved in between (or a decision was written), the save is
    refused rather than overwriting theirs."""
    ensure_can(actor, "meetings.manage", item.body)
    unknown = set(changes) - ITEM_FIELDS
    if unknown:
        raise DomainError(_("Okänt fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    item = _lock_item(item)
    if item.version != version:
        raise DomainError(
            _(
                "Paragrafen har ändrats av någon annan sedan du öppnade den. "
                "Ladda om sidan och gör om din ändring."
            )
        )
    before = snapshot(item)
    for name, value in changes.items():
        if name in {"basis", "proposal_points", "decision_points", "dispatch_to"}:
            value = _clean(value)
        setattr(item, name, value)
    item.version += 1
    item.save(update_fields=[*changes, "version"])
    audit_record(actor=actor, action="minutes_item.update", obj=item, before=before)
    return item


def _party_of(meeting: Meeting, person: Person) -> str:
    a = Attendance.objects.filter(meeting=meeting, person=person).first()
    return a.party if a else ""


@transaction.atomic
def motion_add(
    *,
    actor,
    item: MinutesItem,
    person: Person,
    kind: str,
    text: str = "",
    points: Iterable[str] = (),
    role_label: str = "",
) -> FloorMotion:
    """Record a floor motion (yrkande) made by a member serving at the meeting."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    if kind not in FloorMotion.Kind.values:
        raise DomainError(_("Okänd typ av yrkande."))
    attendance = Attendance.objects.filter(meeting=item.meeting, person=person).first()
    if attendance is None or not attendance.serves:
        raise DomainError(_("Bara tjänstgörande ledamöter kan yrka."))
    points = _clean(points)
    if kind in (FloorMotion.Kind.AMEND, FloorMotion.Kind.ADD) and not points and not text.strip():
        raise DomainError(_("Skriv vad yrkandet gäller."))
    position = item.motions.count() + 1
    motion = FloorMotion.objects.create(
        item=item,
        position=position,
        person=person,
        role_label=role_label or ("Ordförande" if item.meeting.chair_id == person.pk else ""),
        party=attendance.party,
        kind=kind,
        text=text.strip(),
        points=points,
    )
    audit_record(actor=actor, action="floor_motion.add", obj=motion)
    return motion


@transaction.atomic
def motion_withdraw(*, actor, motion: FloorMotion) -> FloorMotion:
    ensure_can(actor, "meetings.manage", motion.item.body)
    _lock_item(motion.item)
    before = snapshot(motion)
    motion.withdrawn = True
    motion.save(update_fields=["withdrawn"])
    audit_record(actor=actor, action="floor_motion.withdraw", obj=motion, before=before)
    return motion


def _check_outcome(
    item: MinutesItem, motion_won: FloorMotion | None, additions: list[FloorMotion]
) -> None:
    for m in [*additions, *([motion_won] if motion_won else [])]:
        if m.item_id != item.pk or m.withdrawn:
            raise DomainError(_("Yrkandet hör inte till paragrafen."))
    for m in additions:
        if m.kind != FloorMotion.Kind.ADD:
            raise DomainError(_("Bara tilläggsyrkanden kan bifallas som tillägg."))
    if motion_won is not None and motion_won.kind not in (
        FloorMotion.Kind.AMEND,
        FloorMotion.Kind.REJECT,
    ):
        raise DomainError(_("Bara ändrings- och avslagsyrkanden står mot förslaget."))


def _decided_points(
    item: MinutesItem, motion_won: FloorMotion | None, additions: list[FloorMotion]
) -> list[str]:
    if motion_won is None:
        points = list(item.proposal_points)
    elif motion_won.kind == FloorMotion.Kind.REJECT:
        points = [motion_won.text or _("avslå förslaget.")]
    else:
        points = list(motion_won.points) or [motion_won.text]
    for m in additions:
        points.extend(m.points or [m.text])
    return points


def _chair_label(meeting: Meeting) -> str:
    chair = meeting.chair
    if chair is None:
        return "Ordföranden"
    party = _party_of(meeting, chair)
    return f"Ordförande {chair.full_name}" + (f" ({party})" if party else "")


@transaction.atomic
def item_decide(
    *,
    actor,
    item: MinutesItem,
    motion_won: FloorMotion | None = None,
    additions_adopted: Iterable[FloorMotion] = (),
) -> MinutesItem:
    """Write the decision from the outcome: the main proposal (the committee's, or the motion
    that won against it), then the additions adopted, last; and the decision procedure."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    additions = list(additions_adopted)
    _check_outcome(item, motion_won, additions)
    before = snapshot(item)
    item.decision_points = _decided_points(item, motion_won, additions)
    if not item.decision_intro:
        item.decision_intro = item.proposal_intro or _("%(body)s beslutar att") % {
            "body": item.body.name
        }
    # Only a § where something was moved has a procedure of its own (002 § 248); a proposal
    # decided as it stood, with no motion, has none (000 § 311).
    item.procedure = (
        procedure.procedure_text(
            chair_label=_chair_label(item.meeting),
            body_name=item.body.name.lower() if item.body.name else "",
            adopted_additions=bool(additions),
            motion_won=motion_won,
        )
        if motion_won is not None or additions or item.motions.exists()
        else ""
    )
    item.version += 1
    item.save(update_fields=["decision_points", "decision_intro", "procedure", "version"])
    audit_record(actor=actor, action="minutes_item.decide", obj=item, before=before)
    return item


def _roll_call(
    item: MinutesItem, vote: Vote, casts: dict[int, str], yes_means: str, no_means: str
) -> str:
    """Keep each serving member's vote; the result as the minutes state it."""
    recused = set(item.recusals.values_list("person_id", flat=True))
    voters = {
        a.person_id: a
        for a in item.meeting.attendance.select_related("person")
        if a.serves and a.person_id not in recused
    }
    if set(casts) - set(voters):
        raise DomainError(_("Bara tjänstgörande ledamöter utan jäv kan rösta."))
    if set(voters) - set(casts):
        raise DomainError(_("Alla tjänstgörande ledamöter ska finnas med i omröstningen."))
    for person_id, choice in casts.items():
        if choice not in VoteCast.Choice.values:
            raise DomainError(_("Okänd röst."))
        VoteCast.objects.create(
            vote=vote, person_id=person_id, party=voters[person_id].party, choice=choice
        )
    yes, no, abstain, yes_won = procedure.roll_call_outcome(casts, chair_id=item.meeting.chair_id)
    return procedure.vote_result_text(
        body_name=item.body.name.lower(),
        yes_means=yes_means,
        no_means=no_means,
        counts=(yes, no, abstain),
        yes_won=yes_won,
    )


@transaction.atomic
def vote_record(
    *,
    actor,
    item: MinutesItem,
    method: str,
    yes_means: str,
    no_means: str,
    casts: dict[int, str] | None = None,
) -> Vote:
    """Record a vote: by acclamation, or open by roll-call with each serving member's vote."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    if method not in Vote.Method.values:
        raise DomainError(_("Okänd omröstningsmetod."))
    vote = Vote.objects.create(
        item=item,
        position=item.votes.count() + 1,
        method=method,
        yes_means=yes_means.strip(),
        no_means=no_means.strip(),
    )
    if method == Vote.Method.ROLL_CALL:
        vote.result = _roll_call(item, vote, casts or {}, yes_means, no_means)
    else:
        vote.result = procedure.vote_result_text(
            body_name=item.body.name.lower(), yes_means=yes_means, no_means=no_means
        )
    vote.save(update_fields=["result"])
    audit_record(actor=actor, action="vote.record", obj=vote, detail={"casts": casts or {}})
    return vote


def _serving_person(item: MinutesItem, person: Person) -> Attendance:
    a = Attendance.objects.filter(meeting=item.meeting, person=person).first()
    if a is None or not a.serves:
        raise DomainError(_("%(p)s tjänstgör inte vid sammanträdet.") % {"p": person})
    return a


@transaction.atomic
def dissent_add(*, actor, item: MinutesItem, person: Person, reason: str = "") -> Dissent:
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    a = _serving_person(item, person)
    dissent = Dissent.objects.create(item=item, person=person, party=a.party, reason=reason.strip())
    audit_record(actor=actor, action="dissent.add", obj=dissent)
    return dissent


@transaction.atomic
def note_add(*, actor, item: MinutesItem, person: Person, text: str) -> MinutesNote:
    """A minutes note, which the chair has permitted."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    if not text.strip():
        raise DomainError(_("Skriv anteckningen."))
    a = Attendance.objects.filter(meeting=item.meeting, person=person, present=True).first()
    if a is None:
        raise DomainError(_("%(p)s är inte närvarande.") % {"p": person})
    note = MinutesNote.objects.create(item=item, person=person, party=a.party, text=text.strip())
    audit_record(actor=actor, action="minutes_note.add", obj=note)
    return note


@transaction.atomic
def recusal_add(*, actor, item: MinutesItem, person: Person) -> Recusal:
    """A member left the item for a conflict of interest (jäv)."""
    ensure_can(actor, "meetings.manage", item.body)
    item = _lock_item(item)
    a = Attendance.objects.filter(meeting=item.meeting, person=person, present=True).first()
    if a is None:
        raise DomainError(_("%(p)s är inte närvarande.") % {"p": person})
    recusal, _created = Recusal.objects.get_or_create(
        item=item, person=person, defaults={"party": a.party}
    )
    audit_record(actor=actor, action="recusal.add", obj=recusal)
    return recusal
