"""The group report (koncernrapport): the region's totals, then one chapter per body."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.document import (
    Document,
    Paragraph,
    Row,
    Section,
    Table,
)
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.reports.data import (
    KIND,
    STAFF_BLOCKS,
    PeriodThrough,
    _organisation_name,
    _period_end,
    body_data,
    finance_figures,
    period_id,
    staff_figures,
    subject,
)
from uppsikt.reports.followup import followup_sections
from uppsikt.reports.monthly import monthly_sections
from uppsikt.reports.prose import _mn, _mn_or_dash, _mnkr, _month, _months_phrase, _pct, _texts
from uppsikt.reports.sections.capital import _capital_columns, _capital_row, _capital_sums
from uppsikt.reports.sections.goals import _council_goals
from uppsikt.reports.sections.layout import _amount_columns
from uppsikt.reports.sections.staff import _staff_row

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


def _booked_through(period: ReportingPeriod, through: int) -> tuple[object, list[Paragraph]]:
    """The period the region's figures cover (through the books' last month) and the note that
    says so where that is earlier than the period's own last month."""
    if through >= period.last_month:
        return period, []
    figures_period = PeriodThrough(period, through)
    note = Paragraph(
        f"Bokföringen för {period.year} är klar till och med {_month(through)}. "
        f"Utfall och budget jämförs därför för {_months_phrase(figures_period)}, och "
        f"prognoserna är de som lämnades efter {_month(through)}.",
        style="note",
    )
    return figures_period, [note]


def _staff_and_capital_totals(totals: Section, staff_rows, capital_rows, sums) -> None:
    """The region's staff indicators and capital projects per body."""
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
    texts = doc_selectors.texts(kind=KIND, subject=subject(None, ident, organisation=organisation))
    totals = Section(f"{name} totalt")
    totals.add(*_texts(texts.get("summary")))
    chapters = []
    ytd_rows, forecast_rows, staff_rows, capital_rows = [], [], [], []
    sums = {k: Decimal(0) for k in ("actual", "budget", "f", "fb", "cap_a", "cap_b", "cap_f")}
    have_forecast = True
    through = period.last_month  # the month the figures run through (the books' last month)
    for body in group_bodies(organisation=organisation):
        data = body_data(body=body, period=period, ident=ident)
        fin = finance_figures(data)
        through = min(through, fin.month or period.last_month)
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
    figures_period, note = _booked_through(period, through)
    totals.add(*note)
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
                f"För perioden {_months_phrase(figures_period)} redovisar nämnderna och styrelsen "
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
    _staff_and_capital_totals(totals, staff_rows, capital_rows, sums)
    council_section = _council_goals(organisation, period.year)
    if council_section is not None:
        totals.add(council_section)
    if not totals.blocks:
        totals.add(Paragraph(_("Det finns inga uppgifter för perioden.")))
    doc.sections = [totals, *chapters]
    return doc
