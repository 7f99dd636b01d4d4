"""Reads for the follow-up pages: each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, prefetch_related_objects

from uppsikt.core import kept_pages
from uppsikt.core.kept_sql import kept_prefetches, kept_sql
from uppsikt.organisation.models import Organisation, Unit
from uppsikt.organisation.permissions import (
    has_permission,
    permission_signature,
    roles_of,
    units_in_scope,
)
from uppsikt.planning.models import Goal, Indicator, Target
from uppsikt.planning.selectors import chain_up, red_thread
from uppsikt.planning.status import IndicatorStatus, indicator_status

from .models import Assessment, ItemKind, ReportingPeriod, ScaleLevel

ITEM_RELATED = (
    "unit",
    "period",
    "status",
    "forecast",
    "goal",
    "assignment",
    "activity",
    "indicator",
)
ITEM_KINDS = ("goal", "assignment", "activity", "indicator")
DONE = (Assessment.State.SUBMITTED, Assessment.State.APPROVED)


def assessment_reads_of(*units: Unit):
    """The block in which every read of assessments is of ``units`` and the units below them
    only, so that a kept page made in it is made anew by a save in one of those units and not
    by every save (core.kept_pages.scoped_reads; a save counts up its unit and every unit above
    it, followup.services._kept_parts). With no unit, the reads may see any assessment."""
    return kept_pages.scoped_reads(Assessment._meta.db_table, *(unit.pk for unit in units))


def _item_prefetches():
    """An assessment's item, whatever its kind, prefetched with SQL kept per process."""
    return kept_prefetches(Assessment, ITEM_KINDS, "followup.items")


def periods(*, organisation: Organisation) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(organisation=organisation).order_by(
        "-year", "-last_month", "-pk"
    )


def assessments_for(*, unit: Unit, period: ReportingPeriod) -> list[Assessment]:
    """A unit's to-do list for a period: its own and its subtree's assessments."""
    found = list(
        kept_sql(
            Assessment.objects.filter(
                period=period,
                unit__organisation_id=unit.organisation_id,
                unit__path__startswith=unit.path,
            )
            .select_related("unit", "status", "forecast")
            .prefetch_related(*_item_prefetches())
            .order_by("unit__path", "item_kind", "pk"),
            "followup.assessments_for",
        )
    )
    for a in found:
        a.period = period  # known already: no join for it
    return found


def scale(*, organisation: Organisation, item_kind: str) -> list[ScaleLevel]:
    return list(
        ScaleLevel.objects.filter(organisation=organisation, item_kind=item_kind).order_by(
            "position"
        )
    )


def scales(*, organisation_id: int, kinds) -> dict[str, list[ScaleLevel]]:
    """The scales of the item kinds ``kinds``, by kind (one query)."""
    found: dict[str, list[ScaleLevel]] = {}
    levels = ScaleLevel.objects.filter(
        organisation_id=organisation_id, item_kind__in=list(kinds)
    ).order_by("item_kind", "position")
    for level in kept_sql(levels, "followup.scales"):
        found.setdefault(level.item_kind, []).append(level)
    return found


def reporting_units(*, actor, organisation: Organisation) -> list[Unit]:
    """The units the actor reports or approves for, through a unit-scoped role."""
    ids = [
        ra.unit_id
        for ra in roles_of(actor)
        if ra.unit_id is not None
        and (
            has_permission(actor, "followup.report", ra.unit)
            or has_permission(actor, "followup.approve", ra.unit)
        )
    ]
    units = Unit.objects.filter(organisation=organisation, pk__in=ids).order_by("path")
    return list(kept_sql(units, "followup.reporting_units"))


def may_see_unit(actor, unit: Unit) -> bool:
    return any(
        has_permission(actor, perm, unit)
        for perm in ("followup.report", "followup.approve", "followup.monitor")
    )


@dataclass
class UnitProgress:
    unit: Unit
    total: int
    submitted: int
    approved: int
    returned: int

    @property
    def missing(self) -> int:
        return self.total - self.submitted - self.approved


def _followed_up_by(actor, period: ReportingPeriod):
    """The period's assessments of the units ``actor`` follows up (``followup.monitor``)."""
    assessments = Assessment.objects.filter(period=period)
    scope = units_in_scope(actor, "followup.monitor")
    if scope is not None:
        assessments = assessments.filter(unit__in=Unit.objects.filter(scope))
    return assessments


def progress(*, actor, period: ReportingPeriod) -> list[UnitProgress]:
    """Per responsible unit in the actor's scope: how many assessments, submitted, approved,
    returned (2 queries; shared by everyone whose permissions are made of the same roles while
    no assessment or unit has changed: core.kept_pages.shared). Read only."""
    return kept_pages.shared(
        ("followup.progress", period.pk, permission_signature(actor)),
        lambda: _progress(actor, period),
    )


def _progress(actor, period: ReportingPeriod) -> list[UnitProgress]:
    rows = (
        _followed_up_by(actor, period)
        .values("unit")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(state=Assessment.State.SUBMITTED)),
            approved=Count("pk", filter=Q(state=Assessment.State.APPROVED)),
            returned=Count("pk", filter=Q(state=Assessment.State.RETURNED)),
        )
    )
    counts = {r["unit"]: r for r in rows}
    # the fields the progress pages show and sum by (a unit's name, code and place in the tree)
    units = (
        Unit.objects.filter(pk__in=counts)
        .order_by("path")
        .only("organisation_id", "code", "name", "path", "parent_id", "depth")
    )
    return [
        UnitProgress(
            unit=u,
            total=counts[u.pk]["total"],
            submitted=counts[u.pk]["submitted"],
            approved=counts[u.pk]["approved"],
            returned=counts[u.pk]["returned"],
        )
        for u in kept_sql(units, "followup.progress_units")
    ]


@dataclass
class Deviation:
    assessment: Assessment
    indicator_status: IndicatorStatus | None = None


def deviations(*, actor, period: ReportingPeriod) -> list[Deviation]:
    """Reported assessments of the units in the actor's scope that signal a deviation: a status or forecast marked as one on its
    scale, or an indicator outcome that is not at its unit's target (a fixed number of queries:
    the assessments, the indicators and their targets, the items of the deviating ones)."""
    reported = list(
        kept_sql(
            _followed_up_by(actor, period)
            .filter(state__in=DONE)
            # only those that may deviate: the rest are never read into objects
            .filter(
                Q(item_kind=ItemKind.INDICATOR)
                | Q(status__is_deviation=True)
                | Q(forecast__is_deviation=True)
            )
            .select_related("unit", "status", "forecast")
            .order_by("unit__path", "item_kind", "pk"),
            "followup.deviations",
        )
    )
    prefetch_related_objects([a for a in reported if a.indicator_id], "indicator")
    targets = {
        (t.indicator_id, t.unit_id): t
        for t in Target.objects.filter(
            year=period.year,
            unit__isnull=False,
            indicator__in=[a.indicator_id for a in reported if a.indicator_id],
        )
    }
    found = []
    for a in reported:
        if a.item_kind == ItemKind.INDICATOR:
            target = targets.get((a.indicator_id, a.unit_id))
            if target is None or a.actual_value is None:
                continue
            status = indicator_status(
                value=a.actual_value,
                target=target.value,
                tolerance=target.tolerance,
                higher_is_better=a.indicator.direction == Indicator.Direction.HIGHER,
            )
            if status != IndicatorStatus.MET:
                found.append(Deviation(a, status))
        elif (a.status and a.status.is_deviation) or (a.forecast and a.forecast.is_deviation):
            found.append(Deviation(a))
    prefetch_related_objects([d.assessment for d in found], *ITEM_KINDS[:3])
    for d in found:
        d.assessment.period = period
    return found


def latest_assessments(*, kind: str, ids) -> dict[int, Assessment]:
    """The latest reported (submitted or approved) assessment of each item (one query)."""
    latest: dict[int, Assessment] = {}
    for a in (
        Assessment.objects.filter(item_kind=kind, state__in=DONE, **{f"{kind}__in": list(ids)})
        .select_related("period", "status", "forecast", "unit")
        .order_by("period__year", "period__last_month", "period__pk")
    ):
        latest[getattr(a, f"{kind}_id")] = a
    return latest


def _item_kind(obj) -> str | None:
    """A plan item's kind: the name of the assessment's field that points at its model."""
    for kind in ITEM_KINDS:
        if Assessment._meta.get_field(kind).related_model is type(obj):
            return kind
    return None


def thread(*, item) -> dict:
    """The red thread page: the chain up from ``item`` and, for a goal, every branch beneath
    it across bodies, each item carrying ``latest`` (its latest reported assessment)."""
    chain = chain_up(item=item)
    branches = red_thread(goal=item) if isinstance(item, Goal) else []
    by_kind: dict[str, list] = {"goal": [], "assignment": [], "activity": [], "indicator": []}
    for link in chain:
        for obj in link.objects:
            kind = _item_kind(obj)
            if kind is not None:
                by_kind[kind].append(obj)
    for b in branches:
        if b.goal is not None:
            by_kind["goal"].append(b.goal)
        by_kind["assignment"].extend(b.assignments)
        by_kind["activity"].extend(b.activities)
        for a in b.assignments:
            by_kind["activity"].extend(a.activities.all())
        by_kind["indicator"].extend(b.indicators)
    for kind, objs in by_kind.items():
        if not objs:
            continue
        latest = latest_assessments(kind=kind, ids={o.pk for o in objs})
        for o in objs:
            o.latest = latest.get(o.pk)
    return {"item": item, "chain": chain, "branches": branches}


# --------------------------------------------------------------------------------------------
# For the documents (uppsikt/reports)


def period_find(*, organisation: Organisation, year: int, kind: str, last_month: int | None = None):
    qs = ReportingPeriod.objects.filter(organisation=organisation, year=year, kind=kind)
    if last_month is not None:
        qs = qs.filter(last_month=last_month)
    return qs.order_by("-last_month").first()


def item_assessments(*, period: ReportingPeriod, kind: str, ids) -> dict[int, Assessment]:
    """Each item's assessment for the period (by its responsible unit; 1 query). Where several
    units assessed one item, the approved one, then the latest, is taken."""
    out: dict[int, Assessment] = {}
    for a in (
        Assessment.objects.filter(period=period, item_kind=kind, **{f"{kind}__in": list(ids)})
        .select_related("status", "forecast", "unit")
        .order_by("pk")
    ):
        key = getattr(a, f"{kind}_id")
        current = out.get(key)
        if current is None or current.state != Assessment.State.APPROVED:
            out[key] = a
    return out


# ---------------------------------------------------------------------------------------------
# What waits for a person (the home page)


def open_periods(*, organisation: Organisation) -> list[ReportingPeriod]:
    periods = ReportingPeriod.objects.filter(organisation=organisation, is_open=True)
    return list(kept_sql(periods.order_by("deadline", "pk"), "followup.open_periods"))


def units_with_role(
    *, actor, organisation: Organisation, permission: str, units: list[Unit] | None = None
) -> list[Unit]:
    """The units of the actor's unit-scoped roles that give ``permission`` there (each unit's
    to-do page covers its subtree); ``units``: ``reporting_units`` when the caller has it."""
    if units is None:
        units = reporting_units(actor=actor, organisation=organisation)
    return [u for u in units if has_permission(actor, permission, u)]


def units_and_periods(
    *,
    actor,
    organisation: Organisation,
    permission: str,
    periods: list[ReportingPeriod] | None = None,
    units: list[Unit] | None = None,
):
    """(open period, unit) for each open period and each unit of the actor's unit-scoped roles
    that give ``permission`` there; ``periods`` (``open_periods``) and ``units``
    (``reporting_units``): when the caller has them."""
    units = units_with_role(
        actor=actor, organisation=organisation, permission=permission, units=units
    )
    if periods is None:
        periods = open_periods(organisation=organisation)
    return [(p, u) for p in periods for u in units]


@dataclass
class UnitWork:
    period: ReportingPeriod
    unit: Unit
    count: int  # assessments left (draft or returned), or waiting for approval
    returned: list[Assessment]


def assessments_left(
    *,
    actor,
    organisation: Organisation,
    periods: list[ReportingPeriod] | None = None,
    units: list[Unit] | None = None,
) -> list[UnitWork]:
    """Per open period and unit the actor reports for: how many assessments of the unit's
    subtree are still to submit, and the returned ones with their reasons; ``periods`` and
    ``units`` as for ``units_and_periods``."""
    found = []
    if periods is None:
        periods = open_periods(organisation=organisation)
    reported = units_with_role(
        actor=actor, organisation=organisation, permission="followup.report", units=units
    )
    for period in periods:
        for unit in reported:
            left = list(
                kept_sql(
                    Assessment.objects.filter(
                        period=period,
                        unit__path__startswith=unit.path,
                        state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED],
                    )
                    .select_related("unit")
                    .prefetch_related(*_item_prefetches()),
                    "followup.assessments_left",
                )
            )
            returned = [a for a in left if a.state == Assessment.State.RETURNED]
            for a in returned:
                a.period = period
            found.append(UnitWork(period, unit, len(left), returned))
    return found


def assessments_to_approve(
    *, actor, organisation: Organisation, units: list[Unit] | None = None
) -> list[UnitWork]:
    """Per open period and unit the actor approves for: the submitted assessments waiting;
    ``units`` as for ``units_and_periods``."""
    found = []
    for period in open_periods(organisation=organisation):
        for unit in units_with_role(
            actor=actor, organisation=organisation, permission="followup.approve", units=units
        ):
            count = Assessment.objects.filter(
                period=period,
                unit__path__startswith=unit.path,
                state=Assessment.State.SUBMITTED,
            ).count()
            found.append(UnitWork(period, unit, count, []))
    return found


@dataclass
class BodyProgress:
    period: ReportingPeriod
    body_name: str
    total: int
    done: int
    returned: int
    late_units: list[UnitProgress]


def open_period_progress(*, actor, organisation: Organisation, today) -> list[BodyProgress]:
    """For each open period, the progress of the units the actor follows up, summed per body
    the units serve (the nearest unit above with a body), and the units late after the
    deadline (shared as ``progress`` is). Read only."""
    return kept_pages.shared(
        ("followup.open_period_progress", organisation.pk, today, permission_signature(actor)),
        lambda: _open_period_progress(actor, organisation, today),
    )


def _open_period_progress(actor, organisation: Organisation, today) -> list[BodyProgress]:
    bodies_of = {
        pk: (path, body_name or "")
        for pk, path, body_name in Unit.objects.filter(organisation=organisation).values_list(
            "pk", "path", "body__name"
        )
    }

    def body_name(unit: Unit) -> str:
        for pk in [unit.pk, *reversed(unit.ancestor_ids())]:
            name = bodies_of.get(pk, ("", ""))[1]
            if name:
                return name
        return organisation.name

    found = []
    for period in open_periods(organisation=organisation):
        sums: dict[str, BodyProgress] = {}
        for row in _progress(actor, period):
            name = body_name(row.unit)
            entry = sums.setdefault(name, BodyProgress(period, name, 0, 0, 0, []))
            entry.total += row.total
            entry.done += row.submitted + row.approved
            entry.returned += row.returned
            if row.missing and today > period.deadline:
                entry.late_units.append(row)
        found.extend(sums[name] for name in sorted(sums))
    return found
