"""The follow-up documents, built with the rendering engine (``uppsikt.documents``):

- ``followup_document``: Uppföljningsrapport 1 and 2 and Årsrapport for a body and period, in
  the structure of reference 003;
- ``monthly_document``: the monthly (deviation) report after February and October;
- ``group_document``: the group report (koncernrapport), one chapter per body plus the region's
  totals.

Every sentence that states a figure is built here from the same value as the table cell that
shows it (``_money``, ``_pct``), so text and table cannot disagree. People's own texts (the
summary, comments on the figures) are document texts (``documents.selectors.texts``) under the
keys of ``TEXT_KEYS``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uppsikt.core.exceptions import DomainError
from uppsikt.core.formatting import format_money, format_number, format_percent
from uppsikt.documents import richtext
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.model import (
    BulletList,
    Cell,
    Chart,
    Column,
    Document,
    Footnote,
    Paragraph,
    Row,
    Section,
    Series,
    Status,
    Table,
)
from uppsikt.finance import selectors as finance
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.planning import selectors as planning
from uppsikt.planning.models import Indicator
from uppsikt.planning.status import IndicatorStatus, indicator_status
from uppsikt.workforce import selectors as workforce

from . import selectors
from .models import MONTHS, ItemKind, ReportingPeriod

KIND = "followup"
TONE = {"met": "ok", "near": "warning", "not_met": "bad"}
NUMBER_WORDS = [
    "",
    "en",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
]
# The texts people write for a follow-up document, by key, with the heading they belong under.
TEXT_KEYS = {
    "summary": gettext_lazy("Sammanfattning"),
    "summary_after": gettext_lazy("Sammanfattning, efter prognosen"),
    "goals_intro": gettext_lazy("Målstyrning: inledning till nämndens uppdrag"),
    "quality_intro": gettext_lazy("Kvalitetsstyrning: inledning"),
    "staff_turnover": gettext_lazy("Medarbetare: personalomsättning"),
    "staff_sickness": gettext_lazy("Medarbetare: sjukfrånvaro"),
    "finance_ytd": gettext_lazy("Ekonomi: ackumulerad budgetavvikelse"),
    "finance_lines": gettext_lazy("Ekonomi: resultaträkning"),
    "finance_forecast": gettext_lazy("Ekonomi: prognos"),
    "finance_forecast_change": gettext_lazy("Ekonomi: prognosförändring"),
    "finance_capital": gettext_lazy("Ekonomi: investeringar"),
    "finance_capital_forecast": gettext_lazy("Ekonomi: prognos investeringar"),
    "deviations": gettext_lazy("Månadsrapport: övriga avvikelser"),
}
SUPPRESSED_NOTE = gettext_lazy(
    "Visas inte: gruppen har tio eller färre personer (skydd för personuppgifter)."
)


# --------------------------------------------------------------------------------------------
# Identifiers: "2024-UR1", "2024-UR2", "2024-AR", "2024-02"

PERIOD_CODES = {
    ReportingPeriod.Kind.UR1: "UR1",
    ReportingPeriod.Kind.UR2: "UR2",
    ReportingPeriod.Kind.ANNUAL: "AR",
}


def period_id(period: ReportingPeriod) -> str:
    if period.kind == ReportingPeriod.Kind.MONTHLY:
        return f"{period.year}-{period.last_month:02d}"
    return f"{period.year}-{PERIOD_CODES[period.kind]}"


def period_from_id(*, organisation: Organisation, ident: str) -> ReportingPeriod:
    m = re.fullmatch(r"(\d{4})-(UR1|UR2|AR|\d{2})", (ident or "").strip().upper())
    if not m:
        raise DomainError(
            _("Okänd period %(id)s: ange t.ex. 2024-UR1, 2024-UR2, 2024-AR eller 2024-02.")
            % {"id": ident}
        )
    year, code = int(m.group(1)), m.group(2)
    if code.isdigit():
        period = selectors.period_find(
            organisation=organisation,
            year=year,
            kind=ReportingPeriod.Kind.MONTHLY,
            last_month=int(code),
        )
    else:
        kind = {v: k for k, v in PERIOD_CODES.items()}[code]
        period = selectors.period_find(organisation=organisation, year=year, kind=kind)
    if period is None:
        raise DomainError(_("Perioden %(id)s finns inte.") % {"id": ident})
    return period


def body_from_code(*, organisation: Organisation, code: str) -> Body:
    """A body by its register prefix (``RS``) or, failing that, its code."""
    body = (
        Body.objects.filter(organisation=organisation, register_prefix__iexact=code).first()
        or Body.objects.filter(organisation=organisation, code__iexact=code).first()
    )
    if body is None:
        raise DomainError(_("Organet %(code)s finns inte.") % {"code": code})
    return body


def subject(body: Body | None, ident: str) -> str:
    return f"{body.code if body else 'REGION'}/{ident}"


# --------------------------------------------------------------------------------------------
# Figures as text: one place, used by tables and sentences alike


def _money(value: Decimal, unit: str = "tkr", *, signed: bool = False) -> str:
    return format_money(value, unit, signed=signed)


def _mn(value: Decimal, *, signed: bool = True) -> str:
    """Millions of kronor without the unit, one decimal: a table cell in an mnkr table."""
    return format_number(value / Decimal(1_000_000), 1, signed=signed)


def _mnkr(value: Decimal, *, signed: bool = True) -> str:
    """An amount in a sentence, in millions of kronor with the unit: "+1,5 mnkr"."""
    return _money(value, "mnkr", signed=signed)


def _mn_or_dash(value: Decimal | None) -> str:
    """An mnkr table cell that may be missing (no previous forecast, no change)."""
    return _mn(value) if value is not None else "–"


def _pct(value: Decimal | float | None, decimals: int = 2, *, signed: bool = False) -> str:
    return format_percent(value, decimals, signed=signed)


def _target_text(value: Decimal, unit: str, max_decimals: int) -> str:
    """A target as people write it: 11 → "11 %", 5.2 → "5,2 %"."""
    exponent = -value.normalize().as_tuple().exponent
    decimals = min(max(exponent, 0), max_decimals)
    text = format_number(value, decimals)
    return f"{text}\u00a0{unit}" if unit else text


def _direction_word(value: Decimal) -> str:
    if value > 0:
        return _("positiv")
    if value < 0:
        return _("negativ")
    return ""


def _month(number: int) -> str:
    """The name of a month, 1–12."""
    return MONTHS[number - 1]


def _months_phrase(period: ReportingPeriod) -> str:
    return f"{_month(period.first_month)} till {_month(period.last_month)} {period.year}"


def _after_month(period: ReportingPeriod) -> str:
    """The opening of the forecast sentence: "Efter april"."""
    return f"Efter {_month(period.last_month)}"


def _period_end(period: ReportingPeriod) -> dt.date:
    y, m = period.year, period.last_month
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


def _possessive(name: str) -> str:
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def _texts(blocks_html: str | None) -> list:
    return richtext.blocks(blocks_html or "")


# --------------------------------------------------------------------------------------------
# Data of one body for one period


@dataclass
class BodyData:
    body: Body
    period: ReportingPeriod
    units: list[Unit]
    plan: object | None
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def unit(self) -> Unit | None:
        return self.units[0] if self.units else None

    @property
    def unit_name(self) -> str:
        return self.unit.name if self.unit else self.body.name

    @property
    def period_end(self) -> dt.date:
        return _period_end(self.period)


def body_data(*, body: Body, period: ReportingPeriod, ident: str | None = None) -> BodyData:
    units = list(organisation_selectors.units_serving(body=body).order_by("path"))
    return BodyData(
        body=body,
        period=period,
        units=units,
        plan=planning.plan_of(body=body, year=period.year),
        texts=doc_selectors.texts(kind=KIND, subject=subject(body, ident or period_id(period))),
    )


def _organisation_name(organisation: Organisation) -> str:
    """The organisation's name without a parenthesis: "Region Halland (demo)" → "Region Halland"."""
    return re.sub(r"\s*\(.*?\)\s*$", "", organisation.name)


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


def _forecast_sentence(data: BodyData, variance: Decimal, opening: str) -> str:
    word = _direction_word(variance)
    who = _possessive(data.unit_name)
    if not word:
        return f"{opening} är {who} samlade bedömning av årsprognosen att budgeten hålls vid årets slut."
    return (
        f"{opening} är {who} samlade bedömning av årsprognosen en {word} avvikelse på "
        f"{_mnkr(variance)} vid årets slut."
    )


def _assessment_line(a) -> Paragraph | None:
    if a is None or a.status is None:
        return Paragraph(_("Ingen bedömning är lämnad för perioden."), style="note")
    parts: list = [_("Bedömning: "), Status(a.status.symbol, a.status.label, _tone(a.status))]
    if a.forecast is not None:
        parts += [
            ". ",
            _("Prognos vid årets slut: "),
            Status(a.forecast.symbol, a.forecast.label, _tone(a.forecast)),
        ]
    parts.append(".")
    return Paragraph(*parts, style="small")


def _item_section(parent: Section, title: str, assessment) -> None:
    """A plan item under ``parent``: its assessment for the period and the comment on it."""
    sub = parent.section(title)
    sub.add(_assessment_line(assessment))
    if assessment is not None:
        sub.add(*_texts(assessment.comment))


def _assessed_items(parent: Section, data: BodyData, kind: str, items: list) -> None:
    """A section per plan item of ``kind``, in the given order, with its assessment."""
    found = selectors.item_assessments(period=data.period, kind=kind, ids=[i.pk for i in items])
    for item in items:
        _item_section(parent, item.title, found.get(item.pk))


def _tone(level) -> str:
    if level.is_deviation:
        return "warning" if level.position <= 2 else "bad"
    return "ok"


def _goal_order(assignment) -> tuple:
    goal = assignment.goal
    if goal is None:
        return (1, 0, 0, assignment.position, assignment.pk)
    area = goal.focus_area.position if goal.focus_area else 0
    return (0, area, goal.position, assignment.position, assignment.pk)


def _council_goals(organisation: Organisation, year: int) -> Section | None:
    council = planning.council_goals(organisation=organisation, year=year)
    if not council:
        return None
    rows = []
    for area, goals in council:
        for i, goal in enumerate(goals):
            rows.append(Row(area if i == 0 else "", goal.title))
    return Section(f"{_possessive(_organisation_name(organisation))} målstyrning").add(
        Table(
            _("Fokusområden och fullmäktiges mål %(year)s") % {"year": year},
            [Column(_("Fokusområde"), width=2), Column(_("Mål"), width=3)],
            rows,
            show_caption=False,
        )
    )


def _goals(data: BodyData, *, council: bool = True) -> Section:
    org = data.body.organisation
    s = Section(_("Målstyrning"))
    council_section = _council_goals(org, data.period.year) if council else None
    if council_section is not None:
        s.add(council_section)
    own = s.section(f"{_possessive(data.body.name)} uppdrag")
    own.add(*_texts(data.texts.get("goals_intro")))
    if data.plan is None:
        own.add(Paragraph(_("Organet har ingen verksamhetsplan för året.")))
        return s
    items = planning.plan_items(plan=data.plan)
    assignments = sorted(items["assignments"], key=_goal_order)
    _assessed_items(own, data, ItemKind.ASSIGNMENT, assignments)
    return s


def _quality(data: BodyData) -> Section:
    s = Section(_("Kvalitetsstyrning"))
    s.add(*_texts(data.texts.get("quality_intro")))
    sub = s.section(_("Uppföljning av arbetsmiljöplanen"))
    if data.plan is None:
        return s
    activities = planning.plan_items(plan=data.plan)["activities"]
    _assessed_items(sub, data, ItemKind.ACTIVITY, activities)
    if not activities:
        sub.add(Paragraph(_("Planen har inga prioriterade aktiviteter inom arbetsmiljö.")))
    return s


STAFF_BLOCKS = (
    ("turnover", gettext_lazy("Personalomsättning")),
    ("sickness", gettext_lazy("Sjukfrånvaro")),
)
AGE_LABELS = {"-29": "29 år och yngre", "30-49": "30–49 år", "50-": "50 år och äldre"}


@dataclass
class StaffFigure:
    block: str
    name: str
    indicator: Indicator | None
    value: float | None
    target: object | None
    status: IndicatorStatus | None
    not_reported: str = ""
    figures: dict | None = None
    series: list = field(default_factory=list)

    @property
    def decimals(self) -> int:
        return self.indicator.decimals if self.indicator else 2

    @property
    def unit(self) -> str:
        return self.indicator.unit_of_measure if self.indicator else "%"


def staff_figures(data: BodyData, *, with_series: bool = True) -> list[StaffFigure]:
    unit = data.unit
    out = []
    if unit is None:
        return out
    fs = workforce.figure_set(unit=unit, period_end=data.period_end)
    series = (
        workforce.figure_series(unit=unit, until=data.period_end, months=12) if with_series else []
    )
    for block, name in STAFF_BLOCKS:
        indicator = Indicator.objects.filter(
            organisation_id=data.body.organisation_id, computed_from=f"workforce.{block}.total"
        ).first()
        target = (
            planning.target_for_body(indicator=indicator, body=data.body, year=data.period.year)
            if indicator
            else None
        )
        measurement = (
            planning.measurement_for(indicator=indicator, unit=unit, period_end=data.period_end)
            if indicator
            else None
        )
        figures = fs.figures.get(block) if fs else None
        value = figures.get("total") if figures else None
        status = None
        if value is not None and target is not None:
            status = indicator_status(
                value=Decimal(str(value)),
                target=target.value,
                tolerance=target.tolerance,
                higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
            )
        out.append(
            StaffFigure(
                block=block,
                name=indicator.name if indicator else str(name),
                indicator=indicator,
                value=value,
                target=target,
                status=status,
                not_reported=(
                    measurement.reason or _("Redovisas inte för perioden.")
                    if measurement is not None and measurement.not_reported
                    else ""
                ),
                figures=figures,
                series=[(s.period_end, (s.figures.get(block) or {}).get("total")) for s in series],
            )
        )
    return out


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


def _staff_sentences(data: BodyData, f: StaffFigure) -> list:
    decimals, unit = f.decimals, f.unit
    out = []
    who = _possessive(data.unit_name)
    name = f.name.lower()
    if f.target is not None and f.status is not None:
        lower = f.indicator.direction == Indicator.Direction.LOWER
        relation = {
            IndicatorStatus.MET: _("vilket når målvärdet"),
            IndicatorStatus.NEAR: _("vilket är strax över målvärdet")
            if lower
            else _("vilket är strax under målvärdet"),
            IndicatorStatus.NOT_MET: _("vilket inte når målvärdet"),
        }[f.status]
        out.append(
            Paragraph(
                f"{who} {name} ligger på {_pct(f.value, decimals)} {relation} på "
                f"{_target_text(f.target.value, unit, decimals)}."
            )
        )
    figures = f.figures or {}
    if f.block == "turnover" and figures.get("total") is not None:
        out.append(
            Paragraph(
                f"Värdet för personalomsättningen speglar pensionsavgångar "
                f"{_pct(figures.get('retirement'), decimals)}, interna avgångar (medarbetare "
                f"som gått vidare till annan tjänst inom organisationen) "
                f"{_pct(figures.get('internal'), decimals)} och externa avgångar "
                f"{_pct(figures.get('external'), decimals)}."
            )
        )
    gender = figures.get("by_gender") or {}
    if gender and any(v is not None for v in gender.values()):
        out.append(
            Paragraph(
                f"Bland kvinnor är värdet {_pct(gender.get('K'), decimals)} och bland män "
                f"{_pct(gender.get('M'), decimals)}."
            )
        )
    ages = figures.get("by_age") or {}
    if ages and any(v is not None for v in ages.values()):
        parts = ", ".join(f"{AGE_LABELS[k]} {_pct(v, decimals)}" for k, v in ages.items())
        out.append(Paragraph(f"Efter åldersgrupp: {parts}."))
    if f.block == "sickness" and figures.get("long_term_share") is not None:
        out.append(
            Paragraph(
                f"Andelen långtidssjukfrånvaro (60 dagar eller mer) av den totala "
                f"sjukfrånvaron är {_pct(figures['long_term_share'], 1)}."
            )
        )
    return out


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


def _staff(data: BodyData, figures: list[StaffFigure] | None = None) -> Section:
    s = Section(_("Medarbetare"))
    figures = staff_figures(data) if figures is None else figures
    if not figures:
        s.add(Paragraph(_("Det finns inga personaluppgifter för perioden.")))
    for f in figures:
        sub = s.section(f.name)
        text_key = f"staff_{f.block}"
        if f.not_reported:
            sub.add(Paragraph(f.not_reported))
            sub.add(*_texts(data.texts.get(text_key)))
            continue
        sub.add(_staff_table(f.name, [f]))
        sub.add(*_staff_sentences(data, f))
        sub.add(*_texts(data.texts.get(text_key)))
        chart = _staff_chart(data, f)
        if chart:
            sub.add(chart)
    return s


@dataclass
class Finance:
    ytd: finance.YtdTable | None
    previous: finance.YtdTable | None
    forecast: finance.ForecastTable | None
    capital: list

    @property
    def ytd_net(self) -> finance.YtdRow | None:
        return self.ytd.row("net") if self.ytd else None

    @property
    def forecast_net(self) -> finance.ForecastRow | None:
        return self.forecast.row("net") if self.forecast else None


def finance_figures(data: BodyData) -> Finance:
    org = data.body.organisation
    y, m = data.period.year, data.period.last_month
    unit = data.unit
    if unit is None:
        return Finance(None, None, None, [])
    ytd = finance.ytd_table(organisation=org, unit=unit, year=y, month=m)
    previous = finance.ytd_table(organisation=org, unit=unit, year=y - 1, month=m)
    forecast = finance.forecast_table(organisation=org, unit=unit, year=y, month=m)
    capital = finance.capital_table(organisation=org, year=y, month=m, unit=unit)
    return Finance(
        ytd if ytd.rows else None,
        previous if previous.rows else None,
        forecast if forecast.rows else None,
        capital,
    )


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


def _amount_columns(first: str, width: int, headers: list[str]) -> list[Column]:
    """A column of row headers, then right-aligned amount columns of equal width."""
    return [Column(first, width=width), *(Column(h, "right", 2) for h in headers)]


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


def _finance(data: BodyData, fin: Finance) -> Section:
    s = Section(_("Ekonomi"))
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
    return _amount_columns(
        first, 4, [_("Ack. utfall"), _("Årsbudget"), _("Årsprognos"), _("Avvikelse mot årsbudget")]
    )


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


# --------------------------------------------------------------------------------------------
# Documents


def _document(data: BodyData, *, title: str, subtitle: str) -> Document:
    org = data.body.organisation
    return Document(
        title=title,
        subtitle=subtitle,
        organisation=_organisation_name(org),
        header=data.body.name,
        cover_lines=[data.body.name, f"{data.period.months_label.capitalize()} {data.period.year}"],
        date=data.period_end,
        keywords=[data.body.name, title, str(data.period.year)],
    )


def followup_sections(
    data: BodyData, fin: Finance | None = None, *, council: bool = True
) -> list[Section]:
    """The chapters of a follow-up report; in the group report without the council's goals,
    which the region's totals show once."""
    fin = finance_figures(data) if fin is None else fin
    return [
        _summary(data, fin.forecast),
        _goals(data, council=council),
        _quality(data),
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


def monthly_sections(data: BodyData) -> list[Section]:
    fin = finance_figures(data)
    sections = []
    economy = Section(_("Ekonomisk prognos"))
    if fin.forecast_net is None:
        economy.add(Paragraph(_("Det finns ingen prognos för perioden.")))
    else:
        economy.add(*_forecast_blocks(data, fin.forecast, _after_month(data.period)))
        if _has_previous_forecast(fin.forecast):
            economy.add(_forecast_change_table(fin.forecast))
    economy.add(*_texts(data.texts.get("finance_forecast")))
    sections.append(economy)
    staff = Section(_("Medarbetare"))
    figures = staff_figures(data, with_series=False)
    if figures:
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
    return doc


# --------------------------------------------------------------------------------------------
# The group report


def group_bodies(*, organisation: Organisation) -> list[Body]:
    """The bodies with an administration serving them, in the register's order."""
    serving = set(
        Unit.objects.filter(organisation=organisation, body__isnull=False).values_list(
            "body_id", flat=True
        )
    )
    return [
        b for b in organisation_selectors.body_list(organisation=organisation) if b.pk in serving
    ]


def _group_ytd_row(
    name: str,
    actual: Decimal,
    budget: Decimal,
    variance: Decimal,
    percent: Decimal | None,
    kind: str = "body",
) -> Row:
    """A row of the group report's table of actual and budget per body, mnkr."""
    return Row(
        name,
        _mn(actual),
        _mn(budget),
        _mn(variance),
        _pct(percent, 1, signed=True) if percent is not None else "–",
        kind=kind,
    )


def _group_forecast_row(
    name: str,
    forecast: Decimal,
    budget: Decimal,
    variance: Decimal,
    change: str,
    kind: str = "body",
) -> Row:
    """A row of the group report's table of annual forecast and budget per body, mnkr."""
    return Row(
        name,
        _mn(forecast, signed=False),
        _mn(budget, signed=False),
        _mn(variance),
        change,
        kind=kind,
    )


def group_document(*, organisation: Organisation, period: ReportingPeriod) -> Document:
    """Koncernrapport: the region's totals, then one chapter per body."""
    ident = period_id(period)
    name = _organisation_name(organisation)
    doc = Document(
        title=_("Koncernrapport"),
        subtitle=f"{period.label} {period.year}",
        organisation=name,
        header=name,
        cover_lines=[name, f"{period.months_label.capitalize()} {period.year}"],
        date=_period_end(period),
        keywords=[name, "Koncernrapport", ident],
        toc_depth=2,
    )
    texts = doc_selectors.texts(kind=KIND, subject=subject(None, ident))
    totals = Section(f"{name} totalt")
    totals.add(*_texts(texts.get("summary")))
    chapters = []
    ytd_rows, forecast_rows, staff_rows, capital_rows = [], [], [], []
    sums = {k: Decimal(0) for k in ("actual", "budget", "f", "fb", "cap_a", "cap_b", "cap_f")}
    have_forecast = True
    for body in group_bodies(organisation=organisation):
        data = body_data(body=body, period=period, ident=ident)
        fin = finance_figures(data)
        net = fin.ytd_net
        f_net = fin.forecast_net
        if net is not None:
            ytd_rows.append(
                _group_ytd_row(
                    body.name, net.actual, net.budget, net.variance, net.variance_percent
                )
            )
            sums["actual"] += net.actual
            sums["budget"] += net.budget
        if f_net is not None:
            forecast_rows.append(
                _group_forecast_row(
                    body.name,
                    f_net.forecast,
                    f_net.budget,
                    f_net.variance,
                    _mn_or_dash(f_net.change),
                )
            )
            sums["f"] += f_net.forecast
            sums["fb"] += f_net.budget
        elif net is not None:
            have_forecast = False
        if fin.capital:
            a, b, f = _capital_sums(fin.capital)
            capital_rows.append(_capital_row(body.name, a, b, f))
            sums["cap_a"] += a
            sums["cap_b"] += b
            sums["cap_f"] += f
        figures = staff_figures(data, with_series=False)
        if figures:
            # the actual's cell of each indicator, as in the body's own staff table
            staff_rows.append(Row(body.name, *(_staff_row(f).cells[1] for f in figures)))
        chapter = Section(body.name, page_break_before=True)
        body_sections = (
            monthly_sections(data)
            if period.kind == ReportingPeriod.Kind.MONTHLY
            else followup_sections(data, fin, council=False)
        )
        chapter.blocks.extend(body_sections)
        chapters.append(chapter)
    if ytd_rows:
        variance = sums["actual"] - sums["budget"]
        pct = variance / abs(sums["budget"]) * 100 if sums["budget"] else None
        ytd_rows.append(
            _group_ytd_row(
                _("Regionen totalt"), sums["actual"], sums["budget"], variance, pct, kind="total"
            )
        )
        totals.section(_("Ackumulerad budgetavvikelse")).add(
            Paragraph(
                f"För perioden {_months_phrase(period)} redovisar nämnderna och styrelsen "
                f"sammantaget en avvikelse mot budget på {_mnkr(variance)}"
                + (f", {_pct(pct, 1, signed=True)} av budget." if pct is not None else ".")
            ),
            Table(
                _("Ackumulerat utfall och budget per organ, mnkr"),
                _amount_columns(
                    _("Organ"), 4, [_("Utfall"), _("Budget"), _("Avvikelse"), _("Avvikelse %")]
                ),
                ytd_rows,
            ),
        )
    if forecast_rows:
        variance = sums["f"] - sums["fb"]
        forecast_rows.append(
            _group_forecast_row(
                _("Regionen totalt"), sums["f"], sums["fb"], variance, "", kind="total"
            )
        )
        note = (
            None
            if have_forecast
            else Paragraph(_("Organ utan prognos för perioden ingår inte i summan."), style="note")
        )
        totals.section(_("Prognos budgetavvikelse")).add(
            Paragraph(
                f"Sammantaget prognostiseras en avvikelse mot årsbudget på "
                f"{_mnkr(variance)} vid årets slut."
            ),
            Table(
                _("Årsprognos och årsbudget per organ, mnkr"),
                _amount_columns(
                    _("Organ"),
                    4,
                    [_("Årsprognos"), _("Årsbudget"), _("Avvikelse"), _("Förändring")],
                ),
                forecast_rows,
                note=note,
            ),
        )
    if staff_rows:
        totals.section(_("Medarbetare")).add(
            Table(
                _("Medarbetarindikatorer per organ"),
                _amount_columns(_("Organ"), 4, [str(name) for _b, name in STAFF_BLOCKS]),
                staff_rows,
            )
        )
    if capital_rows:
        capital_rows.append(
            _capital_row(
                _("Regionen totalt"), sums["cap_a"], sums["cap_b"], sums["cap_f"], kind="total"
            )
        )
        totals.section(_("Investeringar")).add(
            Table(_("Investeringar per organ, mnkr"), _capital_columns(_("Organ")), capital_rows)
        )
    council_section = _council_goals(organisation, period.year)
    if council_section is not None:
        totals.add(council_section)
    if not totals.blocks:
        totals.add(Paragraph(_("Det finns inga uppgifter för perioden.")))
    doc.sections = [totals, *chapters]
    return doc


def document_for(
    *, kind: str, organisation: Organisation, body: Body | None, ident: str
) -> Document:
    """The document of ``kind`` (plan, followup, monthly, group) for a body and period id.

    Documents are public records in the organisation's language: they are built in Swedish
    whatever language the person asking uses, so the kept file is the same for everyone."""
    with translation.override("sv"):
        return _document_for(kind=kind, organisation=organisation, body=body, ident=ident)


def _document_for(
    *, kind: str, organisation: Organisation, body: Body | None, ident: str
) -> Document:
    if kind == "plan":
        from uppsikt.planning.documents import plan_document

        if body is None:
            raise DomainError(_("Ange organ för verksamhetsplanen."))
        if not re.fullmatch(r"\d{4}", ident or ""):
            raise DomainError(_("En verksamhetsplan anges med år, t.ex. 2024."))
        return plan_document(body=body, year=int(ident))
    period = period_from_id(organisation=organisation, ident=ident)
    if kind == "group":
        return group_document(organisation=organisation, period=period)
    if body is None:
        raise DomainError(_("Ange organ."))
    if kind == "monthly":
        if period.kind != ReportingPeriod.Kind.MONTHLY:
            raise DomainError(_("En månadsrapport anges med månad, t.ex. 2024-02."))
        return monthly_document(body=body, period=period)
    if kind == "followup":
        if period.kind == ReportingPeriod.Kind.MONTHLY:
            raise DomainError(
                _("Ange 2024-UR1, 2024-UR2 eller 2024-AR för en uppföljningsrapport.")
            )
        return followup_document(body=body, period=period)
    raise DomainError(_("Okänt dokument: %(kind)s.") % {"kind": kind})
