"""uppsikt import units FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services
from uppsikt.organisation.importers import read_units_csv
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.tenancy import organisation_for_command


class Command(BaseCommand):
    help = (
        "Läs in organisationens enheter från en CSV-fil (UTF-8) med kolumnerna code, name, "
        "parent_code, kind (förvaltning, avdelning, enhet) och valfritt body_code och "
        "cost_centres (koder åtskilda med semikolon). Befintliga enheter uppdateras, nya skapas; "
        "vid fel sparas ingenting. Saknas organisation skapas den."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="sökväg till units.csv")
        parser.add_argument(
            "--organisation",
            help="organisationens kortnamn (behövs bara när flera finns)",
        )
        parser.add_argument(
            "--name",
            default="",
            help="namn på organisationen om den skapas (standard: UPPSIKT_ORGANISATION_NAME)",
        )
        parser.add_argument(
            "--kind",
            choices=["region", "municipality"],
            default="region",
            help="region eller municipality (kommun) när organisationen skapas",
        )

    def handle(self, *args, file, organisation, name, kind, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: filen finns inte.")
        units_file = read_units_csv(path.read_bytes(), filename=str(path))
        try:
            # One transaction: a refused file leaves no new organisation behind either.
            with transaction.atomic():
                org = self._organisation(organisation, name, kind)
                result = services.units_import(
                    actor=SYSTEM, organisation=org, units_file=units_file
                )
        except DomainError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{path.name}: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade enheter; {result.cost_centres} kostnadsställen "
            f"nya eller flyttade ({org.name})."
        )

    def _organisation(self, slug, name, kind) -> Organisation:
        from django.conf import settings
        from django.utils.text import slugify

        if slug or Organisation.objects.exists():
            return organisation_for_command(slug)
        name = name or settings.UPPSIKT_ORGANISATION_NAME or "Organisationen"
        return services.organisation_create(
            actor=SYSTEM, name=name, slug=slugify(name) or "organisation", kind=kind
        )
