"""uppsikt render dialogue-notes --committee RU --date 2017-06-19 --format docx|pdf --out FILE"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents.pdf import PdfUnavailable
from uppsikt.organisation.tenancy import organisation_for_command

from .render_dialogue import write


class Command(BaseCommand):
    help = "Minnesanteckningar från en dialog som DOCX eller PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--committee", required=True, help="nämndens diarieprefix eller kod, t.ex. RU"
        )
        parser.add_argument("--date", required=True, help="träffens datum, t.ex. 2017-06-19")
        parser.add_argument("--format", choices=["docx", "pdf"], default="docx")
        parser.add_argument("--out", required=True, help="filen som skrivs")
        parser.add_argument("--organisation", help="organisationens kortnamn (när flera finns)")

    def handle(self, *args, committee, date, format, out, organisation, **options):
        from uppsikt.dialogues import selectors, services
        from uppsikt.reports import data

        org = organisation_for_command(organisation)
        try:
            day = dt.date.fromisoformat(date)
        except ValueError as exc:
            raise CommandError(f"Okänt datum {date}: skriv t.ex. 2017-06-19.") from exc
        started = time.perf_counter()
        try:
            body = data.body_from_code(organisation=org, code=committee)
            notes = selectors.notes_find(organisation=org, committee=body, date=day)
            rendered, content, document = services.notes_render(
                notes=notes, fmt=format, actor=SYSTEM
            )
        except (DomainError, PdfUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        write(self, out, rendered, content, document, started)
