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
    Text,
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


def _by_unit(data: BodyData, capital: list, *, own: bool) -> dict[str, list]:
    """The capital rows per responsible unit's name, in the table's order; a project with no
    unit of its own is the body's. ``own=False`` leaves out the body's own unit."""
    out: dict[str, list] = {}
    for r in capital:
        name = r.project.unit.name if r.project.unit is not None else data.unit_name
        if own or name != data.unit_name:
            out.setdefault(name, []).append(r)
    return out


def _note(name: str, variance: Decimal, comment: str) -> Paragraph:
    text = f"{name} {_mnkr(variance)}."
    return Paragraph(f"{text} {comment}" if comment else text)


def _variance_notes(rows: list) -> list[Paragraph]:
    """A department's forecast variances as 003 lists them: each project's named parts, with
    amount and explanation, in the order their positions give (003 puts FVIS last, after
    IT-utrustning's three parts); a project's own comment stands just before its first part
    (at position 0 without parts). Equal positions keep the table's order."""
    notes = []
    for n, r in enumerate(rows):
        if r.comment:
            # the project's own comment comes just before its first part
            first = min((item[3] for item in r.items), default=0)
            notes.append(((first, n, 0), _note(r.project.name, r.variance, r.comment)))
        for k, (name, value, text, position) in enumerate(r.items):
            notes.append(((position, n, k + 1), _note(name, value, text)))
    return [note for _key, note in sorted(notes, key=lambda kv: kv[0])]


def _capital(data: BodyData, capital: list) -> Section:
    s = Section(_("Investeringar"))
    if not capital:
        s.add(Paragraph(_("Organet har inga investeringsprojekt för året.")))
        return s
    actual, budget, forecast = _capital_sums(capital)
    variance = budget - forecast
    sentence = (
        f"Utfallet för perioden {_month(data.period.first_month)}–"
        f"{_month(data.period.last_month)} är {_mnkr(actual, signed=False)}."
    )
    # the departments' own projects: "Inom ITD är utfallet för perioden 32,8 mnkr" (003)
    for name, rows in _by_unit(data, capital, own=False).items():
        spent = sum((r.actual for r in rows), Decimal(0))
        if spent:
            sentence += f" Inom {name} är utfallet för perioden {_mnkr(spent, signed=False)}."
    s.add(Paragraph(sentence))
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
    # the forecast's variances per department, one bullet per named part of a project's
    # variance or, without parts, per project with a comment (003: "ITD - Prognosavvikelser")
    for name, rows in _by_unit(data, capital, own=True).items():
        notes = _variance_notes(rows)
        if notes:
            sub.add(Paragraph(Text(f"{name} – {_('prognosavvikelser')}", bold=True)))
            sub.add(BulletList(notes))
    sub.add(*_texts(data.texts.get("finance_capital_forecast")))
    return s
