"""uppsikt serve [--port N] [--workers N] [--threads N]"""

import os

from django.core.management.base import BaseCommand

from uppsikt.core.server import serve


class Command(BaseCommand):
    help = "Starta Uppsikts webbserver (waitress) mot den konfigurerade databasen."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="adress (standard 127.0.0.1)")
        parser.add_argument("--threads", type=int, default=8, help="antal trådar (standard 8)")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("UPPSIKT_WEB_PROCESSES", "1")),
            help="antal serverprocesser (standard 1, eller UPPSIKT_WEB_PROCESSES); "
            "fler än en kräver Linux eller ett annat POSIX-system",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="starta ingen jobbkörare bredvid"
        )

    def handle(self, *args, port, host, threads, workers, no_worker, **options):
        serve(
            host=host,
            port=port,
            threads=threads,
            workers=max(1, workers),
            stdout=self.stdout,
            worker=not no_worker,
        )
