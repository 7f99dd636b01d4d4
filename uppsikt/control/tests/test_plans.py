"""Drawing up a control plan: the plan, its risks and control points, each write scoped to the
plan's body, with optimistic locking; sending it for decision through the register; and where it
stands, read from the § that decided it."""

from __future__ import annotations

import pytest

from uppsikt.control import selectors, services
from uppsikt.control.models import ControlResult, Risk, RiskCategory, RiskScaleStep
from uppsikt.control.rules import PlanStatus
from uppsikt.core.audit import AuditEvent
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.organisation.tests import factories as org

pytestmark = pytest.mark.django_db


def test_a_controller_on_the_body_creates_its_plan_with_the_default_categories_and_scales(region):
    plan = region.plan()
    assert (plan.body, plan.year, plan.title) == (
        region.dnrs,
        2025,
        "Internkontrollplan 2025 Driftnämnden Regionservice",
    )
    codes = list(
        RiskCategory.objects.filter(organisation=region.org).values_list("code", flat=True)
    )
    assert codes == ["external", "operations", "legal", "it", "reporting"]
    probability = selectors.scale(organisation=region.org, dimension="probability")
    assert [(s.value, s.description) for s in (probability[0], probability[-1])] == [
        (1, "Mer sällan än en gång per 100 år"),
        (4, "Mer än en gång per år"),
    ]
    assert AuditEvent.objects.filter(action="control_plan.create", object_id=str(plan.pk)).exists()


def test_a_controller_on_another_body_cannot_create_the_plan(region):
    with pytest.raises(NotPermitted):
        services.plan_create(actor=region.controller_elsewhere, body=region.dnrs, year=2025)


def test_a_reporter_cannot_create_a_plan(region):
    with pytest.raises(NotPermitted):
        services.plan_create(actor=region.reporter, body=region.dnrs, year=2025)


def test_a_body_has_one_plan_a_year(region):
    region.plan()
    with pytest.raises(DomainError, match="redan en internkontrollplan"):
        region.plan()


def test_a_risk_has_its_value_computed_from_probability_and_consequence(region):
    risk = region.risk(region.plan(), probability=3, consequence=4)
    assert risk.value == 12  # 3 × 4
    event = AuditEvent.objects.get(action="risk.create", object_id=str(risk.pk))
    assert event.detail == {"value": 12}


@pytest.mark.parametrize(("probability", "consequence"), [(0, 2), (5, 2), (2, 5)])
def test_a_risk_must_be_judged_on_the_scale(region, probability, consequence):
    with pytest.raises(DomainError, match="steg på skalan 1–4"):
        region.risk(region.plan(), probability=probability, consequence=consequence)


def test_a_longer_scale_takes_a_higher_step(region):
    plan = region.plan()
    services.scale_step_add(
        actor=region.organisation_controller,
        organisation=region.org,
        dimension="probability",
        label="Mycket sannolik",
        description="Varje månad",
    )
    assert region.risk(plan, probability=5, consequence=2).value == 10


def test_a_category_of_another_organisation_is_refused(region):
    other = org.organisation()
    foreign = RiskCategory.objects.create(organisation=other, code="x", name="Främmande")
    with pytest.raises(DomainError, match="annan organisation"):
        region.risk(region.plan(), category=foreign)


def test_changing_a_risk_based_on_an_older_version_is_refused(region):
    risk = region.risk(region.plan())
    kwargs = dict(
        process="IT",
        description="Ny text",
        category=region.category(),
        probability=2,
        consequence=2,
        decision=Risk.Decision.ACT,
    )
    services.risk_update(actor=region.controller, risk=risk, version=1, **kwargs)
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.risk_update(actor=region.controller, risk=risk, version=1, **kwargs)
    assert Risk.objects.get(pk=risk.pk).version == 2


def test_a_risk_with_control_points_cannot_be_accepted_or_removed(region):
    risk = region.risk(region.plan())
    region.point(risk)
    with pytest.raises(DomainError, match="kontrollmoment"):
        services.risk_update(
            actor=region.controller,
            risk=risk,
            version=risk.version,
            process=risk.process,
            description=risk.description,
            category=risk.category,
            probability=1,
            consequence=1,
            decision=Risk.Decision.ACCEPT,
        )
    with pytest.raises(DomainError, match="kontrollmoment"):
        services.risk_delete(actor=region.controller, risk=risk)


def test_an_accepted_risk_gets_no_control_point(region):
    risk = region.risk(region.plan(), decision=Risk.Decision.ACCEPT)
    with pytest.raises(DomainError, match="åtgärdas"):
        region.point(risk)


def test_a_control_point_gets_a_draft_result_for_each_of_its_periods(region):
    point = region.point(region.risk(region.plan()), periods=[region.ur1, region.ur2])
    results = ControlResult.objects.filter(control_point=point).order_by("period__last_month")
    assert [(r.period, r.state, r.version) for r in results] == [
        (region.ur1, "draft", 1),
        (region.ur2, "draft", 1),
    ]


def test_changing_the_periods_adds_and_removes_their_drafts(region):
    point = region.point(region.risk(region.plan()), periods=[region.ur1, region.ur2])
    services.control_point_update(
        actor=region.controller,
        control_point=point,
        version=point.version,
        question=point.question,
        method=point.method,
        frequency=point.frequency,
        responsible_unit=point.responsible_unit,
        responsible_person=None,
        periods=[region.ur2, region.ar],
    )
    periods = set(
        ControlResult.objects.filter(control_point=point).values_list("period", flat=True)
    )
    assert periods == {region.ur2.pk, region.ar.pk}


def test_a_control_point_is_given_to_a_unit_serving_the_body(region):
    with pytest.raises(DomainError, match="arbetar åt Driftnämnden Regionservice"):
        region.point(region.risk(region.plan()), unit=region.kos)


def test_a_control_point_is_reported_in_periods_of_the_plans_year(region):
    from uppsikt.core.permissions import SYSTEM
    from uppsikt.followup import services as followup

    [ur1_2026, *_] = followup.periods_create_default(
        actor=SYSTEM, organisation=region.org, year=2026
    )
    with pytest.raises(DomainError, match="under 2025"):
        region.point(region.risk(region.plan()), periods=[ur1_2026])
    with pytest.raises(DomainError, match="minst en"):
        region.point(region.risk(region.plan(2024)), periods=[])


def test_changing_a_control_point_based_on_an_older_version_is_refused(region):
    point = region.point(region.risk(region.plan()))
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.control_point_update(
            actor=region.controller,
            control_point=point,
            version=point.version + 1,
            question="Ny fråga?",
            method=point.method,
            frequency=point.frequency,
            responsible_unit=point.responsible_unit,
            periods=[region.ur1],
        )


def test_a_controller_elsewhere_cannot_change_risks_or_control_points(region):
    plan = region.plan()
    risk = region.risk(plan)
    with pytest.raises(NotPermitted):
        services.risk_delete(actor=region.controller_elsewhere, risk=risk)
    point = region.point(risk)
    with pytest.raises(NotPermitted):
        services.control_point_delete(actor=region.controller_elsewhere, control_point=point)


# Sending for decision and adopting


def test_sending_for_decision_registers_a_case_with_a_proposal_to_adopt_the_plan(region):
    plan = region.plan()
    region.point(region.risk(plan))
    region.risk(plan, decision=Risk.Decision.ACCEPT, process="Extremväder", probability=1)
    plan = services.plan_propose(actor=region.admin, plan=plan)
    assert plan.case.number.startswith("DRS") and plan.case.body == region.dnrs
    assert plan.case.unit == region.rse
    proposal = plan.proposal
    assert proposal.decision_points == [
        "anta internkontrollplan 2025 för Driftnämnden Regionservice."
    ]
    # 2 risks, 1 acted on with 1 control point
    assert "Av 2 bedömda risker åtgärdas 1 med 1 kontrollmoment" in proposal.summary
    assert selectors.plan_decision(plan).status is PlanStatus.PROPOSED


def test_registering_the_case_needs_the_right_to_register(region):
    plan = region.plan()
    region.risk(plan)
    # the controller draws up the plan but does not register in the register
    with pytest.raises(NotPermitted, match="registrera"):
        services.plan_propose(actor=region.controller, plan=plan)
    plan.refresh_from_db()
    assert plan.case is None


def test_a_plan_without_risks_is_not_sent(region):
    with pytest.raises(DomainError, match="inga risker"):
        services.plan_propose(actor=region.admin, plan=region.plan())


def test_the_plan_is_decided_in_its_section_and_adopted_when_the_section_is_approved(region):
    plan = region.plan()
    region.point(region.risk(plan))
    item = region.adopt(plan, approve=False)
    decision = selectors.plan_decision(plan)
    assert (decision.status, decision.item) == (PlanStatus.DECIDED, item)
    from uppsikt.core.permissions import SYSTEM
    from uppsikt.meetings import services as meetings
    from uppsikt.meetings.models import Approval

    for person in region.members[:2]:
        meetings.minutes_approve(
            actor=SYSTEM, meeting=item.meeting, person=person, method=Approval.Method.IN_SYSTEM
        )
    assert selectors.plan_decision(plan).status is PlanStatus.ADOPTED


def test_a_decided_plan_cannot_change_its_risks_or_control_points(region):
    plan = region.plan()
    risk = region.risk(plan)
    point = region.point(risk)
    region.adopt(plan, approve=False)
    with pytest.raises(InvalidTransition, match="beslutad"):
        region.risk(plan)
    with pytest.raises(InvalidTransition, match="beslutad"):
        services.control_point_delete(actor=region.controller, control_point=point)


def test_the_evaluation_is_written_with_optimistic_locking(region):
    plan = region.plan()
    plan = services.plan_evaluation_save(
        actor=region.controller, plan=plan, version=plan.version, text="<p>God kontroll.</p>"
    )
    assert plan.evaluation == "<p>God kontroll.</p>"
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.plan_evaluation_save(actor=region.controller, plan=plan, version=1, text="x")
    with pytest.raises(NotPermitted):
        services.plan_evaluation_save(
            actor=region.controller_elsewhere, plan=plan, version=plan.version, text="x"
        )


# The organisation's categories and scales


def test_categories_and_scales_are_the_organisations_own_to_change(region):
    region.plan()
    category = services.category_create(
        actor=region.organisation_controller, organisation=region.org, name="Miljö"
    )
    assert category.code == "miljo"
    services.category_rename(actor=region.organisation_controller, category=category, name="Klimat")
    step = RiskScaleStep.objects.get(organisation=region.org, dimension="consequence", value=4)
    services.scale_step_update(
        actor=region.organisation_controller, step=step, label="Katastrofal", description=""
    )
    assert RiskScaleStep.objects.get(pk=step.pk).label == "Katastrofal"
    # a role on one body does not change the organisation's scales
    with pytest.raises(NotPermitted):
        services.category_create(actor=region.controller, organisation=region.org, name="X")


def test_a_category_in_use_and_a_step_in_use_stay(region):
    plan = region.plan()
    risk = region.risk(plan, probability=4)
    with pytest.raises(DomainError, match="används"):
        services.category_delete(actor=region.organisation_controller, category=risk.category)
    top = RiskScaleStep.objects.get(organisation=region.org, dimension="probability", value=4)
    with pytest.raises(DomainError, match="bedömda på steget"):
        services.scale_step_remove(actor=region.organisation_controller, step=top)
    low = RiskScaleStep.objects.get(organisation=region.org, dimension="probability", value=1)
    with pytest.raises(DomainError, match="översta"):
        services.scale_step_remove(actor=region.organisation_controller, step=low)
