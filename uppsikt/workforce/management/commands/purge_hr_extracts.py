"""uppsikt purge_hr_extracts [--days N]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.workforce import services


class Command(BaseCommand):
    help = (
        "Radera rådata (anställda, anställningar, frånvaro) i HR-uttag som lästes in för mer än "
        "N dagar sedan; standard: UPPSIKT_HR_RETENTION_DAYS. De beräknade nyckeltalen och "
        "uppgiften om uttaget finns kvar. Tar också bort uppladdade HR-filer som ingen pågående "
        "inläsning behöver (från avbrutna eller misslyckade inläsningar)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="gallringstid i dagar")

    def handle(self, *args, days, **options):
        if days is None:
            days = services.retention_days()
        if days is None:
            raise CommandError(
                "Ingen gallringstid: ange --days N eller sätt UPPSIKT_HR_RETENTION_DAYS."
            )
        try:
            count = services.hr_extracts_purge(actor=SYSTEM, older_than_days=days)
            files = services.hr_uploads_purge(actor=SYSTEM, older_than_days=days)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Rådata raderad i {count} HR-uttag äldre än {days} dagar.")
        self.stdout.write(f"{files} uppladdade HR-filer som ingen inläsning behöver togs bort.")
