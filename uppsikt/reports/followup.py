"""Uppföljningsrapport 1 and 2 and Årsrapport for a body and period, in the structure of
reference 003."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.documents.document import (
    Document,
    Paragraph,
    Section,
)
from uppsikt.finance import selectors as finance
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.models import Body
from uppsikt.reports.data import BodyData, Finance, body_data, finance_figures
from uppsikt.reports.monthly import monthly_document
from uppsikt.reports.prose import _after_month, _forecast_sentence, _texts
from uppsikt.reports.sections.control import control_section
from uppsikt.reports.sections.finance import _finance
from uppsikt.reports.sections.goals import _goals, _quality
from uppsikt.reports.sections.layout import _document
from uppsikt.reports.sections.staff import _staff

# --------------------------------------------------------------------------------------------
# Sections


def _summary(data: BodyData, forecast: finance.ForecastTable | None) -> Section:
    s = Section(_("Sammanfattning"))
    s.add(*_texts(data.texts.get("summary")))
    net = forecast.row("net") if forecast else None
    if net is not None:
        s.add(Paragraph(_forecast_sentence(data, net.variance, _after_month(data.period))))
    s.add(*_texts(data.texts.get("summary_after")))
    return s


def followup_sections(
    data: BodyData, fin: Finance | None = None, *, council: bool = True
) -> list[Section]:
    """The chapters of a follow-up report; in the group report without the council's goals,
    which the region's totals show once."""
    fin = finance_figures(data) if fin is None else fin
    # internal control only for a body with a control plan for the year
    control = control_section(data)
    return [
        _summary(data, fin.forecast),
        _goals(data, council=council),
        _quality(data),
        *([control] if control is not None else []),
        _staff(data),
        _finance(data, fin),
    ]


def followup_document(*, body: Body, period: ReportingPeriod) -> Document:
    """Uppföljningsrapport 1/2 or Årsrapport for a body (reference 003's structure)."""
    if period.kind == ReportingPeriod.Kind.MONTHLY:
        return monthly_document(body=body, period=period)
    data = body_data(body=body, period=period)
    doc = _document(data, title=period.label, subtitle=period.months_label)
    doc.sections = followup_sections(data)
    return doc
