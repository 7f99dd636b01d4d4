"""Demo step: Region Halland's bodies, units, parties and invented people in every role.

The structure follows the reference documents (Regionstyrelsen with its working committee,
the operating committees, Regionkontoret with the departments the documents name); every
person is invented.
"""

from __future__ import annotations

import datetime as dt
import random

from uppsikt.core.permissions import SYSTEM

from . import services
from .example_tree import UNITS
from .models import Body, Membership, Organisation, Role, Unit

DEMO_SLUG = "region-halland-demo"
DEMO_PASSWORD = "uppsikt-demo"

# One login per role: (label, username, role, whose account, scope). The scope is a unit code,
# "body:CODE", or None for the whole organisation.
DEMO_ACCOUNTS = [
    ("Administratör", "admin", Role.ADMINISTRATOR, ("Kanslichef", "RK-KAN"), None),
    ("Controller", "controller", Role.CONTROLLER, ("Verksamhetscontroller", "RK-EKO-BUD"), None),
    (
        "Rapportör (Måltidsservice)",
        "rapportor",
        Role.REPORTER,
        ("Enhetschef", "RSE-MAT-UTS"),
        "RSE-MAT",
    ),
    ("Godkännare (Regionservice)", "godkannare", Role.APPROVER, ("Förvaltningschef", "RSE"), "RSE"),
    (
        "Sekreterare (RS)",
        "sekreterare",
        Role.SECRETARY,
        ("Nämndsekreterare", "RK-KAN-SEK"),
        "body:RS",
    ),
    (
        "Handläggare (Regionkontoret)",
        "handlaggare",
        Role.CASE_OFFICER,
        ("Hållbarhetschef", "RK-HAB"),
        "RK",
    ),
    ("Förtroendevald (RS)", "ledamot", Role.MEMBER, ("chair", "RS"), "body:RS"),
    ("Läsare", "lasare", Role.READER, ("IT-direktör", "RK-ITD"), None),
]
LOGINS = [(label, username, DEMO_PASSWORD) for label, username, *_ in DEMO_ACCOUNTS]

TERM_START, TERM_END = dt.date(2023, 1, 1), dt.date(2026, 12, 31)
COUNCIL_TERM_START, COUNCIL_TERM_END = dt.date(2026, 10, 15), dt.date(2030, 10, 14)

PARTIES = [
    ("Moderaterna", "M"),
    ("Centerpartiet", "C"),
    ("Liberalerna", "L"),
    ("Kristdemokraterna", "KD"),
    ("Socialdemokraterna", "S"),
    ("Sverigedemokraterna", "SD"),
    ("Vänsterpartiet", "V"),
    ("Miljöpartiet de gröna", "MP"),
]
# Seats in a body of 15 / 11 / 5, by party, in the order the parties are listed above.
SEAT_SHARES = {
    71: [17, 5, 3, 4, 20, 14, 4, 4],
    15: [4, 1, 1, 1, 4, 3, 1, 0],
    11: [3, 1, 1, 1, 3, 2, 0, 0],
    5: [2, 0, 0, 1, 1, 1, 0, 0],
}

# code, name, kind, parent code, register prefix, seats, deputies
BODIES = [
    ("RF", "Regionfullmäktige", Body.Kind.COUNCIL, None, "RF", 71, 0),
    ("RS", "Regionstyrelsen", Body.Kind.BOARD, None, "RS", 15, 8),
    ("RSAU", "Regionstyrelsens arbetsutskott", Body.Kind.SUBCOMMITTEE, "RS", "", 5, 3),
    (
        "RSHU",
        "Regionstyrelsens hälso- och sjukvårdsutskott",
        Body.Kind.SUBCOMMITTEE,
        "RS",
        "",
        5,
        3,
    ),
    ("DNRS", "Driftnämnden Regionservice", Body.Kind.COMMITTEE, None, "DRS", 11, 6),
    ("DNKS", "Driftnämnden Kultur och skola", Body.Kind.COMMITTEE, None, "DKS", 11, 6),
    ("DNKT", "Driftnämnden Kollektivtrafik", Body.Kind.COMMITTEE, None, "DKT", 11, 6),
    ("DNHS", "Driftnämnden Hallands sjukhus", Body.Kind.COMMITTEE, None, "DHS", 11, 6),
    ("DNNS", "Driftnämnden Närsjukvård", Body.Kind.COMMITTEE, None, "DNS", 11, 6),
    ("DNPS", "Driftnämnden Psykiatri", Body.Kind.COMMITTEE, None, "DPS", 11, 6),
]

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Per",
    "Lena",
    "Anders",
    "Sara",
    "Mikael",
    "Kristina",
    "Fredrik",
    "Elin",
    "Magnus",
    "Sofia",
    "Jonas",
    "Ingrid",
    "Henrik",
    "Malin",
    "Daniel",
    "Emma",
    "Peter",
    "Helena",
    "Ulf",
    "Ida",
    "Stefan",
    "Linnea",
    "Mats",
    "Camilla",
    "Björn",
    "Josefin",
    "Niklas",
    "Åsa",
    "Gustav",
    "Therese",
    "Oskar",
]
LAST_NAMES = [
    "Andersson",
    "Bengtsson",
    "Carlsson",
    "Dahl",
    "Ek",
    "Forsberg",
    "Gunnarsson",
    "Holm",
    "Isaksson",
    "Jönsson",
    "Kvist",
    "Lindqvist",
    "Mårtensson",
    "Nordin",
    "Olofsson",
    "Persson",
    "Qvarnström",
    "Rosén",
    "Svensson",
    "Torstensson",
    "Ullman",
    "Wallin",
    "Åberg",
    "Öhman",
    "Berglund",
    "Ström",
    "Hedlund",
    "Sandberg",
    "Lundgren",
    "Falk",
    "Sjöberg",
    "Nyström",
]

OFFICIALS = [
    # title, unit code, (username for a login, when the access roles arrive)
    ("Regiondirektör", "RK"),
    ("Kanslichef", "RK-KAN"),
    ("Ekonomidirektör", "RK-EKO"),
    ("Verksamhetscontroller", "RK-EKO-BUD"),
    ("Nämndsekreterare", "RK-KAN-SEK"),
    ("Registrator", "RK-KAN-REG"),
    ("HR-direktör", "RK-HR"),
    ("Säkerhetschef", "RK-SAK"),
    ("IT-direktör", "RK-ITD"),
    ("Hållbarhetschef", "RK-HAB"),
    ("Förvaltningschef", "RSE"),
    ("Controller", "RSE"),
    ("Enhetschef", "RSE-MAT-UTS"),
    ("Förvaltningschef", "KOS"),
    ("Förvaltningschef", "KTR"),
    ("Sjukhusdirektör", "HS"),
    ("Förvaltningschef", "NSV"),
    ("Förvaltningschef", "PSY"),
]


def demo_email(first: str, last: str) -> str:
    return f"{first}.{last}@example.org".lower().translate(str.maketrans("åäöé", "aaoe"))


def _names(rng: random.Random):
    used: set[tuple[str, str]] = set()
    while True:
        pair = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if pair not in used:
            used.add(pair)
            yield pair


def load(*, context) -> None:
    actor = SYSTEM
    rng = random.Random(2024)  # noqa: S311 - invented demo names, not security
    names = _names(rng)
    organisation = services.organisation_create(
        actor=actor, name="Region Halland (demo)", slug=DEMO_SLUG, kind=Organisation.Kind.REGION
    )
    context.organisation = organisation

    parties = {
        abbr: services.party_create(
            actor=actor, organisation=organisation, name=name, abbreviation=abbr
        )
        for name, abbr in PARTIES
    }
    bodies: dict[str, Body] = {}
    for position, (code, name, kind, parent, prefix, _seats, _deputies) in enumerate(BODIES):
        bodies[code] = services.body_create(
            actor=actor,
            organisation=organisation,
            code=code,
            name=name,
            kind=kind,
            parent=bodies.get(parent) if parent else None,
            register_prefix=prefix,
            position=position,
        )
    units: dict[str, Unit] = {}
    for position, (code, name, kind, parent, body, centres) in enumerate(UNITS):
        units[code] = services.unit_create(
            actor=actor,
            organisation=organisation,
            code=code,
            name=name,
            kind=kind,
            parent=units[parent] if parent else None,
            body=bodies[body] if body else None,
            cost_centres=centres,
            position=position,
        )

    for code, _name, _kind, _parent, _prefix, seats, deputies in BODIES:
        body = bodies[code]
        start, end = (
            (COUNCIL_TERM_START, COUNCIL_TERM_END)
            if body.kind == Body.Kind.COUNCIL
            else (TERM_START, TERM_END)
        )
        seat_parties = [
            abbr
            for (_, abbr), count in zip(PARTIES, SEAT_SHARES[seats], strict=True)
            for _ in range(count)
        ]
        for index, abbr in enumerate(seat_parties):
            first, last = next(names)
            person = services.person_create(
                actor=actor, organisation=organisation, first_name=first, last_name=last
            )
            role = (
                Membership.Role.CHAIR
                if index == 0
                else Membership.Role.FIRST_VICE_CHAIR
                if abbr == "S" and seat_parties.index("S") == index
                else Membership.Role.MEMBER
            )
            services.membership_create(
                actor=actor,
                person=person,
                body=body,
                role=role,
                start_date=start,
                end_date=end,
                party=parties[abbr],
            )
        for order in range(1, deputies + 1):
            first, last = next(names)
            person = services.person_create(
                actor=actor, organisation=organisation, first_name=first, last_name=last
            )
            services.membership_create(
                actor=actor,
                person=person,
                body=body,
                role=Membership.Role.DEPUTY,
                start_date=start,
                end_date=end,
                party=parties[seat_parties[(order - 1) % len(seat_parties)]],
                deputy_order=order,
            )

    officials = {}
    for title, unit_code in OFFICIALS:
        first, last = next(names)
        officials[(title, unit_code)] = services.person_create(
            actor=actor,
            organisation=organisation,
            first_name=first,
            last_name=last,
            title=title,
            email=demo_email(first, last),
            unit=units[unit_code],
        )

    chairs = {
        m.body.code: m.person
        for m in Membership.objects.filter(
            body__organisation=organisation, role=Membership.Role.CHAIR
        ).select_related("body", "person")
    }
    for _label, username, role, (who, where), scope in DEMO_ACCOUNTS:
        person = chairs[where] if who == "chair" else officials[(who, where)]
        user = services.account_create(
            actor=actor,
            username=username,
            password=DEMO_PASSWORD,
            person=person,
            # the elected have no work address in the register; their login has one, which
            # the demo's Test-e-legitimation vouches for (docs/oidc.md)
            email=person.email or demo_email(person.first_name, person.last_name),
        )
        services.role_grant(
            actor=actor,
            user=user,
            role=role,
            organisation=organisation,
            unit=units[scope] if scope and not scope.startswith("body:") else None,
            body=bodies[scope[5:]] if scope and scope.startswith("body:") else None,
        )
    context.objects.update(
        {"parties": parties, "bodies": bodies, "units": units, "officials": officials}
    )
