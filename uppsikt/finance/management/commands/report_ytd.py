"""uppsikt report ytd --unit CODE --period YYYY-MM --format json|table"""

from django.core.management.base import BaseCommand, CommandError

from uppsikt.finance import exports, selectors
from uppsikt.organisation.tenancy import organisation_for_command

from ._common import month_for, unit_for


class Command(BaseCommand):
    help = (
        "Ackumulerat utfall per rapportrad: utfall, budget, avvikelse, avvikelse i procent och "
        "föregående års utfall (intäkter positiva, kostnader negativa)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="enhetens kod (med underenheter)")
        parser.add_argument("--period", required=True, help="till och med månad, ÅÅÅÅ-MM")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument("--organisation", help="organisationens kortnamn (när flera finns)")

    def handle(self, *args, unit, period, format, organisation, **options):
        org = organisation_for_command(organisation)
        year, month = month_for(period)
        table = selectors.ytd_table(
            organisation=org, unit=unit_for(org, unit), year=year, month=month
        )
        if table.fiscal_year is None:
            raise CommandError(f"Huvudboken har inget räkenskapsår som omfattar {period}.")
        if format == "json":
            self.stdout.write(exports.ytd_json(table), ending="")
        else:
            self.stdout.write(exports.ytd_text(table), ending="")
