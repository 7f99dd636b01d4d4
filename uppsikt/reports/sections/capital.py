"""The capital projects section: actual, budget and forecast."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from uppsikt.documents.document import (
    BulletList,
    Column,
    Paragraph,
    Row,
    Section,
    Table,
)
from uppsikt.reports.data import BodyData
from uppsikt.reports.prose import _mn, _mnkr, _money, _month, _possessive, _texts
from uppsikt.reports.sections.layout import _amount_columns


def _capital_sums(capital: list) -> tuple[Decimal, Decimal, Decimal]:
    """The actual, annual budget and forecast of all capital projects."""
    return (
        sum((r.actual for r in capital), Decimal(0)),
        sum((r.budget for r in capital), Decimal(0)),
        sum((r.forecast for r in capital), Decimal(0)),
    )


def _capital_row(
    name: str, actual: Decimal, budget: Decimal, forecast: Decimal, kind: str = "body"
) -> Row:
    """A row of a capital table, mnkr; the variance is budget − forecast (as ``CapitalRow``)."""
    return Row(
        name,
        _mn(actual, signed=False),
        _mn(budget, signed=False),
        _mn(forecast, signed=False),
        _mn(budget - forecast),
        kind=kind,
    )


def _capital_columns(first: str) -> list[Column]:
    columns = _amount_columns(first, 4, [_("Ack. utfall"), _("Årsbudget"), _("Årsprognos")])
    # wide enough for "Avvikelse mot årsbudget" on two lines, never three
    return [*columns, Column(_("Avvikelse mot årsbudget"), "right", 3)]


def _capital(data: BodyData, capital: list) -> Section:
    s = Section(_("Investeringar"))
    if not capital:
        s.add(Paragraph(_("Organet har inga investeringsprojekt för året.")))
        return s
    actual, budget, forecast = _capital_sums(capital)
    variance = budget - forecast
    s.add(
        Paragraph(
            f"Utfallet för perioden {_month(data.period.first_month)}–"
            f"{_month(data.period.last_month)} är {_mnkr(actual, signed=False)}."
        )
    )
    s.add(*_texts(data.texts.get("finance_capital")))
    rows = [_capital_row(r.project.name, r.actual, r.budget, r.forecast) for r in capital]
    rows.append(_capital_row(_("Summa"), actual, budget, forecast, kind="total"))
    s.add(
        Table(
            _("Investeringar, mnkr"),
            _capital_columns(_("Investering (mnkr)")),
            rows,
            show_caption=False,
        )
    )
    sub = s.section(_("Prognos investeringsbudgetavvikelse"))
    sub.add(
        Table(
            _("Prognos investeringsbudgetavvikelse"),
            [
                Column(_("Årsprognos"), "right"),
                Column(_("Årsbudget"), "right"),
                Column(_("Budgetavvikelse"), "right"),
            ],
            [Row(_money(forecast), _money(budget), _money(variance, signed=True))],
            row_headers=False,
            show_caption=False,
        )
    )
    if variance > 0:
        relation = f"ett utfall som är {_mnkr(variance, signed=False)} lägre än avsatt årsbudget"
    elif variance < 0:
        relation = f"ett utfall som är {_mnkr(-variance, signed=False)} högre än avsatt årsbudget"
    else:
        relation = "ett utfall i nivå med avsatt årsbudget"
    sub.add(
        Paragraph(
            f"Den samlade bedömningen är att prognosen för {_possessive(data.unit_name)} "
            f"investeringar är {relation}."
        )
    )
    notes = [
        Paragraph(f"{r.project.name} {_mnkr(r.variance)}: {r.comment}")
        for r in capital
        if r.comment
    ]
    if notes:
        sub.add(BulletList(notes))
    sub.add(*_texts(data.texts.get("finance_capital_forecast")))
    return s
