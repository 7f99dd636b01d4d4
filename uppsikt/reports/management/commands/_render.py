"""Shared by ``uppsikt render plan|followup|monthly|group``: render a document to a file."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.formatting import format_number
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents.pdf import PdfUnavailable
from uppsikt.organisation.tenancy import organisation_for_command


class RenderCommand(BaseCommand):
    kind = ""
    needs_body = True
    period_help = "period: 2024-UR1, 2024-UR2, 2024-AR eller 2024-02"

    def add_arguments(self, parser):
        parser.add_argument(
            "--body",
            required=self.needs_body,
            help="organets diarieprefix, t.ex. RS" + ("" if self.needs_body else " (valfritt)"),
        )
        parser.add_argument("--period", required=True, help=self.period_help)
        parser.add_argument("--format", choices=["docx", "pdf", "html"], default="pdf")
        parser.add_argument("--out", required=True, help="filen som skrivs")
        parser.add_argument("--organisation", help="organisationens kortnamn (när flera finns)")

    def handle(self, *args, body, period, format, out, organisation, **options):
        from uppsikt.reports import data, services

        org = organisation_for_command(organisation)
        started = time.perf_counter()
        try:
            found = data.body_from_code(organisation=org, code=body) if body else None
            rendered, content, document = services.document_render(
                kind=self.kind,
                organisation=org,
                body=found,
                ident=period,
                fmt=format,
                actor=SYSTEM,
            )
        except (DomainError, PdfUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        path = Path(out)
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan inte skriva {out}: {exc.strerror}") from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{document.title} {document.subtitle} – {document.header}: {path} "
            f"({format_number(len(content))} byte, {format_number(elapsed, 1)} s)\n"
            f"  kontrollsumma (SHA-256) {rendered.checksum}\n"
            f"  dataversion {rendered.data_version}"
        )
