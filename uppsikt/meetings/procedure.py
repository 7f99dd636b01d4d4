"""The rules of a meeting as pure functions: quorum, which deputies serve, whether a decision
point gives an assignment, the decision procedure (beslutsordning); and the unkeyed content
hash of approved minutes from before keyed checksums (``integrity``).

Pure functions: no database writes. The order in which the chair puts the questions follows
the usual practice under kommunallagen 5 kap.: formal motions (refer back, postpone) are
decided first; then the main question, the committee's proposal against the counter-proposals
(with more than two, a counter-proposal is first chosen among them, by the chair's proposition
or a vote, and then put against the main proposal); additions are decided last, each on its
own.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Attendance, FloorMotion, MinutesItem

ASSIGNMENT_PATTERN = re.compile(r"\bi uppdrag\b", re.IGNORECASE)


def gives_assignment(point: str) -> bool:
    """Whether a decision point gives an assignment ("Ge driftnämnden i uppdrag att …")."""
    return bool(ASSIGNMENT_PATTERN.search(point))


def deputies_serving(
    attendance: list[Attendance], chosen: dict[int, int] | None = None
) -> dict[int, int]:
    """Which present deputy serves for which absent member. ``chosen`` (deputy → member,
    person ids) are the secretary's own choices and are kept; the absent members left take the
    deputies left in seat order and the body's order of deputies. Returns deputy → member
    (person ids)."""
    chosen = dict(chosen or {})
    absent = [a for a in attendance if a.role == Attendance.Role.MEMBER and not a.present]
    deputies = sorted(
        (a for a in attendance if a.role == Attendance.Role.DEPUTY and a.present),
        key=lambda a: (a.deputy_order or 10_000, a.position),
    )
    covered = set(chosen.values())
    absent = [m for m in absent if m.person_id not in covered]
    deputies = [d for d in deputies if d.person_id not in chosen]
    return chosen | {d.person_id: m.person_id for d, m in zip(deputies, absent, strict=False)}


def check_serving_choice(attendance: list[Attendance], chosen: dict[int, int]) -> str:
    """Why the secretary's choice of who serves for whom (deputy → member) cannot stand, or
    "" when it can: a present deputy serves for one absent member, and a member has one
    deputy. The reason is a code: ``twice``, ``deputy`` or ``member``."""
    rows = {a.person_id: a for a in attendance}
    members = list(chosen.values())
    if len(set(members)) != len(members):
        return "twice"
    for deputy_id, member_id in chosen.items():
        deputy, member = rows.get(deputy_id), rows.get(member_id)
        if deputy is None or deputy.role != Attendance.Role.DEPUTY or not deputy.present:
            return "deputy"
        if member is None or member.role != Attendance.Role.MEMBER or member.present:
            return "member"
    return ""


def quorum(attendance: Iterable[Attendance]) -> tuple[int, int, bool]:
    """(members serving, seats, quorate) of a meeting's attendance rows: more than half of the
    members must take part."""
    rows = list(attendance)
    seats = sum(1 for a in rows if a.role == Attendance.Role.MEMBER)
    serving = sum(1 for a in rows if a.serves)
    return serving, seats, serving * 2 > seats


def roll_call_outcome(casts: dict[int, str], *, chair_id: int | None) -> tuple[int, int, int, bool]:
    """(yes, no, abstaining, whether yes won) of an open vote by roll-call, each person's vote
    ``yes``, ``no`` or ``abstain``: the majority decides, and a tie goes the way the chair voted
    (kommunallagen 5 kap. 56 §)."""
    yes = sum(1 for c in casts.values() if c == "yes")
    no = sum(1 for c in casts.values() if c == "no")
    abstain = sum(1 for c in casts.values() if c == "abstain")
    if yes == no:
        return yes, no, abstain, casts.get(chair_id) == "yes"
    return yes, no, abstain, yes > no


@dataclass(frozen=True)
class Question:
    """One question the chair puts: ``kind`` is formal, main, counter or addition."""

    kind: str
    text: str
    motions: tuple[int, ...] = ()


def _who(m: FloorMotion) -> str:
    role = f"{m.role_label} " if m.role_label else ""
    party = f" ({m.party})" if m.party else ""
    return f"{role}{m.person.full_name}{party}"


def questions(motions: list[FloorMotion]) -> list[Question]:
    """The questions in the order the chair puts them, for the motions not withdrawn."""
    live = [m for m in motions if not m.withdrawn]
    formal = [m for m in live if m.formal]
    counter = [m for m in live if m.kind in (FloorMotion.Kind.REJECT, FloorMotion.Kind.AMEND)]
    additions = [m for m in live if m.kind == FloorMotion.Kind.ADD]
    out: list[Question] = []
    for m in formal:
        what = "återremiss" if m.kind == FloorMotion.Kind.REFER_BACK else "bordläggning"
        out.append(
            Question("formal", f"om ärendet ska avgöras i dag eller {what} ({_who(m)})", (m.pk,))
        )
    if len(counter) > 1:
        out.append(
            Question(
                "counter",
                "vilket förslag som ska vara motförslag i huvudvoteringen: "
                + ", ".join(
                    f"{m.get_kind_display().lower()}syrkandet ({_who(m)})" for m in counter
                ),
                tuple(m.pk for m in counter),
            )
        )
    if counter:
        out.append(
            Question(
                "main",
                "på liggande förslag mot motförslaget",
                tuple(m.pk for m in counter),
            )
        )
    else:
        out.append(Question("main", "på liggande förslag"))
    for m in additions:
        out.append(Question("addition", f"på tilläggsyrkandet ({_who(m)})", (m.pk,)))
    return out


def procedure_text(*, chair_label: str, body_name: str, adopted_additions: bool, motion_won) -> str:
    """The sentence of the minutes, as in reference 002 § 248."""
    if motion_won is not None:
        return (
            f"{chair_label} ställer proposition på yrkandet och finner att {body_name} "
            "beslutar enligt detta."
        )
    what = "liggande förslag med tillägg" if adopted_additions else "liggande förslag"
    return (
        f"{chair_label} ställer proposition på {what} och finner att {body_name} "
        "beslutar enligt detta."
    )


def _adopts(side: str) -> tuple[str, str]:
    """(verb, object) of the decision for the side that won: ("bifaller", "liggande förslag")
    for a side worded "bifall till …" (as the vote form proposes), ("beslutar enligt", side)
    for any other wording."""
    side = side.strip().rstrip(".")
    prefix = "bifall till "
    if side.lower().startswith(prefix):
        return "bifaller", side[len(prefix) :]
    return "beslutar enligt", side


def vote_result_text(
    *,
    body_name: str,
    yes_means: str,
    no_means: str,
    counts: tuple[int, int, int] | None = None,
    yes_won: bool = True,
) -> str:
    """The sentence of the minutes that records a vote. Always Swedish: it is a legal record,
    whatever language the secretary's screen speaks. By acclamation (``counts`` None, the
    chair's finding): "Ordföranden ställer proposition på bifall till liggande förslag mot
    avslag och finner att regionstyrelsen bifaller liggande förslag." By roll-call: "Med 8
    ja-röster mot 5 nej-röster (0 avstår) bifaller regionstyrelsen liggande förslag." """
    verb, what = _adopts(yes_means if yes_won else no_means)
    if counts is None:
        return (
            f"Ordföranden ställer proposition på {yes_means.strip()} mot {no_means.strip()} "
            f"och finner att {body_name} {verb} {what}."
        )
    yes, no, abstain = counts
    verb_first, _space, verb_rest = verb.partition(" ")  # "beslutar regionstyrelsen enligt X"
    rest = f" {verb_rest}" if verb_rest else ""
    return (
        f"Med {yes} ja-röster mot {no} nej-röster ({abstain} avstår) "
        f"{verb_first} {body_name}{rest} {what}."
    )


def item_content(item: MinutesItem) -> dict:
    """What the unkeyed SHA-256 checksums from before keyed checksums covered; kept only so
    that ``uppsikt minutes seal`` can check them before sealing (``integrity`` covers every
    approved fact)."""
    return {
        "number": item.number,
        "year": item.year,
        "body": item.body_id,
        "title": item.title,
        "case": item.case.number if item.case_id else "",
        "matter": item.matter,
        "basis": item.basis,
        "proposal_intro": item.proposal_intro,
        "proposal_points": item.proposal_points,
        "decision_intro": item.decision_intro,
        "decision_points": item.decision_points,
        "procedure": item.procedure,
        "dispatch_to": item.dispatch_to,
        "motions": [
            [m.person_id, m.party, m.kind, m.text, m.points, m.withdrawn]
            for m in item.motions.order_by("position", "pk")
        ],
        "votes": [
            [
                v.method,
                v.yes_means,
                v.no_means,
                v.result,
                [[c.person_id, c.choice] for c in v.casts.order_by("pk")],
            ]
            for v in item.votes.order_by("position", "pk")
        ],
        "dissents": [[d.person_id, d.party, d.reason] for d in item.dissents.order_by("pk")],
        "notes": [[n.person_id, n.party, n.text] for n in item.notes.order_by("pk")],
        "recusals": [r.person_id for r in item.recusals.order_by("pk")],
    }


def checksum(content) -> str:
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def item_checksum(item: MinutesItem) -> str:
    return checksum(item_content(item))


def meeting_checksum(meeting, item_sums: list[str]) -> str:
    attendance = [
        [a.person_id, a.role, a.present, a.serving_for_id]
        for a in meeting.attendance.order_by("pk")
    ]
    return checksum(
        {
            "meeting": [meeting.body_id, meeting.date.isoformat(), meeting.place],
            "attendance": attendance,
            "items": item_sums,
        }
    )
