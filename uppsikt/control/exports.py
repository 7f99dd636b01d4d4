"""A control plan as an XLSX workbook: its risks, its control points and the summary of
outcomes, written through ``core.spreadsheets`` so that no text becomes a formula."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from uppsikt.core.spreadsheets import new_workbook

from . import selectors
from .models import ControlPlan


def plan_workbook(*, plan: ControlPlan) -> bytes:
    book = new_workbook()
    risks = book.active
    risks.title = _("Risker")
    risks.append(
        [
            _("Process"),
            _("Riskbeskrivning"),
            _("Kategori"),
            _("Sannolikhet"),
            _("Konsekvens"),
            _("Riskvärde"),
            _("Beslut"),
        ]
    )
    found = selectors.risks(plan=plan)
    for r in found:
        risks.append(
            [
                r.process,
                r.description,
                r.category.name,
                r.probability,
                r.consequence,
                r.value,
                str(r.get_decision_display()),
            ]
        )
    points = book.create_sheet(_("Kontrollmoment"))
    points.append(
        [
            _("Kontrollfråga"),
            _("Risk"),
            _("Metod"),
            _("Frekvens"),
            _("Ansvarig enhet"),
            _("Ansvarig person"),
            _("Rapporteras i"),
        ]
    )
    for p in selectors.control_points(plan=plan):
        points.append(
            [
                p.question,
                p.risk.process,
                p.method,
                p.frequency,
                p.responsible_unit.name,
                p.responsible_person.full_name if p.responsible_person else "",
                ", ".join(period.label for period in p.periods.all()),
            ]
        )
    summary = selectors.control_summary(body=plan.body, year=plan.year)
    sheet = book.create_sheet(_("Sammanfattning"))
    sheet.append([_("Kontrollfråga"), *summary.column_labels])
    for row in summary.rows:
        sheet.append([row.question, *(str(o.label) if o else "" for o in row.outcomes)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
