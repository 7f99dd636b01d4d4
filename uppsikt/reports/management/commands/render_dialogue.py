"""uppsikt render dialogue --committee DRS --dialogue 2025-2 --format pptx|pdf --out FILE"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.formatting import format_number
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents.pdf import PdfUnavailable
from uppsikt.organisation.tenancy import organisation_for_command


def write(command: BaseCommand, out: str, rendered, content: bytes, document, started: float):
    """Write the file and say what was written, with its checksum and data version."""
    path = Path(out)
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"Kan inte skriva {out}: {exc.strerror}") from exc
    elapsed = time.perf_counter() - started
    command.stdout.write(
        f"{document.title} – {document.subtitle}: {path} "
        f"({format_number(len(content))} byte, {format_number(elapsed, 1)} s)\n"
        f"  kontrollsumma (SHA-256) {rendered.checksum}\n"
        f"  dataversion {rendered.data_version}"
    )


class Command(BaseCommand):
    help = "Dialogunderlaget för en nämndsdialog som PPTX eller PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--committee", required=True, help="nämndens diarieprefix eller kod, t.ex. DRS"
        )
        parser.add_argument("--dialogue", required=True, help="år och nummer, t.ex. 2025-2")
        parser.add_argument("--format", choices=["pptx", "pdf"], default="pptx")
        parser.add_argument("--out", required=True, help="filen som skrivs")
        parser.add_argument("--organisation", help="organisationens kortnamn (när flera finns)")

    def handle(self, *args, committee, dialogue, format, out, organisation, **options):
        from uppsikt.dialogues import selectors
        from uppsikt.reports import data, services

        org = organisation_for_command(organisation)
        started = time.perf_counter()
        try:
            body = data.body_from_code(organisation=org, code=committee)
            found = selectors.dialogue_find(organisation=org, committee=body, ident=dialogue)
            rendered, content, deck = services.dialogue_brief_render(
                dialogue=found, fmt=format, actor=SYSTEM
            )
        except (DomainError, PdfUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        write(self, out, rendered, content, deck, started)
