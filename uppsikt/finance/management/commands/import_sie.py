"""uppsikt import sie FILE"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import services
from uppsikt.organisation.tenancy import organisation_for_command


class Command(BaseCommand):
    # the system checks load every URL and view of the site (seconds) and have nothing to say
    # about reading a file into the ledger; ``uppsikt check`` runs them
    requires_system_checks = []
    help = (
        "Läs in en SIE-fil (typ 1–4) i huvudboken: konton, objekt, balanser, periodsaldon, "
        "budget och verifikationer. Allt eller inget: vid fel sparas ingenting. Samma fil två "
        "gånger ändrar ingenting; en ny fil för samma företag och räkenskapsår ersätter den "
        "förra (som sparas som historik)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="SIE-filen")
        parser.add_argument("--organisation", help="organisationens kortnamn (när flera finns)")
        parser.add_argument("--quiet", action="store_true", help="visa inget förlopp")

    def handle(self, *args, file, organisation, quiet, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: filen finns inte.")
        org = organisation_for_command(organisation)
        show = not quiet and sys.stderr.isatty()

        def progress(percent: int, text: str) -> None:
            if show:
                sys.stderr.write(f"\r{percent:3d} %  {text:<40}")
                sys.stderr.flush()

        try:
            with path.open("rb") as handle:  # read a chunk at a time
                result = services.sie_import_file(
                    actor=SYSTEM,
                    organisation=org,
                    file=handle,
                    filename=path.name,
                    progress=progress,
                )
        except DomainError as exc:
            if show:
                sys.stderr.write("\n")
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        if show:
            sys.stderr.write("\n")
        self._report(path, result)

    def _report(self, path: Path, result) -> None:
        imp = result.ledger_import
        if not result.created:
            self.stdout.write(
                f"{path.name}: samma fil är redan inläst (import {imp.pk}); ingenting ändrades."
            )
            return
        self.stdout.write(
            f"{path.name}: SIE {imp.sie_type}, {imp.company or '–'}, räkenskapsår "
            f"{imp.fiscal_year_start}–{imp.fiscal_year_end}; {imp.voucher_count} verifikationer, "
            f"{imp.transaction_count} transaktioner (import {imp.pk})."
        )
        if result.superseded:
            self.stdout.write(f"Ersätter tidigare import {', '.join(map(str, result.superseded))}.")
        for warning in imp.warnings:
            self.stdout.write(f"Varning: {warning}")
