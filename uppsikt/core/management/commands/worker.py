"""uppsikt worker [--interval S] [--batch] [--parent PID]"""

from django.core.management.base import BaseCommand

from uppsikt.core.worker import JobWorker


class Command(BaseCommand):
    help = (
        "Kör bakgrundsjobb (importer, omräkningar, dokument) från jobbkön i databasen. I drift "
        "körs en eller flera sådana processer bredvid webbservern; `uppsikt serve` startar en själv. "
        "Jobb vars körare slutat svara markeras som misslyckade och städas bort."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="sekunder mellan kontroller av kön"
        )
        parser.add_argument("--batch", action="store_true", help="kör det som väntar och avsluta")
        parser.add_argument(
            "--parent",
            type=int,
            default=None,
            help="avsluta när processen med detta id är borta (används av `uppsikt serve`)",
        )

    def handle(self, *args, interval, batch, parent, **options):
        worker = JobWorker(interval=interval, batch=batch, parent=parent)
        worker.configure_signals()
        worker.run()
