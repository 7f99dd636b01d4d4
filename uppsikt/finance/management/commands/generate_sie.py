"""uppsikt generate sie --transactions N [--seed S] [--year Y] [--cost-centres C] --out FILE"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uppsikt.finance.sie_writer import generate


class Command(BaseCommand):
    help = (
        "Skriv en giltig SIE 4-fil i valfri storlek för prestandamätning: balanserade "
        "verifikationer med kostnadsställen och projekt, månadsbudget per kostnadsställe. "
        "10 000 000 transaktioner ger ungefär 1 GB."
    )

    def add_arguments(self, parser):
        parser.add_argument("--transactions", type=int, required=True, help="antal #TRANS-rader")
        parser.add_argument("--out", required=True, help="filen att skriva")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--cost-centres", type=int, default=300)

    def handle(self, *args, transactions, out, seed, year, cost_centres, **options):
        if transactions < 2:
            raise CommandError("--transactions måste vara minst 2.")
        started = time.perf_counter()
        figures = generate(
            Path(out), transactions=transactions, seed=seed, year=year, cost_centres=cost_centres
        )
        self.stdout.write(
            f"{out}: {figures['vouchers']} verifikationer, {figures['transactions']} transaktioner, "
            f"{figures['bytes'] / 1e6:.1f} MB på {time.perf_counter() - started:.1f} s."
        )
