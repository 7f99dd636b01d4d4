"""``uppsikt minutes seal-pdf``: seal the minutes of every notice of approval that has no
sealed PDF yet (approved before a seal was configured, or whose job failed), and the extract
of every approved item that has none."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import seal
from uppsikt.meetings import selectors, services
from uppsikt.organisation.tenancy import organisation_for_command


class Command(BaseCommand):
    help = (
        "Försegla protokollen (PDF/A med organisationens elektroniska sigill) för de anslag om "
        "justering som ännu saknar förseglad fil, och utdragen ur justerade paragrafer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="organisationens kortnamn (om flera)")

    def handle(self, *args, **options):
        organisation = organisation_for_command(options.get("organisation"))
        if not seal.configured():
            raise CommandError("Inget sigill är konfigurerat (se docs/sealing.md).")
        notices = selectors.notices_unsealed(organisation=organisation)
        failed = 0
        for notice in notices:
            try:
                services.notice_pdf_seal(actor=SYSTEM, notice=notice)
            except DomainError as exc:
                failed += 1
                self.stderr.write(f"{notice.meeting}: {exc.message}")
        items = selectors.extracts_unsealed(organisation=organisation)
        for item in items:
            try:
                services.extract_pdf_seal(actor=SYSTEM, item=item)
            except DomainError as exc:
                failed += 1
                self.stderr.write(f"{item.label} {item.meeting}: {exc.message}")
        if failed:
            raise CommandError(
                f"{failed} av {len(notices) + len(items)} filer kunde inte förseglas."
            )
        self.stdout.write(f"{len(notices)} protokoll och {len(items)} protokollsutdrag förseglade.")
