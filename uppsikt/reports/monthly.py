"""The monthly (deviation) report after February and October."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.documents.document import (
    Document,
    Paragraph,
    Section,
)
from uppsikt.followup import selectors
from uppsikt.followup.models import ItemKind, ReportingPeriod
from uppsikt.organisation.models import Body
from uppsikt.planning import selectors as planning
from uppsikt.reports.data import BodyData, body_data, finance_figures, staff_figures
from uppsikt.reports.prose import _after_month, _month, _texts
from uppsikt.reports.sections.finance import (
    _forecast_blocks,
    _forecast_change_table,
    _has_previous_forecast,
    booked_through,
)
from uppsikt.reports.sections.goals import _item_section
from uppsikt.reports.sections.layout import _document
from uppsikt.reports.sections.staff import _staff_table, staff_through_note


def monthly_sections(data: BodyData) -> list[Section]:
    fin = finance_figures(data)
    sections = []
    economy = Section(_("Ekonomisk prognos"))
    data_through, note = booked_through(data, fin)
    economy.add(*note)
    if fin.forecast_net is None:
        economy.add(Paragraph(_("Det finns ingen prognos för perioden.")))
    else:
        economy.add(
            *_forecast_blocks(data_through, fin.forecast, _after_month(data_through.period))
        )
        if _has_previous_forecast(fin.forecast):
            economy.add(_forecast_change_table(fin.forecast))
    economy.add(*_texts(data.texts.get("finance_forecast")))
    sections.append(economy)
    staff = Section(_("Medarbetare"))
    figures = staff_figures(data, with_series=False)
    if figures:
        staff.add(*staff_through_note(figures))
        staff.add(_staff_table(_("Medarbetarindikatorer"), figures))
        for f in figures:
            if f.not_reported:
                staff.add(Paragraph(f"{f.name}: {f.not_reported}"))
    else:
        staff.add(Paragraph(_("Det finns inga personaluppgifter för perioden.")))
    sections.append(staff)
    deviations = Section(_("Avvikelser"))
    items = _deviating_items(data)
    if items:
        for title, assessment in items:
            _item_section(deviations, title, assessment)
    else:
        deviations.add(Paragraph(_("Inga avvikelser är rapporterade för perioden.")))
    deviations.add(*_texts(data.texts.get("deviations")))
    sections.append(deviations)
    return sections


def _deviating_items(data: BodyData) -> list[tuple[str, object]]:
    """The body's plan items whose assessment for the period marks a deviation."""
    if data.plan is None:
        return []
    items = planning.plan_items(plan=data.plan)
    out = []
    for kind, objs in (
        (ItemKind.ASSIGNMENT, items["assignments"]),
        (ItemKind.ACTIVITY, items["activities"]),
    ):
        found = selectors.item_assessments(period=data.period, kind=kind, ids=[o.pk for o in objs])
        for o in objs:
            a = found.get(o.pk)
            if a is None:
                continue
            if (a.status and a.status.is_deviation) or (a.forecast and a.forecast.is_deviation):
                out.append((o.title, a))
    return out


def monthly_document(*, body: Body, period: ReportingPeriod) -> Document:
    """The monthly (deviation) report: forecast, staff indicators, deviating items only."""
    data = body_data(body=body, period=period)
    month = str(_month(period.last_month))
    doc = _document(data, title=_("Månadsrapport"), subtitle=month)
    doc.cover_lines = [body.name, f"{month.capitalize()} {period.year}"]
    doc.sections = monthly_sections(data)
    # a short report: its chapters follow one another on the page, the first after the contents
    for section in doc.sections[1:]:
        section.flows = True
    return doc
