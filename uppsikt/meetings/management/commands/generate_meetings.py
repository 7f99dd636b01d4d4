"""uppsikt generate meetings [--items K] [--year Y] [--organisation SLUG]"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import services as meetings
from uppsikt.organisation import services as organisation
from uppsikt.organisation.models import Body, Membership, Role
from uppsikt.organisation.tenancy import organisation_for_command

PASSWORD = "bench-lösenord-1"  # noqa: S105 - generated test data, printed for the benchmark
ROLES = [Membership.Role.CHAIR, Membership.Role.FIRST_VICE_CHAIR] + [Membership.Role.MEMBER] * 9


class Command(BaseCommand):
    help = (
        "Skapa ett sammanträde för prestandamätning i nämnden som `uppsikt generate plan` "
        "skapade (PROV<år>): elva ledamöter och fem ersättare, ett genomfört sammanträde den "
        "1 mars med K paragrafer och en sekreterare (bench-secretary-<år>) med lösenordet "
        f"{PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=20)
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument(
            "--organisation",
            dest="organisation_slug",
            help="organisationens kortnamn (behövs bara när flera finns)",
        )

    def handle(self, *args, items, year, organisation_slug=None, **options):
        if items < 1:
            raise CommandError("Ange minst en paragraf.")
        started = time.perf_counter()
        org = organisation_for_command(organisation_slug)
        body = Body.objects.filter(organisation=org, code=f"PROV{year}").first()
        if body is None:
            raise CommandError(f"Nämnden PROV{year} saknas: kör först `uppsikt generate plan`.")
        with transaction.atomic():
            meeting = _meeting(org, body, year=year, items=items)
        self.stdout.write(
            f"Sammanträde {meeting.pk} med {items} paragrafer; sekreterare "
            f"bench-secretary-{year}; {time.perf_counter() - started:.1f} s."
        )


def _meeting(org, body, *, year: int, items: int):
    members = []
    for i, role in enumerate(ROLES + [Membership.Role.DEPUTY] * 5):
        person = organisation.person_create(
            actor=SYSTEM, organisation=org, first_name=f"Ledamot{i + 1}", last_name="Prov"
        )
        organisation.membership_create(
            actor=SYSTEM,
            person=person,
            body=body,
            role=role,
            start_date=dt.date(year, 1, 1),
            deputy_order=(i - len(ROLES) + 1) if role == Membership.Role.DEPUTY else None,
        )
        members.append(person)
    meeting = meetings.meeting_create(
        actor=SYSTEM,
        body=body,
        date=dt.date(year, 3, 1),
        start_time=dt.time(9),
        place="Provsalen",
    )
    for i in range(items):
        meetings.agenda_add(
            actor=SYSTEM, meeting=meeting, title=f"Ärende {i + 1}: beslut om uppföljning"
        )
    meetings.attendance_record(
        actor=SYSTEM, meeting=meeting, present=[p.pk for p in members[: len(ROLES)]]
    )
    meetings.meeting_set_approvers(
        actor=SYSTEM, meeting=meeting, chair=members[0], approvers=[members[1]]
    )
    meetings.meeting_hold(actor=SYSTEM, meeting=meeting)
    secretary = organisation.account_create(
        actor=SYSTEM, username=f"bench-secretary-{year}", password=PASSWORD
    )
    organisation.role_grant(
        actor=SYSTEM, user=secretary, role=Role.SECRETARY, organisation=org, body=body
    )
    return meeting
