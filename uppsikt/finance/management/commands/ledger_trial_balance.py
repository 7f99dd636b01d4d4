"""uppsikt ledger trial-balance --through YYYY-MM [--unit CODE] --format json|csv|xlsx"""

from django.core.management.base import BaseCommand

from uppsikt.finance import exports, selectors
from uppsikt.organisation.tenancy import organisation_for_command

from ._common import month_for, unit_for


class Command(BaseCommand):
    help = (
        "Råbalans per konto i kontoordning: ingående balans, rörelse för räkenskapsåret till och "
        "med månaden, utgående balans och budget till och med månaden (SIE-tecken)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--through", required=True, help="till och med månad, ÅÅÅÅ-MM")
        parser.add_argument(
            "--unit", help="enhetens kod (med underenheter); utan: hela organisationen"
        )
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", "-o", help="skriv till fil (krävs för xlsx)")
        parser.add_argument("--organisation", help="organisationens kortnamn (när flera finns)")

    def handle(self, *args, through, unit, format, output, organisation, **options):
        org = organisation_for_command(organisation)
        year, month = month_for(through)
        rows = selectors.trial_balance(
            organisation=org, year=year, month=month, unit=unit_for(org, unit)
        )
        data = exports.trial_balance(rows, fmt=format)
        exports.write(data, output=output, fmt=format, stdout=self.stdout)
