"""The finance section: year to date, report lines, forecast and its change."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext as _

from uppsikt.core.formatting import format_number
from uppsikt.documents.document import (
    Chart,
    Column,
    Paragraph,
    Row,
    Section,
    Series,
    Table,
)
from uppsikt.finance import selectors as finance
from uppsikt.reports.data import NUMBER_WORDS, BodyData, Finance, PeriodThrough
from uppsikt.reports.prose import (
    _forecast_sentence,
    _mn,
    _mn_or_dash,
    _mnkr,
    _money,
    _month,
    _months_phrase,
    _pct,
    _possessive,
    _texts,
)
from uppsikt.reports.sections.capital import _capital
from uppsikt.reports.sections.layout import _amount_columns

LINE_WORDS = {
    "revenue": "Intäkterna avviker mot budget med {v}.",
    "staff": "Personalkostnaderna avviker mot budget med {v}.",
    "other": "Övriga kostnader avviker mot budget med {v}.",
    "financial": "Finansiella poster avviker mot budget med {v}.",
}


def _line_items(rows: list) -> list:
    """The rows of a finance table that are report lines (revenue, staff, other, financial)."""
    return [r for r in rows if r.code in LINE_WORDS]


def _line_and_net_rows(rows: list) -> list:
    """The report lines and the net cost: the rows of the per-line tables."""
    return [r for r in rows if r.code in LINE_WORDS or r.code == "net"]


def _row_kind(r) -> str:
    return "total" if r.kind == "subtotal" else "body"


def _key_figure_table(title: str, headers: list[str], values: tuple) -> Table:
    """A one-row table of a key figure: two amounts and their (signed) difference, in tkr."""
    first, second, difference = values
    return Table(
        title,
        _amount_columns(_("Indikator"), 3, headers),
        [Row(title, _money(first), _money(second), _money(difference, signed=True))],
        show_caption=False,
    )


def _forecast_blocks(data: BodyData, forecast: finance.ForecastTable, opening: str) -> list:
    """The forecast's key figure table, the sentence on it and the forecast's comment."""
    f_net = forecast.row("net")
    blocks = [
        _key_figure_table(
            _("Prognos budgetavvikelse"),
            [_("Årsprognos"), _("Årsbudget"), _("Avvikelse")],
            (f_net.forecast, f_net.budget, f_net.variance),
        ),
        Paragraph(_forecast_sentence(data, f_net.variance, opening)),
    ]
    if forecast.comment:
        blocks.append(Paragraph(forecast.comment))
    return blocks


def booked_through(data: BodyData, fin: Finance) -> tuple[BodyData, list[Paragraph]]:
    """The body's data seen through the month its finance figures run through, and the note
    that says so where that month is earlier than the period's (its books not yet closed)."""
    if fin.month is None or fin.month >= data.period.last_month:
        return data, []
    through = replace(data, period=PeriodThrough(data.period, fin.month))
    note = Paragraph(
        f"Bokföringen för {data.period.year} är klar till och med {_month(fin.month)}. "
        f"Utfall och budget jämförs därför för {_months_phrase(through.period)}, och "
        f"prognosen är den som lämnades efter {_month(fin.month)}.",
        style="note",
    )
    return through, [note]


def _finance(data: BodyData, fin: Finance) -> Section:
    s = Section(_("Ekonomi"))
    data, note = booked_through(data, fin)
    s.add(*note)
    who = data.unit_name
    net = fin.ytd_net
    f_net = fin.forecast_net

    ytd = s.section(_("Ackumulerad budgetavvikelse"))
    if net is None:
        ytd.add(Paragraph(_("Det finns inget bokfört utfall för perioden.")))
    else:
        ytd.add(
            _key_figure_table(
                _("Ackumulerad budgetavvikelse"),
                [_("Ack resultat"), _("Ack budget"), _("Ack avvikelse")],
                (net.actual, net.budget, net.variance),
            )
        )
        sentence = (
            f"För perioden {_months_phrase(data.period)} redovisar {who} en total avvikelse mot "
            f"budget på {_mnkr(net.variance)}"
        )
        if net.variance_percent is not None:
            sentence += f", vilket är en avvikelse mot budget på {_pct(net.variance_percent, 1, signed=True)}"
        sentence += "."
        previous = fin.previous.row("net") if fin.previous else None
        if previous is not None and previous.budget:
            sentence += (
                f" För motsvarande period föregående år var budgetavvikelsen "
                f"{_mnkr(previous.variance)}, "
                f"{_pct(previous.variance_percent, 1, signed=True)} av budget."
            )
        ytd.add(Paragraph(sentence))
        ytd.add(*_texts(data.texts.get("finance_ytd")))
        chart = _variance_chart(
            _("Ackumulerad budgetavvikelse per post, mnkr"), fin.ytd.rows, data.unit_name
        )
        if chart:
            ytd.add(chart)

        lines = ytd.section(_("Resultaträkning"))
        lines.add(
            Paragraph(
                f"{_possessive(data.unit_name)} totala avvikelse jämfört med budget för "
                f"{_months_phrase(data.period)} är {_mnkr(net.variance)}. "
                f"Den utgörs av nedanstående poster."
            )
        )
        sentences = [
            LINE_WORDS[r.code].format(v=_mnkr(r.variance))
            for r in _line_items(fin.ytd.rows)
            if r.actual or r.budget
        ]
        if sentences:
            lines.add(Paragraph(" ".join(sentences)))
        lines.add(*_texts(data.texts.get("finance_lines")))
        lines.add(
            Table(
                _("Resultaträkning %(months)s, tkr") % {"months": _months_phrase(data.period)},
                _amount_columns(_("Post"), 3, [_("Utfall"), _("Budget"), _("Avvikelse")]),
                [
                    Row(
                        r.name,
                        format_number(r.actual / 1000),
                        format_number(r.budget / 1000),
                        format_number(r.variance / 1000, signed=True),
                        kind=_row_kind(r),
                    )
                    for r in _line_and_net_rows(fin.ytd.rows)
                ],
            )
        )
        last_month = _month(data.period.last_month)
        forecast_col = _("Budgetavvikelse prognos %(month)s") % {"month": last_month}
        f_var = f_net.variance if f_net else None
        # one administration: its row and the total are the same figures
        rows = [
            Row(
                name,
                _mn(net.actual),
                _mn(net.budget),
                _mn(net.variance),
                _mn_or_dash(f_var),
                kind=kind,
            )
            for name, kind in ((data.unit_name, "body"), (_("Totalt"), "total"))
        ]
        lines.add(
            Table(
                _("Utfall och budgetavvikelse per förvaltning, mnkr"),
                [
                    Column(_("Uppdrag, belopp i mnkr"), width=3),
                    Column(_("Utfall"), "right", 1),
                    Column(_("Budget"), "right", 1),
                    Column(_("Budgetavvikelse"), "right", 2),
                    Column(forecast_col, "right", 2),
                ],
                rows,
            )
        )

    fc = s.section(_("Prognos budgetavvikelse"))
    if f_net is None:
        fc.add(Paragraph(_("Det finns ingen prognos för perioden.")))
    else:
        n = data.period.last_month
        opening = f"Efter {NUMBER_WORDS[n]} {'månad' if n == 1 else 'månader'}"
        fc.add(*_forecast_blocks(data, fin.forecast, opening))
        staff = fin.forecast.row("staff")
        if staff is not None and staff.entered and staff.variance:
            # 003 states the staff costs' forecast variance in a sentence, not only in a table
            fc.add(
                Paragraph(
                    f"{who} prognostiserar en total avvikelse på personalkostnader om ca "
                    f"{_mnkr(staff.variance)}."
                )
            )
        fc.add(*_texts(data.texts.get("finance_forecast")))
        chart = _variance_chart(
            _("Prognostiserad avvikelse mot årsbudget per post, mnkr"),
            fin.forecast.rows,
            data.unit_name,
        )
        if chart:
            fc.add(chart)
        change = fc.section(_("Prognosförändring sedan föregående rapport"))
        if _has_previous_forecast(fin.forecast):
            p_month = _previous_month(fin.forecast)
            verb = (
                _("förbättrats")
                if f_net.change > 0
                else _("försämrats")
                if f_net.change < 0
                else _("varit oförändrad")
            )
            amount = f" med {_mnkr(f_net.change)}" if f_net.change else ""
            change.add(
                Paragraph(
                    f"Totalt sett har {_possessive(data.unit_name)} prognos för helåret {verb}"
                    f"{amount} från {_mnkr(f_net.previous_variance)} i "
                    f"{p_month} till {_mnkr(f_net.variance)} i denna rapport."
                )
            )
            change.add(_forecast_change_table(fin.forecast))
        else:
            change.add(Paragraph(_("Det finns ingen tidigare prognos för året att jämföra med.")))
        change.add(*_texts(data.texts.get("finance_forecast_change")))

    s.add(_capital(data, fin.capital))
    return s


def _variance_chart(title: str, rows: list, who: str) -> Chart | None:
    """A bar per report line: its variance in mnkr (the same values as the table beside it)."""
    items = [(r.name, r.variance) for r in _line_items(rows) if r.variance]
    if not items:
        return None
    described = ", ".join(f"{name} {_mnkr(value)}" for name, value in items)
    return Chart(
        title,
        [name for name, _v in items],
        [Series(_("Avvikelse"), [float(value / Decimal(1_000_000)) for _n, value in items], "bar")],
        alt=f"{title} för {who}: {described}.",
        kind="bar",
        unit="mnkr",
        decimals=1,
    )


def _has_previous_forecast(forecast: finance.ForecastTable) -> bool:
    """Whether there is an earlier forecast of the year to compare the net cost with."""
    return forecast.row("net").change is not None and bool(forecast.previous_as_of)


def _previous_month(forecast: finance.ForecastTable) -> str:
    """The month of the previous forecast of the year (``previous_as_of`` is YYYYMM)."""
    return _month(forecast.previous_as_of % 100)


def _forecast_change_table(forecast: finance.ForecastTable) -> Table:
    rows = [
        Row(
            r.name,
            _mn(r.budget, signed=False),
            _mn(r.forecast, signed=False),
            _mn(r.variance),
            _mn_or_dash(r.previous_variance),
            _mn_or_dash(r.change),
            kind=_row_kind(r),
        )
        for r in _line_and_net_rows(forecast.rows)
    ]
    p_month = _previous_month(forecast)
    return Table(
        _("Prognos per post, mnkr"),
        _amount_columns(
            _("Post"),
            3,
            [
                _("Årsbudget"),
                _("Årsprognos"),
                _("Avvikelse"),
                _("Avvikelse %(month)s") % {"month": p_month},
                _("Förändring"),
            ],
        ),
        rows,
    )
