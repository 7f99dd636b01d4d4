"""Writes of internal control. Each service is keyword-only, takes the acting user, checks its
permission first with its scope, runs in one transaction and writes its audit row there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.core.html_sanitize import sanitize
from uppsikt.core.permissions import user_or_none
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.models import DecisionAssignment, MinutesItem
from uppsikt.organisation.models import Body, Organisation, Person, Unit
from uppsikt.organisation.permissions import ensure_can, ensure_can_everywhere

from . import selectors
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

# The default categories (code, name) and scales (value, label, description): data, which each
# organisation can change (docs/control.md).
DEFAULT_CATEGORIES = [
    ("external", "Omvärld"),
    ("operations", "Verksamhet"),
    ("legal", "Legal"),
    ("it", "IT"),
    ("reporting", "Rapportering"),
]
DEFAULT_SCALES = {
    RiskScaleStep.Dimension.PROBABILITY: [
        (1, "Osannolik", "Mer sällan än en gång per 100 år"),
        (2, "Mindre sannolik", "En gång per 10–100 år"),
        (3, "Möjlig", "En gång per 1–10 år"),
        (4, "Sannolik", "Mer än en gång per år"),
    ],
    RiskScaleStep.Dimension.CONSEQUENCE: [
        (
            1,
            "Försumbar",
            "Obetydlig påverkan på verksamheten, invånarna, ekonomin eller förtroendet",
        ),
        (2, "Lindrig", "Begränsad påverkan som rättas till inom verksamheten"),
        (3, "Kännbar", "Betydande påverkan på verksamheten, ekonomin eller förtroendet"),
        (4, "Allvarlig", "Mycket allvarlig påverkan; verksamheten kan inte utföra sitt uppdrag"),
    ],
}


def _stale(what: str) -> DomainError:
    return DomainError(
        _(
            "%(what)s har ändrats av någon annan sedan du öppnade den. "
            "Ladda om sidan och gör om din ändring."
        )
        % {"what": what}
    )


def _text(value: str, *, name: str, max_length: int | None = None, required: bool = True) -> str:
    value = " ".join((value or "").split()) if max_length else (value or "").strip()
    if required and not value:
        raise DomainError(_("Fyll i %(name)s.") % {"name": name})
    if max_length and len(value) > max_length:
        raise DomainError(
            _("%(name)s får vara högst %(n)s tecken.")
            % {"name": name.capitalize(), "n": max_length}
        )
    return value


# --------------------------------------------------------------------------------------------
# Categories and scales


def _defaults_ensure(*, actor, organisation: Organisation) -> None:
    """Give the organisation the default categories and scales, where it has none."""
    if not RiskCategory.objects.filter(organisation=organisation).exists():
        for position, (code, name) in enumerate(DEFAULT_CATEGORIES):
            category = RiskCategory.objects.create(
                organisation=organisation, code=code, name=name, position=position
            )
            audit_record(actor=actor, action="risk_category.create", obj=category)
    for dimension, steps in DEFAULT_SCALES.items():
        if RiskScaleStep.objects.filter(organisation=organisation, dimension=dimension).exists():
            continue
        for value, label, description in steps:
            step = RiskScaleStep.objects.create(
                organisation=organisation,
                dimension=dimension,
                value=value,
                label=label,
                description=description,
            )
            audit_record(actor=actor, action="risk_scale_step.create", obj=step)


@transaction.atomic
def defaults_create(*, actor, organisation: Organisation) -> None:
    """The default risk categories and probability and consequence scales (kept where the
    organisation has its own)."""
    ensure_can_everywhere(actor, "control.configure")
    _defaults_ensure(actor=actor, organisation=organisation)


@transaction.atomic
def category_create(*, actor, organisation: Organisation, name: str) -> RiskCategory:
    ensure_can_everywhere(actor, "control.configure")
    name = _text(name, name=_("kategorins namn"), max_length=100)
    if RiskCategory.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise DomainError(_("Kategorin finns redan."))
    base = slugify(name)[:24] or "kategori"
    code, n = base, 1
    while RiskCategory.objects.filter(organisation=organisation, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    position = RiskCategory.objects.filter(organisation=organisation).aggregate(m=Max("position"))[
        "m"
    ]
    category = RiskCategory.objects.create(
        organisation=organisation,
        code=code,
        name=name,
        position=0 if position is None else position + 1,
    )
    audit_record(actor=actor, action="risk_category.create", obj=category)
    return category


@transaction.atomic
def category_rename(*, actor, category: RiskCategory, name: str) -> RiskCategory:
    ensure_can_everywhere(actor, "control.configure")
    category = RiskCategory.objects.select_for_update().get(pk=category.pk)
    name = _text(name, name=_("kategorins namn"), max_length=100)
    if (
        RiskCategory.objects.filter(organisation_id=category.organisation_id, name__iexact=name)
        .exclude(pk=category.pk)
        .exists()
    ):
        raise DomainError(_("Kategorin finns redan."))
    before = snapshot(category)
    category.name = name
    category.save(update_fields=["name", "updated_at"])
    audit_record(actor=actor, action="risk_category.rename", obj=category, before=before)
    return category


@transaction.atomic
def category_delete(*, actor, category: RiskCategory) -> None:
    ensure_can_everywhere(actor, "control.configure")
    if category.risks.exists():
        raise DomainError(
            _("Kategorin används av risker i en internkontrollplan och kan inte tas bort.")
        )
    before = snapshot(category)
    audit_record(
        actor=actor, action="risk_category.delete", obj=category, before=before, after=None
    )
    category.delete()


@transaction.atomic
def scale_step_update(
    *, actor, step: RiskScaleStep, label: str, description: str = ""
) -> RiskScaleStep:
    """Change the wording of a step of the probability or consequence scale."""
    ensure_can_everywhere(actor, "control.configure")
    step = RiskScaleStep.objects.select_for_update().get(pk=step.pk)
    before = snapshot(step)
    step.label = _text(label, name=_("benämningen"), max_length=60)
    step.description = _text(description, name=_("beskrivningen"), max_length=300, required=False)
    step.save(update_fields=["label", "description", "updated_at"])
    audit_record(actor=actor, action="risk_scale_step.update", obj=step, before=before)
    return step


@transaction.atomic
def scale_step_add(
    *, actor, organisation: Organisation, dimension: str, label: str, description: str = ""
) -> RiskScaleStep:
    """Add a step at the top of a scale (a 1–4 scale becomes 1–5)."""
    ensure_can_everywhere(actor, "control.configure")
    if dimension not in RiskScaleStep.Dimension.values:
        raise DomainError(_("Välj sannolikhet eller konsekvens."))
    top = RiskScaleStep.objects.filter(organisation=organisation, dimension=dimension).aggregate(
        m=Max("value")
    )["m"]
    if top is not None and top >= 10:
        raise DomainError(_("En skala har högst tio steg."))
    step = RiskScaleStep.objects.create(
        organisation=organisation,
        dimension=dimension,
        value=(top or 0) + 1,
        label=_text(label, name=_("benämningen"), max_length=60),
        description=_text(description, name=_("beskrivningen"), max_length=300, required=False),
    )
    audit_record(actor=actor, action="risk_scale_step.create", obj=step)
    return step


@transaction.atomic
def scale_step_remove(*, actor, step: RiskScaleStep) -> None:
    """Remove the top step of a scale, when no risk is judged on it."""
    ensure_can_everywhere(actor, "control.configure")
    siblings = RiskScaleStep.objects.select_for_update().filter(
        organisation_id=step.organisation_id, dimension=step.dimension
    )
    values = sorted(siblings.values_list("value", flat=True))
    if step.value != values[-1]:
        raise DomainError(_("Bara skalans översta steg kan tas bort."))
    if len(values) <= 2:
        raise DomainError(_("En skala behöver minst två steg."))
    used = Risk.objects.filter(
        plan__organisation_id=step.organisation_id, **{f"{step.dimension}__gte": step.value}
    ).exists()
    if used:
        raise DomainError(_("Det finns risker bedömda på steget; det kan inte tas bort."))
    audit_record(
        actor=actor, action="risk_scale_step.delete", obj=step, before=snapshot(step), after=None
    )
    step.delete()


# --------------------------------------------------------------------------------------------
# Plans


@transaction.atomic
def plan_create(*, actor, body: Body, year: int) -> ControlPlan:
    """Start a body's control plan for a year (the organisation gets the default categories and
    scales if it has none)."""
    ensure_can(actor, "control.plan_edit", body)
    if not 2000 <= year <= 2100:
        raise DomainError(_("Ange ett år mellan 2000 och 2100."))
    if ControlPlan.objects.filter(body=body, year=year).exists():
        raise DomainError(
            _("%(body)s har redan en internkontrollplan för %(year)s.")
            % {"body": body.name, "year": year}
        )
    _defaults_ensure(actor=actor, organisation=body.organisation)
    plan = ControlPlan.objects.create(
        organisation=body.organisation, body=body, year=year, created_by=user_or_none(actor)
    )
    audit_record(actor=actor, action="control_plan.create", obj=plan)
    return plan


def _lock_plan(plan: ControlPlan) -> ControlPlan:
    return (
        ControlPlan.objects.select_for_update(of=("self",)).select_related("body").get(pk=plan.pk)
    )


def _ensure_editable(plan: ControlPlan) -> None:
    decision = selectors.plan_decision(plan)
    if not decision.editable:
        raise InvalidTransition(
            _(
                "Planen är beslutad (%(item)s) och dess risker och kontrollmoment kan inte "
                "längre ändras."
            )
            % {"item": decision.item.label if decision.item else ""}
        )


def _proposal_summary(plan: ControlPlan) -> str:
    risks = list(plan.risks.all())
    acted = [r for r in risks if r.decision == Risk.Decision.ACT]
    points = ControlPoint.objects.filter(risk__plan=plan).count()
    return _(
        "%(body)s ska varje år anta en internkontrollplan. Planen för %(year)s bygger på en "
        "riskanalys av verksamhetens processer där varje risk bedömts efter sannolikhet och "
        "konsekvens. Av %(risks)s bedömda risker åtgärdas %(acted)s med %(points)s "
        "kontrollmoment som följs upp i uppföljningsrapporterna; övriga risker accepteras."
    ) % {
        "body": plan.body.name,
        "year": plan.year,
        "risks": len(risks),
        "acted": len(acted),
        "points": points,
    }


@transaction.atomic
def plan_propose(
    *, actor, plan: ControlPlan, case: Case | None = None, registered_on: dt.date | None = None
) -> ControlPlan:
    """Send the plan for decision: register its case in the body's register (or use ``case``,
    already registered there) and write the decision proposal to adopt it. The proposal is then
    completed and finalised in the register and put on the body's agenda; the plan is adopted
    when its § is decided and approved."""
    ensure_can(actor, "control.plan_edit", plan.body)
    plan = _lock_plan(plan)
    if plan.proposal_id is not None:
        raise InvalidTransition(_("Planen har redan ett beslutsförslag."))
    if not plan.risks.exists():
        raise DomainError(_("Planen har inga risker ännu."))
    title = _("Internkontrollplan %(year)s för %(body)s") % {
        "year": plan.year,
        "body": plan.body.name,
    }
    serving = Unit.objects.filter(body=plan.body, is_active=True).order_by("path")
    if case is None:
        officer = Person.objects.filter(user_id=getattr(actor, "pk", None) or 0).first()
        case = case_services.case_register(
            actor=actor,
            organisation=plan.organisation,
            body=plan.body,
            title=title,
            unit=serving.first(),
            officer=officer,
            description=_("Internkontrollplan med riskanalys och kontrollmoment för %(year)s.")
            % {"year": plan.year},
            registered_on=registered_on,
        )
    elif case.body_id != plan.body_id or case.organisation_id != plan.organisation_id:
        raise DomainError(_("Ärendet hör till ett annat organs diarium."))
    proposal = case_services.proposal_create(
        actor=actor, case=case, title=title, date=registered_on or timezone.localdate()
    )
    proposal = case_services.proposal_update(
        actor=actor,
        proposal=proposal,
        decision_points=[
            _("anta internkontrollplan %(year)s för %(body)s.")
            % {"year": plan.year, "body": plan.body.name}
        ],
        summary=_proposal_summary(plan),
        attachments=[
            _("Internkontrollplan %(year)s, %(body)s") % {"year": plan.year, "body": plan.body.name}
        ],
        dispatch_to=[u.name for u in serving],
    )
    before = snapshot(plan)
    plan.case, plan.proposal = case, proposal
    plan.version += 1
    plan.save(update_fields=["case", "proposal", "version", "updated_at"])
    audit_record(actor=actor, action="control_plan.propose", obj=plan, before=before)
    return plan


@transaction.atomic
def plan_evaluation_save(*, actor, plan: ControlPlan, version: int, text: str) -> ControlPlan:
    """The body's evaluation of the year's internal control (stated in the annual report)."""
    ensure_can(actor, "control.plan_edit", plan.body)
    plan = _lock_plan(plan)
    if plan.version != version:
        raise _stale(_("Planen"))
    before = snapshot(plan)
    plan.evaluation = sanitize(text or "").strip()
    plan.version += 1
    plan.save(update_fields=["evaluation", "version", "updated_at"])
    audit_record(actor=actor, action="control_plan.evaluation", obj=plan, before=before)
    return plan


# --------------------------------------------------------------------------------------------
# Risks


def _check_risk(
    plan: ControlPlan, *, category: RiskCategory, probability: int, consequence: int, decision: str
) -> None:
    if category.organisation_id != plan.organisation_id:
        raise DomainError(_("Kategorin hör till en annan organisation."))
    steps = selectors.scales(organisation=plan.organisation)
    for name, value, dimension in (
        (_("Sannolikheten"), probability, "probability"),
        (_("Konsekvensen"), consequence, "consequence"),
    ):
        values = [s.value for s in steps[dimension]]
        if value not in values:
            raise DomainError(
                _("%(name)s ska vara ett steg på skalan %(low)s–%(high)s.")
                % {
                    "name": name,
                    "low": values[0] if values else 1,
                    "high": values[-1] if values else 1,
                }
            )
    if decision not in Risk.Decision.values:
        raise DomainError(_("Välj om risken ska accepteras eller åtgärdas."))


@transaction.atomic
def risk_create(
    *,
    actor,
    plan: ControlPlan,
    process: str,
    description: str,
    category: RiskCategory,
    probability: int,
    consequence: int,
    decision: str,
) -> Risk:
    ensure_can(actor, "control.plan_edit", plan.body)
    plan = _lock_plan(plan)
    _ensure_editable(plan)
    _check_risk(
        plan, category=category, probability=probability, consequence=consequence, decision=decision
    )
    position = plan.risks.aggregate(m=Max("position"))["m"]
    risk = Risk.objects.create(
        plan=plan,
        process=_text(process, name=_("processen"), max_length=200),
        description=_text(description, name=_("riskbeskrivningen")),
        category=category,
        probability=probability,
        consequence=consequence,
        decision=decision,
        position=0 if position is None else position + 1,
    )
    audit_record(actor=actor, action="risk.create", obj=risk, detail={"value": risk.value})
    return risk


@transaction.atomic
def risk_update(
    *,
    actor,
    risk: Risk,
    version: int,
    process: str,
    description: str,
    category: RiskCategory,
    probability: int,
    consequence: int,
    decision: str,
) -> Risk:
    ensure_can(actor, "control.plan_edit", risk.plan.body)
    plan = _lock_plan(risk.plan)
    _ensure_editable(plan)
    current = Risk.objects.select_for_update().get(pk=risk.pk)
    if current.version != version:
        raise _stale(_("Risken"))
    _check_risk(
        plan, category=category, probability=probability, consequence=consequence, decision=decision
    )
    if decision == Risk.Decision.ACCEPT and current.control_points.exists():
        raise DomainError(_("Risken har kontrollmoment. Ta bort dem innan risken accepteras."))
    before = snapshot(current)
    current.process = _text(process, name=_("processen"), max_length=200)
    current.description = _text(description, name=_("riskbeskrivningen"))
    current.category = category
    current.probability, current.consequence = probability, consequence
    current.decision = decision
    current.version += 1
    current.save()
    audit_record(
        actor=actor,
        action="risk.update",
        obj=current,
        before=before,
        detail={"value": current.value},
    )
    return current


@transaction.atomic
def risk_delete(*, actor, risk: Risk) -> None:
    ensure_can(actor, "control.plan_edit", risk.plan.body)
    plan = _lock_plan(risk.plan)
    _ensure_editable(plan)
    if risk.control_points.exists():
        raise DomainError(_("Risken har kontrollmoment. Ta bort dem först."))
    audit_record(actor=actor, action="risk.delete", obj=risk, before=snapshot(risk), after=None)
    risk.delete()


# --------------------------------------------------------------------------------------------
# Control points


def _check_point(
    plan: ControlPlan, *, unit: Unit, person: Person | None, periods: list[ReportingPeriod]
) -> None:
    if not selectors.units_for_plan(plan=plan).filter(pk=unit.pk).exists():
        raise DomainError(
            _("%(unit)s hör inte till de enheter som arbetar åt %(body)s.")
            % {"unit": unit.name, "body": plan.body.name}
        )
    if person is not None and person.organisation_id != plan.organisation_id:
        raise DomainError(_("Personen hör till en annan organisation."))
    if not periods:
        raise DomainError(_("Välj minst en uppföljningsperiod då kontrollmomentet rapporteras."))
    for period in periods:
        if period.organisation_id != plan.organisation_id or period.year != plan.year:
            raise DomainError(
                _("Kontrollmomentet rapporteras i perioder under %(year)s.") % {"year": plan.year}
            )


def _point_texts(question: str, method: str, frequency: str) -> dict:
    return {
        "question": _text(question, name=_("kontrollfrågan"), max_length=300),
        "method": _text(method, name=_("metoden")),
        "frequency": _text(frequency, name=_("frekvensen"), max_length=100),
    }


def _results_follow(point: ControlPoint, periods: list[ReportingPeriod]) -> None:
    """Each period the point is reported in has its result (an empty draft); a period taken
    away takes its draft with it (nothing is reported before the plan is adopted)."""
    wanted = {p.pk for p in periods}
    for result in point.results.exclude(period_id__in=wanted):
        if result.version != 1 or result.state != ControlResult.State.DRAFT:
            raise DomainError(
                _("Det finns redan ett resultat för perioden %(p)s.") % {"p": result.period}
            )
        result.delete()
    have = set(point.results.values_list("period_id", flat=True))
    for period in periods:
        if period.pk not in have:
            ControlResult.objects.create(control_point=point, period=period)


@transaction.atomic
def control_point_create(
    *,
    actor,
    risk: Risk,
    question: str,
    method: str,
    frequency: str,
    responsible_unit: Unit,
    responsible_person: Person | None = None,
    periods: Iterable[ReportingPeriod] = (),
) -> ControlPoint:
    """A control point for a risk the plan acts on, with a draft result for each period."""
    ensure_can(actor, "control.plan_edit", risk.plan.body)
    plan = _lock_plan(risk.plan)
    _ensure_editable(plan)
    if risk.decision != Risk.Decision.ACT:
        raise DomainError(_("Kontrollmoment ges bara till risker som ska åtgärdas."))
    periods = list(periods)
    _check_point(plan, unit=responsible_unit, person=responsible_person, periods=periods)
    position = risk.control_points.aggregate(m=Max("position"))["m"]
    point = ControlPoint.objects.create(
        risk=risk,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        position=0 if position is None else position + 1,
        **_point_texts(question, method, frequency),
    )
    point.periods.set(periods)
    _results_follow(point, periods)
    audit_record(
        actor=actor,
        action="control_point.create",
        obj=point,
        detail={"periods": sorted(p.pk for p in periods)},
    )
    return point


@transaction.atomic
def control_point_update(
    *,
    actor,
    control_point: ControlPoint,
    version: int,
    question: str,
    method: str,
    frequency: str,
    responsible_unit: Unit,
    responsible_person: Person | None = None,
    periods: Iterable[ReportingPeriod] = (),
) -> ControlPoint:
    plan = control_point.risk.plan
    ensure_can(actor, "control.plan_edit", plan.body)
    plan = _lock_plan(plan)
    _ensure_editable(plan)
    current = ControlPoint.objects.select_for_update().get(pk=control_point.pk)
    if current.version != version:
        raise _stale(_("Kontrollmomentet"))
    periods = list(periods)
    _check_point(plan, unit=responsible_unit, person=responsible_person, periods=periods)
    before = snapshot(current)
    before["periods"] = sorted(current.periods.values_list("pk", flat=True))
    for name, value in _point_texts(question, method, frequency).items():
        setattr(current, name, value)
    current.responsible_unit, current.responsible_person = responsible_unit, responsible_person
    current.version += 1
    current.save()
    current.periods.set(periods)
    _results_follow(current, periods)
    audit_record(
        actor=actor,
        action="control_point.update",
        obj=current,
        before=before,
        detail={"periods": sorted(p.pk for p in periods)},
    )
    return current


@transaction.atomic
def control_point_delete(*, actor, control_point: ControlPoint) -> None:
    plan = control_point.risk.plan
    ensure_can(actor, "control.plan_edit", plan.body)
    _ensure_editable(_lock_plan(plan))
    _results_follow(control_point, [])
    before = snapshot(control_point)
    audit_record(
        actor=actor, action="control_point.delete", obj=control_point, before=before, after=None
    )
    control_point.periods.clear()
    control_point.delete()


# --------------------------------------------------------------------------------------------
# Results: draft → submitted → approved (or returned)


def _lock_result(result: ControlResult, version: int) -> ControlResult:
    """Re-read the row under a lock and refuse a save based on an older version."""
    current = (
        ControlResult.objects.select_for_update(of=("self",))
        .select_related(
            "period", "control_point__risk__plan__body", "control_point__responsible_unit"
        )
        .get(pk=result.pk)
    )
    if current.version != version:
        raise DomainError(
            _(
                "Kontrollresultatet har ändrats av någon annan sedan du öppnade det. "
                "Ladda om sidan och gör om din ändring."
            )
        )
    return current


def _ensure_reportable(result: ControlResult) -> None:
    if not selectors.plan_decision(result.control_point.risk.plan).adopted:
        raise InvalidTransition(_("Internkontrollplanen är inte antagen ännu."))
    if not result.period.is_open:
        raise InvalidTransition(_("Perioden är stängd för rapportering."))


@transaction.atomic
def result_save_draft(
    *,
    actor,
    result: ControlResult,
    version: int,
    outcome: str = "",
    checked: str = "",
    comment: str = "",
) -> ControlResult:
    """Save what the reporter has filled in so far; ``version`` is the one the form was opened
    with (a save in between is not overwritten)."""
    ensure_can(actor, "control.report", result.control_point.responsible_unit)
    current = _lock_result(result, version)
    if not current.is_editable:
        raise InvalidTransition(_("Ett inlämnat eller godkänt kontrollresultat kan inte ändras."))
    _ensure_reportable(current)
    if outcome and outcome not in Outcome.values:
        raise DomainError(_("Välj ett resultat på skalan."))
    if outcome == Outcome.NONE and current.actions.exists():
        raise DomainError(_("Avvikelsen har åtgärder; resultatet kan inte bli ”Ingen avvikelse”."))
    before = snapshot(current)
    current.outcome = outcome
    current.checked = sanitize(checked or "").strip()
    current.comment = sanitize(comment or "").strip()
    current.version += 1
    current.save(update_fields=["outcome", "checked", "comment", "version", "updated_at"])
    audit_record(actor=actor, action="control_result.save", obj=current, before=before)
    return current


@transaction.atomic
def result_submit(*, actor, result: ControlResult, version: int) -> ControlResult:
    ensure_can(actor, "control.report", result.control_point.responsible_unit)
    current = _lock_result(result, version)
    if not current.is_editable:
        raise InvalidTransition(_("Bara utkast och återsända kontrollresultat kan lämnas in."))
    _ensure_reportable(current)
    if not current.outcome:
        raise DomainError(_("Välj resultatet av kontrollen innan du lämnar in."))
    if not current.checked.strip():
        raise DomainError(_("Beskriv vad som har kontrollerats innan du lämnar in."))
    before = snapshot(current)
    current.state = ControlResult.State.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    current.save(update_fields=["state", "submitted_at", "version", "updated_at"])
    audit_record(actor=actor, action="control_result.submit", obj=current, before=before)
    return current


@transaction.atomic
def result_approve(*, actor, result: ControlResult, version: int) -> ControlResult:
    ensure_can(actor, "control.approve", result.control_point.responsible_unit)
    current = _lock_result(result, version)
    if current.state != ControlResult.State.SUBMITTED:
        raise InvalidTransition(_("Bara inlämnade kontrollresultat kan godkännas."))
    before = snapshot(current)
    current.state = ControlResult.State.APPROVED
    current.approved_at = timezone.now()
    current.return_comment = ""
    current.version += 1
    current.save(update_fields=["state", "approved_at", "return_comment", "version", "updated_at"])
    audit_record(actor=actor, action="control_result.approve", obj=current, before=before)
    return current


@transaction.atomic
def result_return(*, actor, result: ControlResult, version: int, comment: str) -> ControlResult:
    """Send a submitted result back to the reporter, saying why."""
    ensure_can(actor, "control.approve", result.control_point.responsible_unit)
    current = _lock_result(result, version)
    if current.state != ControlResult.State.SUBMITTED:
        raise InvalidTransition(_("Bara inlämnade kontrollresultat kan skickas tillbaka."))
    if not (comment or "").strip():
        raise DomainError(_("Skriv varför kontrollresultatet skickas tillbaka."))
    before = snapshot(current)
    current.state = ControlResult.State.RETURNED
    current.return_comment = sanitize(comment).strip()
    current.version += 1
    current.save(update_fields=["state", "return_comment", "version", "updated_at"])
    audit_record(actor=actor, action="control_result.return", obj=current, before=before)
    return current


# --------------------------------------------------------------------------------------------
# Actions


def _check_owner(owner: Person, result: ControlResult) -> None:
    if owner.organisation_id != result.period.organisation_id:
        raise DomainError(_("Den ansvariga hör till en annan organisation."))


@transaction.atomic
def action_create(
    *, actor, result: ControlResult, description: str, owner: Person, due_date: dt.date
) -> Action:
    """An action for a deviation (or minor deviation) the result reports."""
    ensure_can(actor, "control.report", result.control_point.responsible_unit)
    result = (
        ControlResult.objects.select_for_update(of=("self",))
        .select_related("period")
        .get(pk=result.pk)
    )
    if not result.outcome or not Outcome(result.outcome).is_deviation:
        raise DomainError(_("Åtgärder ges till kontrollresultat med avvikelse."))
    _check_owner(owner, result)
    if due_date is None:
        raise DomainError(_("Ange när åtgärden ska vara klar."))
    action = Action.objects.create(
        result=result,
        description=_text(description, name=_("åtgärden")),
        owner=owner,
        due_date=due_date,
        created_by=user_or_none(actor),
    )
    audit_record(actor=actor, action="control_action.create", obj=action)
    return action


@transaction.atomic
def action_update(
    *,
    actor,
    action: Action,
    version: int,
    description: str,
    owner: Person,
    due_date: dt.date,
    status: str,
    follow_up: str = "",
) -> Action:
    """Follow an action up: its status (until done), what has been done, owner and due date."""
    ensure_can(actor, "control.report", action.result.control_point.responsible_unit)
    current = (
        Action.objects.select_for_update(of=("self",))
        .select_related("result__period")
        .get(pk=action.pk)
    )
    if current.version != version:
        raise _stale(_("Åtgärden"))
    if status not in Action.Status.values:
        raise DomainError(_("Välj en status."))
    _check_owner(owner, current.result)
    if due_date is None:
        raise DomainError(_("Ange när åtgärden ska vara klar."))
    before = snapshot(current)
    current.description = _text(description, name=_("åtgärden"))
    current.owner, current.due_date = owner, due_date
    current.follow_up = (follow_up or "").strip()
    if status == Action.Status.DONE and current.status != Action.Status.DONE:
        current.done_on = timezone.localdate()
    elif status != Action.Status.DONE:
        current.done_on = None
    current.status = status
    current.version += 1
    current.save()
    audit_record(actor=actor, action="control_action.update", obj=current, before=before)
    return current


@transaction.atomic
def action_raise(
    *, actor, action: Action, item: MinutesItem, point: int, due_date: dt.date | None = None
) -> Action:
    """Raise an action into an assignment given by a decision of the plan's body: decision
    point ``point`` of § ``item`` is registered as the assignment to the control point's
    responsible unit (or, if it is registered already, the action is linked to it)."""
    plan = action.result.control_point.risk.plan
    ensure_can(actor, "control.action_raise", plan.body)
    current = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
    if current.decision_assignment_id is not None:
        raise InvalidTransition(_("Åtgärden är redan lyft till ett uppdrag."))
    if item.body_id != plan.body_id:
        raise DomainError(
            _("Uppdraget ges genom ett beslut av %(body)s.") % {"body": plan.body.name}
        )
    if not item.decision_points:
        raise DomainError(_("Paragrafen har inget beslut ännu."))
    assignment = DecisionAssignment.objects.filter(given_by=item, point=point).first()
    if assignment is None:
        assignment = meeting_services.assignment_create(
            actor=actor,
            item=item,
            point=point,
            recipient_unit=action.result.control_point.responsible_unit,
            due_date=due_date or current.due_date,
        )
    before = snapshot(current)
    current.decision_assignment = assignment
    current.version += 1
    current.save(update_fields=["decision_assignment", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="control_action.raise",
        obj=current,
        before=before,
        detail={"minutes_item": item.pk, "point": point},
    )
    return current
