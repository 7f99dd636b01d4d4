"""The staff section: indicators with targets, sentences and R12 charts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.core.formatting import format_date, format_number
from uppsikt.documents.document import (
    Cell,
    Chart,
    Column,
    Footnote,
    Paragraph,
    Row,
    Section,
    Series,
    Status,
    Table,
)
from uppsikt.reports.data import (
    SUPPRESSED_NOTE,
    TONE,
    BodyData,
    StaffFigure,
    kolada_comparison,
    staff_figures,
)
from uppsikt.reports.prose import _pct, _staff_sentences, _target_text, _texts


def _staff_row(f: StaffFigure) -> Row:
    decimals, unit = f.decimals, f.unit
    name_cell = (
        Cell(
            Status(f.status.symbol, f.status.label, TONE[f.status.value], show_label=False),
            " ",
            f.name,
        )
        if f.status
        else Cell(f.name)
    )
    if f.not_reported:
        actual = Cell(_("Redovisas ej"))
    elif f.value is None:
        actual = Cell("–", Footnote(str(SUPPRESSED_NOTE)))
    else:
        actual = Cell(_pct(f.value, decimals))
    target = _target_text(f.target.value, unit, decimals) if f.target is not None else "–"
    return Row(name_cell, actual, target)


def _staff_columns() -> list[Column]:
    return [
        Column(_("Indikator"), width=3),
        Column(_("Utfall"), "right", 1),
        Column(_("Målvärde"), "right", 1),
    ]


def _staff_table(caption: str, figures: list[StaffFigure]) -> Table:
    return Table(caption, _staff_columns(), [_staff_row(f) for f in figures], note=_legend())


def _legend() -> Paragraph:
    return Paragraph(
        _("Symbol: ● uppnått målvärde, ◆ nära målvärdet, ▲ målvärdet ej uppnått."), style="note"
    )


def _staff_chart(data: BodyData, f: StaffFigure) -> Chart | None:
    points = [(d, v) for d, v in f.series if v is not None]
    if len(points) < 2:
        return None
    decimals = f.decimals
    labels = [f"{d:%Y-%m}" for d, _v in points]
    series = [Series(_("Utfall R12"), [float(v) for _d, v in points])]
    if f.target is not None:
        series.append(Series(_("Målvärde"), [float(f.target.value)] * len(points), "dashed"))
    first, last = points[0], points[-1]
    return Chart(
        f"{f.name}, rullande tolv månader",
        labels,
        series,
        alt=(
            f"{f.name} för {data.unit_name}, rullande tolv månader: från "
            f"{_pct(first[1], decimals)} ({first[0]:%Y-%m}) till {_pct(last[1], decimals)} "
            f"({last[0]:%Y-%m})."
        ),
        unit="%",
        decimals=decimals,
    )


def _kolada(f: StaffFigure) -> list:
    """Ours beside the other regions' in Kolada, when the comparison is chosen for reports."""
    table = kolada_comparison(f.indicator)
    if table is None:
        return []
    decimals, unit = f.decimals, f.unit
    own = next((r for r in table.rows if r.own), None)
    median = table.peer_median[-1] if table.peer_median else None
    values = {"kpi": table.comparison.kpi, "year": table.year, "own": table.own_name}
    sentence = _("I Kolada (%(kpi)s, %(year)s)") % values
    if own is not None and own.total is not None:
        sentence += _(" har %(own)s %(value)s %(unit)s, plats %(rank)d av %(n)d") % {
            **values,
            "value": format_number(own.total, decimals),
            "unit": unit,
            "rank": own.rank,
            "n": table.ranked,
        }
    if median is not None:
        sentence += _("; de övrigas median är %(value)s %(unit)s") % {
            "value": format_number(median, decimals),
            "unit": unit,
        }
    rows = [
        Row(
            Cell(r.name),
            Cell(format_number(r.total, decimals)),
            Cell(str(r.rank) if r.rank else "–"),
        )
        for r in table.rows
    ]
    columns = [
        Column(_("Region eller kommun"), width=3),
        Column(_("Värde"), "right", 1),
        Column(_("Plats"), "right", 1),
    ]
    caption = _("%(own)s bland de jämförda, %(kpi)s %(year)s") % values
    note = Paragraph(_("Källa: Kolada (RKA)."), style="note")
    return [Paragraph(sentence + "."), Table(caption, columns, rows, note=note)]


def staff_through_note(figures: list[StaffFigure]) -> list[Paragraph]:
    """Where the period's month has no staff figures yet, the note naming the month whose
    twelve months are shown instead."""
    through = next((f.through for f in figures if f.through is not None), None)
    if through is None:
        return []
    return [
        Paragraph(
            f"Personaluppgifterna finns till och med {format_date(through)}: "
            f"nyckeltalen avser de tolv månaderna till och med den dagen.",
            style="note",
        )
    ]


def _staff(data: BodyData, figures: list[StaffFigure] | None = None) -> Section:
    s = Section(_("Medarbetare"))
    figures = staff_figures(data) if figures is None else figures
    if not figures:
        s.add(Paragraph(_("Det finns inga personaluppgifter för perioden.")))
    s.add(*staff_through_note(figures))
    for f in figures:
        sub = s.section(f.name)
        text_key = f"staff_{f.block}"
        if f.not_reported:
            sub.add(Paragraph(f.not_reported))
            sub.add(*_texts(data.texts.get(text_key)))
            sub.add(*_kolada(f))
            continue
        sub.add(_staff_table(f.name, [f]))
        sub.add(*_staff_sentences(data, f))
        sub.add(*_texts(data.texts.get(text_key)))
        chart = _staff_chart(data, f)
        if chart:
            sub.add(chart)
        sub.add(*_kolada(f))
    return s
