"""uppsikt import hr DIR"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.tenancy import organisation_for_command
from uppsikt.workforce import services
from uppsikt.workforce.import_tables import sources_from_dir


class Command(BaseCommand):
    help = (
        "Läs in ett HR-uttag från katalogen DIR: employees, employments och absences som .csv "
        "(UTF-8, rubrikrad) eller .xlsx. Enhetskoderna ska finnas (uppsikt import units). "
        "Vid fel skrivs varje fel med fil och rad, och ingenting sparas. Samma uttag inläst igen "
        "ersätter det tidigare."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", help="katalog med employees.csv, employments.csv, absences.csv"
        )
        parser.add_argument(
            "--covers-until",
            help="sista dagen uttaget omfattar (ÅÅÅÅ-MM-DD); standard: senaste datumet i filerna, "
            "högst dagens datum",
        )
        parser.add_argument(
            "--organisation", help="organisationens kortnamn (behövs bara när flera finns)"
        )

    def handle(self, *args, directory, covers_until, organisation, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory}: katalogen finns inte.")
        until = None
        if covers_until:
            try:
                until = dt.date.fromisoformat(covers_until)
            except ValueError as exc:
                raise CommandError(f"--covers-until: {covers_until} är inget datum.") from exc
        sources, errors = sources_from_dir(path)
        if errors:
            for line in errors:
                self.stderr.write(line)
            raise CommandError("HR-uttaget lästes inte in; inget har sparats.")
        org = organisation_for_command(organisation)
        try:
            result = services.hr_extract_import(
                actor=SYSTEM, organisation=org, sources=sources, covers_until=until
            )
        except DomainError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        counts = result.counts
        self.stdout.write(
            f"{path.name}: {counts['employees']} anställda, {counts['employments']} anställningar, "
            f"{counts['absences']} frånvaroposter; data till och med "
            f"{result.extract.covers_until.isoformat()}"
            + (" (ersatte samma uttag)." if result.replaced else ".")
        )
