"""The oversight overview (uppsiktsöversikt): the board's one page on every committee, read
through each domain's selectors: the last and next dialogue, the latest goal forecasts, the
staff figures against their targets (through the workforce app's disclosure control), the
year's financial forecast, the assignments the board's decisions gave the committee that
are open or overdue, and the internal control of the committee's latest plan (its deviations
and open actions, read for every committee at once). Every cell carries the address of its
source."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from uppsikt.control import selectors as control
from uppsikt.control.models import Action, ControlPlan, ControlResult, Outcome
from uppsikt.dialogues import selectors as dialogue_selectors
from uppsikt.dialogues.models import Dialogue
from uppsikt.finance import selectors as finance
from uppsikt.followup.models import Assessment, ItemKind, ReportingPeriod
from uppsikt.meetings import selectors as meeting_selectors
from uppsikt.meetings.models import DecisionAssignment
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.planning import selectors as planning
from uppsikt.planning.models import Indicator
from uppsikt.planning.status import indicator_status
from uppsikt.reports.data import period_id
from uppsikt.reports.dialogue import mn, pct
from uppsikt.workforce import selectors as workforce


@dataclass
class Cell:
    text: str = "–"
    url: str = ""
    detail: str = ""  # a second line: the target, the period


@dataclass
class OversightRow:
    committee: Body
    unit: Unit | None
    last: Dialogue | None = None
    next: Dialogue | None = None
    forecasts: Cell = field(default_factory=Cell)
    sickness: Cell = field(default_factory=Cell)
    turnover: Cell = field(default_factory=Cell)
    finance: Cell = field(default_factory=Cell)
    open_assignments: int = 0
    overdue_assignments: int = 0
    assignments_url: str = ""
    control: ControlCell | None = None  # None: the committee has no control plan


@dataclass
class ControlCell:
    """The internal control of a committee's latest plan (of this year or before): its
    reported results with deviation and minor deviation, its open actions and how many of
    them are overdue."""

    plan: ControlPlan
    adopted: bool
    deviations: int = 0
    minor: int = 0
    open_actions: int = 0
    overdue_actions: int = 0

    @property
    def url(self) -> str:
        return reverse("control:plan", args=[self.plan.pk])

    @property
    def deviation_symbol(self) -> str:
        return Outcome.DEVIATION.symbol

    @property
    def minor_symbol(self) -> str:
        return Outcome.MINOR.symbol


def board_of(organisation: Organisation) -> Body | None:
    """The board whose overview it is (the organisation's body of kind board)."""
    return (
        Body.objects.filter(organisation=organisation, kind=Body.Kind.BOARD, is_active=True)
        .order_by("position", "pk")
        .first()
    )


def _dialogues(row: OversightRow, dialogues: list[Dialogue], today: dt.date) -> None:
    mine = [d for d in dialogues if d.committee_id == row.committee.pk]
    past = [d for d in mine if d.date <= today]
    coming = [d for d in mine if d.date > today]
    row.last = max(past, key=lambda d: d.date) if past else None
    row.next = min(coming, key=lambda d: d.date) if coming else None


def _forecasts(row: OversightRow) -> None:
    """The forecasts of the committee's own goals in the latest period that has them."""
    found = list(
        Assessment.objects.filter(
            item_kind=ItemKind.GOAL,
            goal__plan__body=row.committee,
            forecast__isnull=False,
        )
        .select_related("forecast", "period")
        .order_by("-period__year", "-period__last_month")
    )
    if not found:
        return
    period = found[0].period
    levels = Counter()
    symbols = {}
    for a in found:
        if a.period_id == period.pk:
            levels[a.forecast.label] += 1
            symbols[a.forecast.label] = (a.forecast.position, a.forecast.symbol)
    text = ", ".join(
        f"{symbols[label][1]} {count} {label.lower()}"
        for label, count in sorted(levels.items(), key=lambda kv: symbols[kv[0]][0])
    )
    url = ""
    if period.kind != ReportingPeriod.Kind.MONTHLY:
        url = reverse(
            "reports:document",
            args=[
                "followup",
                row.committee.effective_register_prefix or row.committee.code,
                period_id(period),
            ],
        )
    row.forecasts = Cell(text, url, f"{period.label} {period.year}")


def _staff(row: OversightRow, organisation: Organisation) -> None:
    unit = row.unit
    if unit is None:
        return
    fs = workforce.figure_set(unit=unit)
    if fs is None:
        return
    url = (
        reverse("workforce:unit", args=[unit.code])
        + "?"
        + urlencode({"period": f"{fs.period_end:%Y-%m}"})
    )
    for block in ("sickness", "turnover"):
        value = (fs.figures.get(block) or {}).get("total")
        indicator = Indicator.objects.filter(
            organisation=organisation, computed_from=f"workforce.{block}.total"
        ).first()
        target = None
        if indicator is not None:
            target = planning.target_for_body(
                indicator=indicator, body=row.committee, year=fs.period_end.year
            )
        detail = f"R12 {fs.period_end:%Y-%m}"
        text = pct(value)
        if target is not None:
            detail += f", mål {pct(target.value)}"
            if value is not None:
                status = indicator_status(
                    value=Decimal(str(value)),
                    target=target.value,
                    tolerance=target.tolerance,
                    higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
                )
                text = f"{status.symbol} {text} ({status.label.lower()})"
        setattr(row, block, Cell(text, url, detail))


def _finance(row: OversightRow, organisation: Organisation, month: tuple[int, int] | None) -> None:
    if row.unit is None or month is None:
        return
    year, last = month
    table = finance.forecast_table(organisation=organisation, unit=row.unit, year=year, month=last)
    net = table.row("net") if table.rows else None
    if net is None:
        return
    url = (
        reverse("finance:forecast")
        + "?"
        + urlencode({"enhet": row.unit.code, "manad": f"{year:04d}-{last:02d}"})
    )
    row.finance = Cell(f"{mn(net.variance)} mnkr", url, f"prognos {year}-{last:02d}")


def _assignments(row: OversightRow, board: Body | None, today: dt.date, actor) -> None:
    """The open assignments the board gave the committee, as the assignments page lists them
    for ``actor``: none given by a § withheld from ``actor`` is counted."""
    if board is None:
        return
    bodies = [board.pk, *Body.objects.filter(parent=board).values_list("pk", flat=True)]
    open_ = list(
        meeting_selectors.assignments_readable(
            DecisionAssignment.objects.filter(
                given_by__body_id__in=bodies, state=DecisionAssignment.State.OPEN
            ).filter(Q(recipient_body=row.committee) | Q(recipient_unit__body=row.committee)),
            actor=actor,
            organisation=board.organisation,
        )
    )
    row.open_assignments = len(open_)
    row.overdue_assignments = sum(1 for a in open_ if a.due_date and a.due_date < today)
    row.assignments_url = (
        reverse("meetings:assignments")
        + "?"
        + urlencode({"kalla": "decision", "mottagare": row.committee.name})
    )


def control_cells(
    *, organisation: Organisation, committees: list[Body], today: dt.date
) -> dict[int, ControlCell]:
    """Each committee's internal control, by the committee's pk (a committee without a plan
    of this year or before is left out), in a fixed number of queries for all committees:
    the plans, their decisions (2), the results grouped by plan and outcome, the open
    actions grouped by plan. Results count when reported (submitted or approved), as in the
    reports' summary and year counts."""
    latest: dict[int, ControlPlan] = {}
    for plan in ControlPlan.objects.filter(
        organisation=organisation, body__in=[c.pk for c in committees], year__lte=today.year
    ).order_by("body_id", "-year"):
        latest.setdefault(plan.body_id, plan)
    if not latest:
        return {}
    plans = list(latest.values())
    decisions = control.plan_decisions(plans)
    cells = {p.pk: ControlCell(plan=p, adopted=decisions[p.pk].adopted) for p in plans}
    for plan_id, outcome, n in (
        ControlResult.objects.filter(
            control_point__risk__plan__in=plans,
            state__in=control.REPORTED,
            outcome__in=[Outcome.MINOR, Outcome.DEVIATION],
        )
        .values_list("control_point__risk__plan_id", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if outcome == Outcome.DEVIATION:
            cells[plan_id].deviations = n
        else:
            cells[plan_id].minor = n
    for plan_id, n_open, n_overdue in (
        Action.objects.filter(result__control_point__risk__plan__in=plans)
        .exclude(status=Action.Status.DONE)
        .values_list("result__control_point__risk__plan_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
        .order_by()
    ):
        cells[plan_id].open_actions = n_open
        cells[plan_id].overdue_actions = n_overdue
    return {p.body_id: cells[p.pk] for p in plans}


def overview(
    *, actor, organisation: Organisation, today: dt.date | None = None
) -> list[OversightRow]:
    """A row per committee the actor may see (a role on the board, or on the committee)."""
    today = today or timezone.localdate()
    board = board_of(organisation)
    dialogues = list(dialogue_selectors.dialogues(organisation=organisation))
    month = finance.latest_month(organisation=organisation)
    rows = []
    committees = [
        committee
        for committee in dialogue_selectors.committees(organisation=organisation)
        if board is not None
        and dialogue_selectors.may_view(actor, committee=committee, overseer=board)
    ]
    # only the committees in the actor's scope are read
    controls = control_cells(organisation=organisation, committees=committees, today=today)
    for committee in committees:
        unit = Unit.objects.filter(body=committee).order_by("path").first()
        row = OversightRow(committee=committee, unit=unit)
        _dialogues(row, dialogues, today)
        _forecasts(row)
        _staff(row, organisation)
        _finance(row, organisation, month)
        _assignments(row, board, today, actor)
        row.control = controls.get(committee.pk)
        rows.append(row)
    return rows
