"""uppsikt generate hr --employees N --years Y --seed S --out DIR"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uppsikt.organisation.example_tree import UNITS as EXAMPLE_UNITS
from uppsikt.organisation.models import Unit
from uppsikt.workforce.generator import generate, synthetic_units, write_units_csv


class Command(BaseCommand):
    help = (
        "Skriv ett realistiskt HR-uttag (employees.csv, employments.csv, absences.csv) till "
        "katalogen DIR. Enheterna tas från databasen, annars från demoregionen; med --units N "
        "skapas ett enhetsträd med N enheter som också skrivs till DIR/units.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", required=True)
        parser.add_argument("--end", help="sista dagen i uttaget (ÅÅÅÅ-MM-DD); standard: i går")
        parser.add_argument("--units", type=int, help="skapa ett eget enhetsträd med N enheter")

    def handle(self, *args, employees, years, seed, out, end, units, **options):
        if employees < 1 or years < 1:
            raise CommandError("--employees och --years ska vara minst 1.")
        end_date = dt.date.fromisoformat(end) if end else dt.date.today() - dt.timedelta(days=1)
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        if units:
            tree = synthetic_units(units)
            write_units_csv(tree, out_dir / "units.csv")
            codes = [code for code, _parent, _kind in tree]
        else:
            codes = list(Unit.objects.values_list("code", flat=True)) or [
                u[0] for u in EXAMPLE_UNITS
            ]
        started = time.perf_counter()
        counts = generate(
            employees=employees, years=years, seed=seed, end=end_date, unit_codes=codes, out=out_dir
        )
        self.stdout.write(
            f"{out_dir}: {counts['employees']} anställda, {counts['employments']} anställningar, "
            f"{counts['absences']} frånvaroposter, {len(codes)} enheter, "
            f"till och med {end_date.isoformat()} ({time.perf_counter() - started:.1f} s)."
        )
