"""Data of a document, gathered through each domain's selectors: the identifiers of periods and
bodies, one body's data for one period, its staff and finance figures."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uppsikt.control import selectors as control
from uppsikt.core.exceptions import DomainError
from uppsikt.documents import selectors as doc_selectors
from uppsikt.finance import selectors as finance
from uppsikt.followup import selectors
from uppsikt.followup.models import ReportingPeriod
from uppsikt.kolada import selectors as kolada
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.organisation.tenancy import document_scope
from uppsikt.planning import selectors as planning
from uppsikt.planning.models import Indicator
from uppsikt.planning.status import IndicatorStatus, indicator_status
from uppsikt.workforce import selectors as workforce

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


def subject(body: Body | None, ident: str, *, organisation: Organisation | None = None) -> str:
    """A document's key among the documents app's texts and files: the organisation's
    (``tenancy.document_scope``), the body's code (``REGION`` for the group report, of the
    ``organisation`` given) and the period, ``7/RS/2024-UR1``."""
    owner = body.organisation_id if body is not None else organisation.pk
    return f"{document_scope(owner)}/{body.code if body else 'REGION'}/{ident}"


def _period_end(period: ReportingPeriod) -> dt.date:
    y, m = period.year, period.last_month
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


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


STAFF_BLOCKS = (
    ("turnover", gettext_lazy("Personalomsättning")),
    ("sickness", gettext_lazy("Sjukfrånvaro")),
)


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
    # where the period's own month has no staff figures yet: the earlier month of the same
    # year whose twelve-month figures are shown instead (docs/ledger.md, "Months not yet
    # booked")
    through: dt.date | None = None

    @property
    def decimals(self) -> int:
        return self.indicator.decimals if self.indicator else 2

    @property
    def unit(self) -> str:
        return self.indicator.unit_of_measure if self.indicator else "%"


def kolada_comparison(indicator: Indicator | None) -> kolada.ComparisonTable | None:
    """The indicator's comparison with other regions in Kolada, when chosen for the reports."""
    return kolada.report_comparison(indicator)


def staff_figures(data: BodyData, *, with_series: bool = True) -> list[StaffFigure]:
    unit = data.unit
    out = []
    if unit is None:
        return out
    fs = workforce.figure_set(unit=unit, period_end=data.period_end)
    end, through = data.period_end, None
    if fs is None:
        # the HR data runs to an earlier month of the year: its figures, said so
        latest = workforce.figure_series(unit=unit, until=data.period_end, months=1)
        if latest and latest[0].period_end.year == data.period.year:
            fs = latest[0]
            end = through = fs.period_end
    series = workforce.figure_series(unit=unit, until=end, months=12) if with_series else []
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
            planning.measurement_for(indicator=indicator, unit=unit, period_end=end)
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
                through=through,
            )
        )
    return out


@dataclass
class Finance:
    ytd: finance.YtdTable | None
    previous: finance.YtdTable | None
    forecast: finance.ForecastTable | None
    capital: list
    # the last month the figures run through: the period's, or the last booked month of the
    # year where the period ends after it (docs/ledger.md, "Months not yet booked")
    month: int | None = None

    @property
    def ytd_net(self) -> finance.YtdRow | None:
        return self.ytd.row("net") if self.ytd else None

    @property
    def forecast_net(self) -> finance.ForecastRow | None:
        return self.forecast.row("net") if self.forecast else None


class PeriodThrough:
    """A reporting period seen through an earlier last month: the period the figures of a
    report cover when its own last month is not yet booked."""

    def __init__(self, period: ReportingPeriod, last_month: int):
        self._period = period
        self.last_month = last_month
        # a month's report after its books: from January, as its year-to-date figures
        self.first_month = period.first_month if period.first_month <= last_month else 1

    def __getattr__(self, name: str):
        return getattr(self._period, name)


def figures_month(data: BodyData) -> int:
    """The month a report's finance figures run through: the period's last month, or, where
    the year's books run only to an earlier month, that month (actuals and budget alike, so
    that like is compared with like). A year with nothing booked keeps the period's month."""
    org = data.body.organisation
    booked = finance.last_booked_month(organisation=org, year=data.period.year)
    if booked is None or booked >= data.period.last_month:
        return data.period.last_month
    return booked


def finance_figures(data: BodyData) -> Finance:
    org = data.body.organisation
    y, m = data.period.year, figures_month(data)
    unit = data.unit
    if unit is None:
        return Finance(None, None, None, [], m)
    ytd = finance.ytd_table(organisation=org, unit=unit, year=y, month=m)
    previous = finance.ytd_table(organisation=org, unit=unit, year=y - 1, month=m)
    forecast = finance.forecast_table(organisation=org, unit=unit, year=y, month=m)
    capital = finance.capital_table(organisation=org, year=y, month=m, unit=unit)
    return Finance(
        ytd if ytd.rows else None,
        previous if previous.rows else None,
        forecast if forecast.rows else None,
        capital,
        m,
    )


# --------------------------------------------------------------------------------------------
# A committee dialogue's brief (``reports.dialogue``): the committee's data for the follow-up
# period the dialogue rests on, through the same selectors as its reports.


@dataclass
class GoalRow:
    """One of the committee's goals with the council goal and focus area it serves and its
    forecast for the year in the period (``None``: not assessed)."""

    focus_area: str
    council_goal: str
    goal: str
    forecast: object | None


@dataclass
class DialogueData:
    dialogue: object
    body: BodyData | None
    staff: list[StaffFigure] = field(default_factory=list)
    staff_before: dict[str, dict] = field(default_factory=dict)
    business_lines: list = field(default_factory=list)
    forecast_comment: str = ""
    goals: list[GoalRow] = field(default_factory=list)
    goal_scale: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)
    previous: object | None = None
    previous_item: object | None = None
    previous_assignments: list = field(default_factory=list)
    # the previous §, marked secret or on a secret case: the brief shows its number only
    previous_item_secret: bool = False
    # internal control: the committee's plan for the year of the dialogue's period, where it
    # stands (``control_decision``), and its summary over the plan's periods up to the
    # dialogue's (None without an adopted plan)
    control_year: int | None = None
    control_plan: object | None = None
    control_decision: object | None = None
    control: object | None = None


def _control(out: DialogueData, dialogue) -> None:
    """The internal-control summary of the brief: the committee's adopted plan for the year
    the dialogue's period belongs to (the dialogue's year without a period), its control
    questions × the plan's periods up to and including the dialogue's period."""
    period = dialogue.period
    year = period.year if period is not None else dialogue.year
    out.control_year = year
    plan = control.plan_of(body=dialogue.committee, year=year)
    if plan is None:
        return
    decision = control.plan_decision(plan)
    out.control_plan, out.control_decision = plan, decision
    if not decision.adopted:
        return
    periods = control.periods_until(plan=plan, period=period) if period is not None else []
    out.control = control.control_summary(body=dialogue.committee, year=year, periods=periods)


def _goal_rows(data: BodyData) -> list[GoalRow]:
    if data.plan is None:
        return []
    goals = planning.body_goals(plan=data.plan)
    found = selectors.item_assessments(
        period=data.period, kind="goal", ids=[g.pk for g, _served in goals]
    )
    rows = []
    for goal, served in goals:
        council = served[0] if served else None
        area = council.focus_area.name if council is not None and council.focus_area else ""
        assessment = found.get(goal.pk)
        rows.append(
            GoalRow(
                focus_area=area,
                council_goal=council.title if council is not None else "",
                goal=goal.title,
                forecast=assessment.forecast if assessment is not None else None,
            )
        )
    return rows


def dialogue_data(*, dialogue) -> DialogueData:
    """Everything a dialogue's brief shows, read once."""
    from uppsikt.dialogues import selectors as dialogue_selectors

    out = DialogueData(dialogue=dialogue, body=None)
    out.texts = dialogue_selectors.texts(dialogue)
    previous = dialogue_selectors.previous_dialogue(dialogue)
    out.previous = previous
    if previous is not None:
        item = dialogue_selectors.minutes_item_of(previous)
        out.previous_item = item
        out.previous_item_secret = dialogue_selectors.item_secret(item)
        if item is not None and not out.previous_item_secret:
            out.previous_assignments = dialogue_selectors.assignments_given(
                item=item, on=dialogue.date
            )
    _control(out, dialogue)
    if dialogue.period is None:
        return out
    data = body_data(body=dialogue.committee, period=dialogue.period)
    out.body = data
    out.goals = _goal_rows(data)
    out.goal_scale = selectors.scale(organisation=dialogue.organisation, item_kind="goal")
    out.staff = staff_figures(data)
    unit = data.unit
    if unit is not None:
        before = workforce.figure_set(unit=unit, period_end=workforce.year_before(data.period_end))
        out.staff_before = dict(before.figures) if before is not None else {}
        out.business_lines = finance.business_line_table(
            organisation=dialogue.organisation,
            unit=unit,
            year=data.period.year,
            month=data.period.last_month,
        )
        forecast = finance.forecast_table(
            organisation=dialogue.organisation,
            unit=unit,
            year=data.period.year,
            month=data.period.last_month,
        )
        out.forecast_comment = forecast.comment if forecast.rows else ""
    return out
