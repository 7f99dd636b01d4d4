"""uppsikt demo [--port N] [--no-serve]"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from uppsikt.core.server import serve
from uppsikt.demo.loader import demo_loaded, demo_logins, load_demo
from uppsikt.organisation import testeid


class Command(BaseCommand):
    help = (
        "Skapa (eller återanvänd) databasen, läs in demoregionen och starta webbservern på "
        "http://127.0.0.1:8000/. Skriver ut demoinloggningarna."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
        parser.add_argument(
            "--no-serve", action="store_true", help="läs bara in demodata, starta ingen server"
        )

    def handle(self, *args, port, no_serve, **options):
        self.stdout.write("Förbereder databasen …")
        call_command("migrate", interactive=False, verbosity=0)
        # the demo's Test-e-legitimation, for approval with e-ID (docs/oidc.md)
        restore = testeid.enable(f"http://127.0.0.1:{port}")
        try:
            self._load()
        finally:
            if no_serve:  # nothing of the demo's provider stays on in a process that goes on
                restore()
        if not no_serve:
            serve(host="127.0.0.1", port=port, stdout=self.stdout)

    def _load(self):
        if demo_loaded():
            self.stdout.write("Demoregionen finns redan i databasen och återanvänds.")
        else:
            self.stdout.write("Läser in demoregionen …")
            load_demo()
            self.stdout.write(self.style.SUCCESS("Demoregionen är inläst."))
        self.stdout.write("\nDemoinloggningar (användarnamn / lösenord):")
        logins = demo_logins()
        width = max(len(role) for role, _, _ in logins)  # the columns line up, whatever the names
        for role, username, password in logins:
            self.stdout.write(f"  {role:<{width}}  {username:<14} {password}")
        self.stdout.write("")
