"""uppsikt generate plan --units N --items M [--users U] [--year Y] [--seed S]"""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation import services as organisation
from uppsikt.organisation.models import Body, Organisation, Role, Unit
from uppsikt.organisation.tenancy import organisation_for_command
from uppsikt.planning import services as planning
from uppsikt.planning.models import Plan

PASSWORD = "bench-lösenord-1"  # noqa: S105 - generated test data, printed for the benchmark


class Command(BaseCommand):
    help = (
        "Skapa en realistisk plan för prestandamätning: N enheter, en plan med M uppdrag "
        "fördelade på enheterna, en öppen Uppföljningsrapport 1 med en bedömning per uppdrag, "
        "en controller (bench-controller) och U rapportörer (bench-r1 …) med lösenordet "
        f"{PASSWORD!r}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=300)
        parser.add_argument("--items", type=int, default=2000)
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--organisation",
            dest="organisation_slug",
            help="organisationens kortnamn (behövs bara när flera finns; "
            "finns ingen skapas Region Prov)",
        )

    def handle(self, *args, units, items, users, year, seed, organisation_slug=None, **options):
        if units < 2 or items < 1 or users < 1 or users > units - 1:
            raise CommandError(
                "Ange minst 2 enheter, 1 uppdrag och mellan 1 och enheter−1 användare."
            )
        started = time.perf_counter()
        rng = random.Random(seed)  # noqa: S311 - test data
        with transaction.atomic():
            org = (
                organisation_for_command(organisation_slug)
                if organisation_slug or Organisation.objects.exists()
                else organisation.organisation_create(
                    actor=SYSTEM, name="Region Prov", slug="region-prov"
                )
            )
            body = organisation.body_create(
                actor=SYSTEM,
                organisation=org,
                code=f"PROV{year}",
                name=f"Provnämnden {year}",
                kind=Body.Kind.COMMITTEE,
                register_prefix=f"PR{year % 100}",
            )
            root = organisation.unit_create(
                actor=SYSTEM,
                organisation=org,
                code=f"P{year}",
                name="Provförvaltningen",
                kind=Unit.Kind.ADMINISTRATION,
                body=body,
            )
            leaves = [
                organisation.unit_create(
                    actor=SYSTEM,
                    organisation=org,
                    code=f"P{year}-{i:04d}",
                    name=f"Enhet {i}",
                    kind=Unit.Kind.SECTION,
                    parent=root,
                )
                for i in range(1, units)
            ]
            followup.scale_defaults_create(actor=SYSTEM, organisation=org)
            periods = {
                p.kind: p for p in ReportingPeriod.objects.filter(organisation=org, year=year)
            } or {
                p.kind: p
                for p in followup.periods_create_default(actor=SYSTEM, organisation=org, year=year)
            }
            plan = planning.plan_create(
                actor=SYSTEM,
                organisation=org,
                body=body,
                year=year,
                title=f"Verksamhetsplan {year} (prov)",
            )
            goal = planning.goal_create(
                actor=SYSTEM, plan=plan, level="body", title="En effektiv och hållbar verksamhet"
            )
            areas = ["Hållbarhet", "Medarbetare", "Robusta verksamheter"]
            for i in range(items):
                planning.plan_assignment_create(
                    actor=SYSTEM,
                    plan=plan,
                    title=f"Uppdrag {i + 1}: förbättra {rng.choice(['flöden', 'rutiner', 'stöd', 'uppföljning'])}",
                    responsible_unit=leaves[i % users],
                    goal=goal,
                    area=rng.choice(areas),
                    description="<p>Genomförs under året enligt plan.</p>",
                    position=i,
                )
            planning.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.ADOPTED)
            ur1 = periods["ur1"]
            if not ur1.is_open:
                followup.period_open(actor=SYSTEM, period=ur1)
            controller = organisation.account_create(
                actor=SYSTEM, username=f"bench-controller-{year}", password=PASSWORD
            )
            organisation.role_grant(
                actor=SYSTEM, user=controller, role=Role.CONTROLLER, organisation=org
            )
            for i in range(users):
                user = organisation.account_create(
                    actor=SYSTEM, username=f"bench-r{i + 1}-{year}", password=PASSWORD
                )
                organisation.role_grant(
                    actor=SYSTEM, user=user, role=Role.REPORTER, organisation=org, unit=leaves[i]
                )
        self.stdout.write(
            f"Plan {plan.pk} med {items} uppdrag för {units} enheter; period {ur1.pk} öppen; "
            f"{users} rapportörer (bench-r1-{year} …), controller bench-controller-{year}; "
            f"{time.perf_counter() - started:.1f} s."
        )
