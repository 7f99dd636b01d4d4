"""``uppsikt minutes verify``: check that no approved minutes have changed since approval."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from uppsikt.meetings import selectors


class Command(BaseCommand):
    help = "Kontrollera att justerade protokoll inte har ändrats sedan justeringen."

    def handle(self, *args, **options):
        checked = 0
        problems: list[str] = []
        for meeting in selectors.approved_meetings():
            checked += 1
            problems.extend(selectors.verify(meeting=meeting))
        if problems:
            for p in problems:
                self.stderr.write(f"Ändrat efter justering: {p}")
            raise CommandError(f"{len(problems)} avvikelse(r) i {checked} justerade protokoll.")
        self.stdout.write(f"{checked} justerade protokoll kontrollerade: oförändrade.")
