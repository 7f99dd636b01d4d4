"""Reads of internal control: plans and where each stands (read from its §), the risk matrix,
the units' results for a period, the summary of outcomes for the reports and the dialogue
brief (``control_summary``), the year's counts and the actions to follow up. Each in a fixed
number of queries; what is not there raises ``NotFound``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotFound
from uppsikt.core.kept_sql import kept_prefetches, kept_sql
from uppsikt.followup.models import MONTHS, ReportingPeriod
from uppsikt.meetings.models import MinutesItem
from uppsikt.organisation.models import Body, Organisation, Person, Unit
from uppsikt.organisation.permissions import has_permission, units_in_scope

from . import rules
from .models import (
    Action,
    ControlPlan,
    ControlPoint,
    ControlResult,
    Outcome,
    Risk,
    RiskCategory,
    RiskScaleStep,
)
from .rules import PlanStatus

REPORTED = (ControlResult.State.SUBMITTED, ControlResult.State.APPROVED)


# --------------------------------------------------------------------------------------------
# Configuration: categories and scales


def categories(*, organisation: Organisation) -> QuerySet[RiskCategory]:
    return RiskCategory.objects.filter(organisation=organisation).order_by("position", "pk")


def category_get(*, organisation: Organisation, pk: int) -> RiskCategory:
    category = RiskCategory.objects.filter(organisation=organisation, pk=pk).first()
    if category is None:
        raise NotFound(_("Kategorin finns inte."))
    return category


def scale_step_get(*, organisation: Organisation, pk: int) -> RiskScaleStep:
    step = RiskScaleStep.objects.filter(organisation=organisation, pk=pk).first()
    if step is None:
        raise NotFound(_("Steget finns inte."))
    return step


def scale(*, organisation: Organisation, dimension: str) -> list[RiskScaleStep]:
    """The steps of the probability or consequence scale, lowest first."""
    return list(
        RiskScaleStep.objects.filter(organisation=organisation, dimension=dimension).order_by(
            "value"
        )
    )


def scales(*, organisation: Organisation) -> dict[str, list[RiskScaleStep]]:
    """Both scales in one query: {"probability": [...], "consequence": [...]}."""
    out: dict[str, list[RiskScaleStep]] = {d: [] for d in RiskScaleStep.Dimension.values}
    for step in RiskScaleStep.objects.filter(organisation=organisation).order_by("value"):
        out[step.dimension].append(step)
    return out


# --------------------------------------------------------------------------------------------
# Plans and where they stand


@dataclass(frozen=True)
class PlanDecision:
    """Where a plan stands and the § that decided it (None before a § handled its proposal)."""

    status: PlanStatus
    item: MinutesItem | None = None

    @property
    def adopted(self) -> bool:
        return self.status is PlanStatus.ADOPTED

    @property
    def editable(self) -> bool:
        """Risks and control points can change until the body has decided on the plan."""
        return self.status not in (PlanStatus.DECIDED, PlanStatus.ADOPTED)


def _decision_of(plan: ControlPlan, items: Sequence[MinutesItem]) -> PlanDecision:
    if plan.proposal_id is None:
        return PlanDecision(PlanStatus.DRAFT)
    if not items:
        return PlanDecision(PlanStatus.PROPOSED)
    # the latest § that handled the proposal decides (an earlier one may have postponed it)
    item = max(items, key=lambda i: (i.meeting.date, i.pk))
    status = rules.decision_status(
        decision_points=item.decision_points,
        approved=item.approved,
        motions=[
            rules.Motion(kind=m.kind, text=m.text, points=m.points, withdrawn=m.withdrawn)
            for m in item.motions.all()
        ],
    )
    return PlanDecision(status, item)


def plan_decisions(plans: Iterable[ControlPlan]) -> dict[int, PlanDecision]:
    """Each plan's decision, read from the minutes items that handled its proposal (2 queries)."""
    plans = list(plans)
    by_proposal: dict[int, list[MinutesItem]] = {}
    proposal_ids = [p.proposal_id for p in plans if p.proposal_id]
    if proposal_ids:
        for item in (
            MinutesItem.objects.filter(proposal_id__in=proposal_ids)
            .select_related("meeting")
            .prefetch_related("motions")
        ):
            by_proposal.setdefault(item.proposal_id, []).append(item)
    return {p.pk: _decision_of(p, by_proposal.get(p.proposal_id, [])) for p in plans}


def plan_decision(plan: ControlPlan) -> PlanDecision:
    return plan_decisions([plan])[plan.pk]


@dataclass
class PlanRow:
    plan: ControlPlan
    decision: PlanDecision
    risks: int
    control_points: int


def plans(*, organisation: Organisation) -> list[PlanRow]:
    """Every control plan of the organisation, latest year first, with where it stands."""
    found = list(
        ControlPlan.objects.filter(organisation=organisation)
        .select_related("body", "case", "proposal")
        .annotate(
            n_risks=Count("risks", distinct=True),
            n_points=Count("risks__control_points", distinct=True),
        )
        .order_by("-year", "body__position", "pk")
    )
    decisions = plan_decisions(found)
    return [PlanRow(p, decisions[p.pk], p.n_risks, p.n_points) for p in found]


def plan_get(*, organisation: Organisation, pk: int) -> ControlPlan:
    plan = (
        ControlPlan.objects.filter(organisation=organisation, pk=pk)
        .select_related("body", "case", "proposal", "organisation")
        .first()
    )
    if plan is None:
        raise NotFound(_("Internkontrollplanen finns inte."))
    return plan


def plan_of(*, body: Body, year: int) -> ControlPlan | None:
    return (
        ControlPlan.objects.filter(body=body, year=year)
        .select_related("body", "organisation")
        .first()
    )


def bodies_for_plans(*, actor, organisation: Organisation) -> QuerySet[Body]:
    """The bodies on which ``actor`` may draw up a control plan."""
    ids = [
        b.pk
        for b in Body.objects.filter(organisation=organisation)
        if has_permission(actor, "control.plan_edit", b)
    ]
    return Body.objects.filter(pk__in=ids).order_by("position", "pk")


def risk_get(*, plan: ControlPlan, pk: int) -> Risk:
    risk = Risk.objects.filter(plan=plan, pk=pk).select_related("category").first()
    if risk is None:
        raise NotFound(_("Risken finns inte i planen."))
    risk.plan = plan
    return risk


def control_point_get(*, plan: ControlPlan, pk: int) -> ControlPoint:
    point = (
        ControlPoint.objects.filter(risk__plan=plan, pk=pk)
        .select_related("risk", "responsible_unit", "responsible_person")
        .prefetch_related("periods")
        .first()
    )
    if point is None:
        raise NotFound(_("Kontrollmomentet finns inte i planen."))
    point.risk.plan = plan
    return point


def risks(*, plan: ControlPlan) -> list[Risk]:
    """The plan's risks in order, each with its category and control points (3 queries)."""
    found = list(
        Risk.objects.filter(plan=plan)
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "control_points",
                queryset=ControlPoint.objects.select_related(
                    "responsible_unit", "responsible_person"
                ).order_by("position", "pk"),
            )
        )
        .order_by("position", "pk")
    )
    for r in found:
        r.plan = plan
    return found


def control_points(*, plan: ControlPlan) -> list[ControlPoint]:
    """The plan's control points in the order of their risks, with unit, person and periods."""
    return list(
        ControlPoint.objects.filter(risk__plan=plan)
        .select_related("risk", "responsible_unit", "responsible_person")
        .prefetch_related(
            Prefetch("periods", queryset=ReportingPeriod.objects.order_by("last_month", "pk"))
        )
        .order_by("risk__position", "risk_id", "position", "pk")
    )


def plan_periods(*, plan: ControlPlan) -> list[ReportingPeriod]:
    """The periods the plan's control points are reported in, in the order of the year."""
    return list(
        ReportingPeriod.objects.filter(control_points__risk__plan=plan)
        .distinct()
        .order_by("year", "last_month", "pk")
    )


def periods_until(*, plan: ControlPlan, period: ReportingPeriod) -> list[ReportingPeriod]:
    """The plan's reporting periods up to and including ``period`` (its year, its last month
    and before): those a report or dialogue resting on ``period`` sums up."""
    return [
        p
        for p in plan_periods(plan=plan)
        if p.year == period.year and p.last_month <= period.last_month
    ]


def year_periods(*, organisation: Organisation, year: int) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(organisation=organisation, year=year).order_by(
        "last_month", "pk"
    )


def units_for_plan(*, plan: ControlPlan) -> QuerySet[Unit]:
    """The units that may be responsible for a control point: those serving the plan's body and
    their subtrees (every unit of the organisation when no unit serves it)."""
    serving = list(Unit.objects.filter(body=plan.body).values_list("path", flat=True))
    units = Unit.objects.filter(organisation=plan.organisation, is_active=True)
    if serving:
        q = Q(pk__in=[])
        for path in serving:
            q |= Q(path__startswith=path)
        units = units.filter(q)
    return units.order_by("path")


def staff(*, organisation: Organisation) -> QuerySet[Person]:
    """The people who can be responsible for a control point or own an action: the
    organisation's active officials (people placed in a unit)."""
    return Person.objects.filter(
        organisation=organisation, is_active=True, unit__isnull=False
    ).order_by("last_name", "first_name", "pk")


# --------------------------------------------------------------------------------------------
# The risk matrix


@dataclass
class MatrixCell:
    probability: int
    consequence: int
    band: str  # low, medium, high (rules.risk_band)
    risks: list[Risk] = field(default_factory=list)

    @property
    def value(self) -> int:
        return rules.risk_value(self.probability, self.consequence)

    @property
    def band_label(self) -> str:
        return str(rules.BAND_LABELS[self.band])


@dataclass
class MatrixRow:
    step: RiskScaleStep
    cells: list[MatrixCell]


@dataclass
class RiskMatrix:
    """Probability (rows, highest first) × consequence (columns, lowest first); each cell the
    risks with that pair, for an accessible table with counts, names and text labels."""

    probability: list[RiskScaleStep]
    consequence: list[RiskScaleStep]
    rows: list[MatrixRow]
    top: int


def risk_matrix(*, plan: ControlPlan, risks: list[Risk] | None = None) -> RiskMatrix:
    steps = scales(organisation=plan.organisation)
    probability, consequence = steps["probability"], steps["consequence"]
    found = risks if risks is not None else list(Risk.objects.filter(plan=plan))
    top = (probability[-1].value if probability else 1) * (
        consequence[-1].value if consequence else 1
    )
    cells = {
        (p.value, c.value): MatrixCell(
            p.value, c.value, rules.risk_band(rules.risk_value(p.value, c.value), top=top)
        )
        for p in probability
        for c in consequence
    }
    for risk in found:
        cell = cells.get((risk.probability, risk.consequence))
        if cell is not None:
            cell.risks.append(risk)
    rows = [
        MatrixRow(p, [cells[(p.value, c.value)] for c in consequence])
        for p in reversed(probability)
    ]
    return RiskMatrix(probability, consequence, rows, top)


# --------------------------------------------------------------------------------------------
# Results: the units' to-do


def adopted_plan_ids(*, plans: Iterable[ControlPlan]) -> set[int]:
    decisions = plan_decisions(plans)
    return {pk for pk, d in decisions.items() if d.adopted}


def results_for(*, unit: Unit, period: ReportingPeriod) -> list[ControlResult]:
    """The results a unit and its subtree report in a period: those of the control points of
    adopted plans (a fixed number of queries)."""
    results = (
        ControlResult.objects.filter(
            period=period,
            control_point__responsible_unit__path__startswith=unit.path,
            control_point__responsible_unit__organisation_id=unit.organisation_id,
        )
        .select_related(
            "control_point__risk__plan__body",
            "control_point__responsible_unit",
            "control_point__responsible_person",
        )
        .prefetch_related(*kept_prefetches(ControlResult, ("actions",), "control.results_for"))
        .order_by(
            "control_point__responsible_unit__path",
            "control_point__risk__plan_id",
            "control_point__risk__position",
            "control_point__position",
            "pk",
        )
    )
    found = list(kept_sql(results, "control.results_for"))
    plans = {r.control_point.risk.plan_id: r.control_point.risk.plan for r in found}
    adopted = adopted_plan_ids(plans=plans.values())
    out = [r for r in found if r.control_point.risk.plan_id in adopted]
    for r in out:
        r.period = period
    return out


def result_get(*, organisation: Organisation, pk: int) -> ControlResult:
    result = (
        ControlResult.objects.filter(pk=pk, period__organisation=organisation)
        .select_related(
            "period",
            "control_point__risk__plan__body",
            "control_point__risk__plan__organisation",
            "control_point__risk__category",
            "control_point__responsible_unit",
            "control_point__responsible_person",
        )
        .first()
    )
    if result is None:
        raise NotFound(_("Kontrollresultatet finns inte."))
    return result


def results_of(*, plan: ControlPlan) -> list[ControlResult]:
    """Every result of the plan, by control point and period (1 query)."""
    return list(
        ControlResult.objects.filter(control_point__risk__plan=plan)
        .select_related("period")
        .order_by("period__last_month", "control_point_id")
    )


def may_see_result(actor, result: ControlResult) -> bool:
    """Who sees a result and its actions beyond the reported outcome: the unit's reporters and
    approvers, those who draw up the plan's body's control plan, and those who raise its
    actions into the body's decisions."""
    unit = result.control_point.responsible_unit
    body = result.control_point.risk.plan.body
    return (
        has_permission(actor, "control.report", unit)
        or has_permission(actor, "control.approve", unit)
        or has_permission(actor, "control.plan_edit", body)
        or has_permission(actor, "control.action_raise", body)
    )


# --------------------------------------------------------------------------------------------
# The summary: control questions × periods with their outcome


@dataclass(frozen=True)
class SummaryRow:
    """One control question with its outcome in each of the summary's periods.

    ``outcomes[i]`` is the outcome reported (submitted or approved) for ``periods[i]`` of the
    summary, or None where nothing is reported; ``approved[i]`` says whether that result is
    approved (a submitted one awaits its approver).
    """

    control_point_id: int
    question: str
    unit_name: str
    outcomes: tuple[Outcome | None, ...]
    approved: tuple[bool, ...]


@dataclass(frozen=True)
class ControlSummary:
    """The internal-control summary of a body's year: ``periods`` (in the order given, or the
    plan's reporting periods in the order of the year) and one row per control point in the
    plan's order. ``plan`` is None, and ``rows`` empty, when the body has no plan for the year."""

    body: Body
    year: int
    plan: ControlPlan | None
    periods: tuple[ReportingPeriod, ...]
    rows: tuple[SummaryRow, ...]

    @property
    def column_labels(self) -> tuple[str, ...]:
        """The periods as the dialogue brief heads them: the last month ("April", "Augusti")."""
        return tuple(period_column_label(p) for p in self.periods)


def period_column_label(period: ReportingPeriod) -> str:
    return str(MONTHS[period.last_month - 1]).capitalize()


def control_summary(
    *, body: Body, year: int, periods: Sequence[ReportingPeriod] | None = None
) -> ControlSummary:
    """The internal-control summary of ``body``'s plan for ``year``: each control question and
    its reported outcome per period (4 queries). A stable read: the follow-up reports and the
    committee-dialogue brief are built from it (docs/control.md)."""
    plan = plan_of(body=body, year=year)
    if plan is None:
        return ControlSummary(body, year, None, tuple(periods or ()), ())
    chosen = tuple(periods) if periods is not None else tuple(plan_periods(plan=plan))
    points = list(
        ControlPoint.objects.filter(risk__plan=plan)
        .select_related("responsible_unit")
        .order_by("risk__position", "risk_id", "position", "pk")
    )
    found = {
        (r.control_point_id, r.period_id): r
        for r in ControlResult.objects.filter(
            control_point__risk__plan=plan,
            period__in=[p.pk for p in chosen],
            state__in=REPORTED,
        ).exclude(outcome="")
    }
    rows = []
    for point in points:
        results = [found.get((point.pk, p.pk)) for p in chosen]
        rows.append(
            SummaryRow(
                control_point_id=point.pk,
                question=point.question,
                unit_name=point.responsible_unit.name,
                outcomes=tuple(Outcome(r.outcome) if r else None for r in results),
                approved=tuple(
                    bool(r and r.state == ControlResult.State.APPROVED) for r in results
                ),
            )
        )
    return ControlSummary(body, year, plan, chosen, tuple(rows))


@dataclass(frozen=True)
class YearCounts:
    """What the year's reported results and their actions add up to (the annual report)."""

    control_points: int
    reported: int
    no_deviation: int
    minor: int
    deviation: int
    actions: int
    actions_done: int
    actions_raised: int

    @property
    def actions_open(self) -> int:
        return self.actions - self.actions_done


def year_counts(*, plan: ControlPlan) -> YearCounts:
    """Counts over the plan's reported (submitted or approved) results and their actions."""
    by_outcome = dict(
        ControlResult.objects.filter(control_point__risk__plan=plan, state__in=REPORTED)
        .exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    actions = Action.objects.filter(result__control_point__risk__plan=plan)
    return YearCounts(
        control_points=ControlPoint.objects.filter(risk__plan=plan).count(),
        reported=sum(by_outcome.values()),
        no_deviation=by_outcome.get(Outcome.NONE, 0),
        minor=by_outcome.get(Outcome.MINOR, 0),
        deviation=by_outcome.get(Outcome.DEVIATION, 0),
        actions=actions.count(),
        actions_done=actions.filter(status=Action.Status.DONE).count(),
        actions_raised=actions.filter(decision_assignment__isnull=False).count(),
    )


# --------------------------------------------------------------------------------------------
# Actions


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related(
        "owner",
        "result__period",
        "result__control_point__responsible_unit",
        "result__control_point__risk__plan__body",
        "decision_assignment__given_by",
    )


def actions_of(*, plan: ControlPlan) -> list[Action]:
    return list(
        _actions().filter(result__control_point__risk__plan=plan).order_by("due_date", "pk")
    )


def actions_of_result(*, result: ControlResult) -> list[Action]:
    return list(_actions().filter(result=result).order_by("due_date", "pk"))


def action_get(*, organisation: Organisation, pk: int) -> Action:
    action = (
        _actions()
        .select_related("result__control_point__risk__plan__organisation")
        .filter(pk=pk, result__period__organisation=organisation)
        .first()
    )
    if action is None:
        raise NotFound(_("Åtgärden finns inte."))
    return action


def actions_to_follow(*, actor, organisation: Organisation, open_only: bool = True) -> list[Action]:
    """The actions of the units ``actor`` reports or approves for (every unit for a role held
    organisation-wide, or on the plan's body for those who draw up plans), earliest due first."""
    qs = _actions().filter(result__period__organisation=organisation)
    if open_only:
        qs = qs.exclude(status=Action.Status.DONE)
    scope = Q(pk__in=[])
    for permission in ("control.report", "control.approve"):
        q = units_in_scope(actor, permission)
        if q is None:
            return list(qs.order_by("due_date", "pk"))
        scope |= Q(result__control_point__responsible_unit__in=Unit.objects.filter(q))
    # a role on the plan's body
    scope |= Q(
        result__control_point__risk__plan__body__in=bodies_for_plans(
            actor=actor, organisation=organisation
        )
    )
    return list(qs.filter(scope).order_by("due_date", "pk"))


def is_overdue(action: Action, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.status != Action.Status.DONE and action.due_date < today


def assignment_withheld(*, actor, action: Action) -> bool:
    """Whether the decision assignment ``action`` was raised into was given by a § withheld
    from ``actor`` (``meetings.selectors.item_withheld``): then only its § and point are shown,
    not its text."""
    from uppsikt.meetings import selectors as meeting_selectors

    if action.decision_assignment_id is None:
        return False
    return meeting_selectors.item_withheld(actor=actor, item=action.decision_assignment.given_by)


def raise_items(*, plan: ControlPlan, actor) -> QuerySet[MinutesItem]:
    """The §§ of the plan's body with a decision, from the plan's year on, that an action can be
    raised into (as one of their decision points), latest first; none withheld from ``actor``
    (``meetings.selectors.items_readable_q``)."""
    from uppsikt.meetings import selectors as meeting_selectors

    return (
        MinutesItem.objects.filter(body=plan.body, year__gte=plan.year)
        .filter(meeting_selectors.items_readable_q(actor=actor, organisation=plan.organisation))
        .exclude(decision_points=[])
        .select_related("meeting")
        .order_by("-meeting__date", "-number")
    )
