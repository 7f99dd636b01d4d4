"""``uppsikt minutes verify``: check that no approved minutes have changed since approval, and
that every sealed PDF of them and of their extracts still carries an intact seal of a trusted
issuer."""

from __future__ import annotations

import hashlib

from django.core.management.base import BaseCommand, CommandError

from uppsikt.documents import seal
from uppsikt.documents import selectors as doc_selectors
from uppsikt.meetings import selectors


def seal_problems() -> tuple[int, list[str]]:
    """Validate every kept sealed PDF of minutes and of extracts (pyHanko, against the trust
    roots)."""
    checked = 0
    problems: list[str] = []
    for rendered in selectors.sealed_documents():
        checked += 1
        try:
            content = doc_selectors.rendered_content(rendered)
        except OSError:
            problems.append(f"{rendered.title}: filen saknas")
            continue
        if hashlib.sha256(content).hexdigest() != rendered.checksum:
            problems.append(f"{rendered.title}: filen är inte den som förseglades")
        problems.extend(f"{rendered.title}: {p}" for p in seal.verify_pdf(content).problems)
    return checked, problems


class Command(BaseCommand):
    help = (
        "Kontrollera att justerade protokoll inte har ändrats sedan justeringen och att "
        "varje förseglat protokoll och protokollsutdrag har ett obrutet sigill från en betrodd "
        "utfärdare."
    )

    def handle(self, *args, **options):
        checked = 0
        problems: list[str] = []
        for meeting in selectors.approved_meetings():
            checked += 1
            problems.extend(selectors.verify(meeting=meeting))
        sealed, broken = seal_problems()
        for p in problems:
            self.stderr.write(f"Ändrat efter justering: {p}")
        for p in broken:
            self.stderr.write(f"Sigill: {p}")
        if problems or broken:
            raise CommandError(
                f"{len(problems) + len(broken)} avvikelse(r) i {checked} justerade protokoll "
                f"och {sealed} förseglade filer."
            )
        self.stdout.write(f"{checked} justerade protokoll kontrollerade: oförändrade.")
        if sealed:
            self.stdout.write(
                f"{sealed} förseglade filer (protokoll och protokollsutdrag) kontrollerade: "
                "sigillen är obrutna."
            )
