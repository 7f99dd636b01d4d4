"""Test data for meetings, built through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import services
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Body, Membership, Organisation, Person, Role
from uppsikt.organisation.tests import factories as org

_seq = itertools.count(1)


@dataclass
class Committee:
    """A working committee of five members (chair M, vice chair S, M, KD, SD) and two deputies,
    a secretary account, and accounts for the chair and one approver."""

    organisation: Organisation
    board: Body
    body: Body
    members: list[Person] = field(default_factory=list)
    deputies: list[Person] = field(default_factory=list)
    secretary: object = None
    chair_user: object = None
    approver_user: object = None
    other_member_user: object = None


def committee() -> Committee:
    o = org.organisation()
    board = org.body(o, "RS", name="Regionstyrelsen")
    body = org.body(
        o,
        "RSAU",
        name="Regionstyrelsens arbetsutskott",
        kind=Body.Kind.SUBCOMMITTEE,
        parent=board,
        register_prefix="",
    )
    parties = {
        a: org_services.party_create(actor=SYSTEM, organisation=o, name=a, abbreviation=a)
        for a in ("M", "S", "KD", "SD")
    }
    c = Committee(organisation=o, board=board, body=body)
    seats = [
        ("Mikaela", "Waltersson", Membership.Role.CHAIR, "M"),
        ("Ann", "Vice", Membership.Role.FIRST_VICE_CHAIR, "S"),
        ("Bo", "Moderat", Membership.Role.MEMBER, "M"),
        ("Kim", "Kristdemokrat", Membership.Role.MEMBER, "KD"),
        ("Sam", "Sverigedemokrat", Membership.Role.MEMBER, "SD"),
    ]
    for first, last, role, party in seats:
        p = org.person(o, first, last, email=f"{first.lower()}@example.org")
        org.membership(p, body, role, party=parties[party])
        c.members.append(p)
    for order, (first, last, party) in enumerate(
        [("Dana", "Deputy", "M"), ("Eli", "Ersattare", "S")], start=1
    ):
        p = org.person(o, first, last)
        org.membership(p, body, Membership.Role.DEPUTY, party=parties[party], deputy_order=order)
        c.deputies.append(p)

    n = next(_seq)

    def account(username, role, person=None, scope=board):
        user = org_services.account_create(
            actor=SYSTEM, username=f"{username}{n}", password="korrekt-hast-batteri", person=person
        )
        org.grant(user, role, o, body=scope)
        return user

    c.secretary = account("sekr", Role.SECRETARY)
    c.chair_user = account("ordf", Role.MEMBER, c.members[0])
    c.approver_user = account("just", Role.MEMBER, c.members[1])
    c.other_member_user = account("ledamot", Role.MEMBER, c.members[2])
    return c


def held_meeting(c: Committee, date=dt.date(2025, 10, 14), titles=("Punkt A", "Punkt B")):
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=date, start_time=dt.time(9), place="Halmstad"
    )
    for t in titles:
        services.agenda_add(actor=c.secretary, meeting=m, title=t)
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_set_approvers(
        actor=c.secretary, meeting=m, chair=c.members[0], approvers=[c.members[1]]
    )
    services.meeting_hold(actor=c.secretary, meeting=m)
    m.refresh_from_db()
    return m
