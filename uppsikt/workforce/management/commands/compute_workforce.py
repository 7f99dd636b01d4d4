"""uppsikt compute workforce --unit CODE --period YYYY-MM [--format json|table]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from uppsikt.core import formatting
from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Unit
from uppsikt.organisation.tenancy import organisation_for_command
from uppsikt.workforce import services
from uppsikt.workforce.hrdata import Period


class Command(BaseCommand):
    help = (
        "Beräkna sjukfrånvaro och personalomsättning R12 (docs/definitions.md §3) från det senaste "
        "HR-uttaget, för enheten och alla dess underenheter. Utdata: ett JSON-objekt per enhet "
        "och period (en lista när de är flera); undertryckta värden är null. --store sparar "
        "värdena; --recompute beräknar om och sparar alla enheters serier."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", action="append", default=[], help="enhetskod (kan upprepas) eller all"
        )
        parser.add_argument(
            "--period", action="append", default=[], help="ÅÅÅÅ-MM: R12 till och med månaden"
        )
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--store", action="store_true", help="spara värdena")
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="beräkna om alla enheters sparade perioder och standardserien, och spara",
        )
        parser.add_argument(
            "--organisation", help="organisationens kortnamn (behövs bara när flera finns)"
        )

    def handle(self, *args, unit, period, format, store, recompute, organisation, **options):
        org = organisation_for_command(organisation)
        if recompute:
            try:
                rows = services.staff_figures_recompute(actor=SYSTEM, organisation=org)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"{len(rows)} enhets- och månadsvärden beräknade och sparade.")
            return
        if not unit or not period:
            raise CommandError("Ange --unit KOD (eller all) och --period ÅÅÅÅ-MM.")
        try:
            periods = [Period.parse(p) for p in period]
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from exc
        units = _units(org, unit)
        try:
            if store:
                services.staff_figures_store(
                    actor=SYSTEM, organisation=org, units=units, periods=periods
                )
            _extract, results = services.staff_figures_compute(
                actor=SYSTEM, organisation=org, units=units, periods=periods
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if format == "json":
            objects = [r.figures for r in results]
            payload = objects[0] if len(objects) == 1 else objects
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(table(results))


def _units(org, codes: list[str]) -> list[Unit]:
    """The units named (each once, in the order given), or every unit for ``all``."""
    units_qs = Unit.objects.filter(organisation=org)
    if "all" in codes:
        return list(units_qs.order_by("path"))
    found = {u.code: u for u in units_qs.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise CommandError(f"Okänd enhetskod: {', '.join(missing)}.")
    return [found[c] for c in dict.fromkeys(codes)]


def _pct(value) -> str:
    return formatting.format_percent(value, 2)


def table(results) -> str:
    header = (
        "Enhet",
        "R12 t.o.m.",
        "Sjukfrånvaro",
        "Dag 1–14",
        "Dag 15–90",
        "Dag 91+",
        "Långtid",
        "Omsättning",
        "Pension",
        "Intern",
        "Extern",
        "Prel.",
    )
    lines = [header]
    for r in results:
        s, t = r.figures["sickness"], r.figures["turnover"]
        lines.append(
            (
                r.unit,
                str(r.period),
                _pct(s["total"]),
                _pct(s["days_1_14"]),
                _pct(s["days_15_90"]),
                _pct(s["days_91_plus"]),
                formatting.format_percent(s["long_term_share"], 1),
                _pct(t["total"]),
                _pct(t["retirement"]),
                _pct(t["internal"]),
                _pct(t["external"]),
                "ja" if r.figures["provisional"] else "",
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    out = []
    for row in lines:
        out.append(
            "  ".join(
                cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
        )
    out.append("– = visas inte (grupp med 10 eller färre personer).")
    return "\n".join(out)
