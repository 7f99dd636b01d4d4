"""The API's reads for its administration page."""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.core.exceptions import NotFound
from uppsikt.followup.models import Assessment, ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Organisation, Person, Unit
from uppsikt.planning.models import Indicator, Measurement, Plan

from .models import ApiToken


def tokens_of(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(organisation=organisation)
        .select_related("owner", "created_by")
        .prefetch_related("units", "bodies")
        .order_by("-created_at", "-pk")
    )


def token_get(*, organisation: Organisation, pk: int) -> ApiToken:
    found = ApiToken.objects.filter(organisation=organisation, pk=pk).first()
    if found is None:
        raise NotFound("Nyckeln finns inte.")
    return found


# --- the endpoints' reads: each within the organisation, the lists in a stable order ------


def bodies(*, organisation: Organisation, modified_since=None) -> QuerySet[Body]:
    qs = Body.objects.filter(organisation=organisation).select_related("parent")
    return _since(qs, modified_since)


def body_by_code(*, organisation: Organisation, code: str) -> Body | None:
    return Body.objects.filter(organisation=organisation, code=code).first()


def units(*, organisation: Organisation, body: Body | None = None, modified_since=None):
    qs = Unit.objects.filter(organisation=organisation).select_related("parent", "body")
    if body is not None:
        qs = qs.filter(body=body)
    return _since(qs, modified_since)


def unit_by_code(*, organisation: Organisation, code: str) -> Unit | None:
    return (
        Unit.objects.filter(organisation=organisation, code=code)
        .select_related("parent", "body")
        .first()
    )


def people(*, organisation: Organisation, unit: Unit | None = None, modified_since=None):
    """Active people; the endpoint shows names, titles and units only."""
    qs = Person.objects.filter(organisation=organisation, is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return _since(qs, modified_since)


def _since(qs, modified_since):
    return qs.filter(updated_at__gte=modified_since) if modified_since else qs


def plans(*, organisation: Organisation, year=None, body=None, unit=None, modified_since=None):
    qs = Plan.objects.filter(organisation=organisation).select_related("body", "unit")
    if year is not None:
        qs = qs.filter(year=year)
    if body is not None:
        qs = qs.filter(body__code=body)
    if unit is not None:
        qs = qs.filter(unit__code=unit)
    return _since(qs, modified_since)


def plan_get(*, organisation: Organisation, pk: int) -> Plan | None:
    return (
        Plan.objects.filter(organisation=organisation, pk=pk).select_related("body", "unit").first()
    )


def plan_items(*, plan: Plan) -> list[tuple[str, object]]:
    """The plan's goals, assignments and activities as (kind, item), each kind by id."""
    found = []
    for kind, related in (
        ("goal", "goals"),
        ("assignment", "assignments"),
        ("activity", "activities"),
    ):
        items = getattr(plan, related).select_related("responsible_unit").order_by("pk")
        found += [(kind, item) for item in items]
    return found


def plan_indicator_ids(*, plan: Plan) -> list[int]:
    return list(plan.indicators.order_by("pk").values_list("pk", flat=True))


def indicators(*, organisation: Organisation, plan=None, modified_since=None):
    qs = Indicator.objects.filter(organisation=organisation)
    if plan is not None:
        qs = qs.filter(plans__pk=plan)
    return _since(qs, modified_since)


def indicator_get(*, organisation: Organisation, pk: int) -> Indicator | None:
    return Indicator.objects.filter(organisation=organisation, pk=pk).first()


def measurements(
    *,
    organisation: Organisation,
    units_q,
    unit: Unit | None = None,
    body: Body | None = None,
    year=None,
    indicator=None,
    modified_since=None,
):
    """Measurements of the units ``units_q`` selects (None: every unit)."""
    qs = Measurement.objects.filter(indicator__organisation=organisation).select_related("unit")
    if units_q is not None:
        qs = qs.filter(unit__in=Unit.objects.filter(units_q))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if body is not None:
        qs = qs.filter(unit__body=body)
    if year is not None:
        qs = qs.filter(period_end__year=year)
    if indicator is not None:
        qs = qs.filter(indicator_id=indicator)
    return _since(qs, modified_since)


def periods(*, organisation: Organisation, year=None, modified_since=None):
    qs = ReportingPeriod.objects.filter(organisation=organisation)
    if year is not None:
        qs = qs.filter(year=year)
    return _since(qs, modified_since)


def assessments(*, organisation: Organisation, units_q):
    """Assessments of the units ``units_q`` selects, with what their answer shows."""
    return Assessment.objects.filter(
        period__organisation=organisation, unit__in=Unit.objects.filter(units_q)
    ).select_related("unit", "status", "forecast", "goal", "assignment", "activity", "indicator")


def scale_level(*, assessment: Assessment, code: str) -> ScaleLevel | None:
    return ScaleLevel.objects.filter(
        organisation_id=assessment.period.organisation_id,
        item_kind=assessment.item_kind,
        code=code,
    ).first()


def indicator_by_code(*, organisation: Organisation, code: str) -> Indicator | None:
    """An indicator by its id, or by its Kolada id when exactly one indicator has it."""
    qs = Indicator.objects.filter(organisation=organisation)
    if code.isascii() and code.isdigit() and len(code) < 12:
        found = qs.filter(pk=int(code)).first()
        if found is not None:
            return found
    by_kolada = list(qs.filter(kolada_id=code)[:2])
    return by_kolada[0] if len(by_kolada) == 1 else None


def assessment_get(*, pk: int) -> Assessment:
    return Assessment.objects.select_related(
        "unit", "status", "forecast", "goal", "assignment", "activity", "indicator"
    ).get(pk=pk)
