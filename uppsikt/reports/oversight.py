"""The oversight overview (uppsiktsöversikt): the board's one page on every committee, read
through each domain's selectors: the last and next dialogue, the latest goal forecasts, the
staff figures against their targets (through the workforce app's disclosure control), the
year's financial forecast, and the assignments the board's decisions gave the committee that
are open or overdue. Every cell carries the address of its source."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from uppsikt.dialogues import selectors as dialogue_selectors
from uppsikt.dialogues.models import Dialogue
from uppsikt.finance import selectors as finance
from uppsikt.followup.models import Assessment, ItemKind, ReportingPeriod
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


def _assignments(row: OversightRow, board: Body | None, today: dt.date) -> None:
    if board is None:
        return
    bodies = [board.pk, *Body.objects.filter(parent=board).values_list("pk", flat=True)]
    open_ = list(
        DecisionAssignment.objects.filter(
            given_by__body_id__in=bodies, state=DecisionAssignment.State.OPEN
        ).filter(Q(recipient_body=row.committee) | Q(recipient_unit__body=row.committee))
    )
    row.open_assignments = len(open_)
    row.overdue_assignments = sum(1 for a in open_ if a.due_date and a.due_date < today)
    row.assignments_url = (
        reverse("meetings:assignments")
        + "?"
        + urlencode({"kalla": "decision", "mottagare": row.committee.name})
    )


def overview(
    *, actor, organisation: Organisation, today: dt.date | None = None
) -> list[OversightRow]:
    """A row per committee the actor may see (a role on the board, or on the committee)."""
    today = today or timezone.localdate()
    board = board_of(organisation)
    dialogues = list(dialogue_selectors.dialogues(organisation=organisation))
    month = finance.latest_month(organisation=organisation)
    rows = []
    for committee in dialogue_selectors.committees(organisation=organisation):
        if board is None:
            continue
        if not dialogue_selectors.may_view(actor, committee=committee, overseer=board):
            continue
        unit = Unit.objects.filter(body=committee).order_by("path").first()
        row = OversightRow(committee=committee, unit=unit)
        _dialogues(row, dialogues, today)
        _forecasts(row)
        _staff(row, organisation)
        _finance(row, organisation, month)
        _assignments(row, board, today)
        rows.append(row)
    return rows
