"""uppsikt worker"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Kör bakgrundsjobb (importer, omräkningar, dokument) från jobbkön i databasen. I drift "
        "körs en eller flera sådana processer bredvid webbservern; `uppsikt serve` startar en själv."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="sekunder mellan kontroller av kön"
        )
        parser.add_argument("--batch", action="store_true", help="kör det som väntar och avsluta")

    def handle(self, *args, interval, batch, **options):
        arguments = ["--interval", str(interval), "--no-startup-delay"]
        if batch:
            arguments.append("--batch")
        call_command("db_worker", *arguments)
