from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Body, Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services
from uppsikt.planning.models import Goal, Plan

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return org_factories.organisation()


@pytest.fixture
def rs(org):
    return org_factories.body(org, "RS")


@pytest.fixture
def rk(org):
    return org_factories.unit(org, "RK")


def test_a_plan_is_created_as_a_draft_with_an_audit_row(org, rs):
    plan = factories.plan(org, rs, adopted=False)
    assert plan.status == Plan.Status.DRAFT
    assert AuditEvent.objects.filter(action="plan.create", object_id=str(plan.pk)).exists()


def test_a_body_has_one_plan_a_year(org, rs):
    factories.plan(org, rs)
    with pytest.raises(DomainError, match="har redan en plan för 2024"):
        factories.plan(org, rs)


def test_a_plan_goes_from_draft_to_adopted_to_closed(org, rs):
    plan = factories.plan(org, rs)
    plan = services.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.CLOSED)
    assert plan.status == Plan.Status.CLOSED


def test_a_closed_plan_cannot_be_reopened(org, rs):
    plan = factories.plan(org, rs)
    services.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.CLOSED)
    with pytest.raises(InvalidTransition):
        services.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.ADOPTED)


def test_a_reporter_may_not_create_a_plan(org, rs):
    reporter = org_factories.user("rapportor")
    org_factories.grant(reporter, Role.REPORTER, org)
    with pytest.raises(NotPermitted):
        services.plan_create(actor=reporter, organisation=org, body=rs, year=2024, title="X")


def test_a_controller_may_create_a_plan(org, rs):
    controller = org_factories.user("controller")
    org_factories.grant(controller, Role.CONTROLLER, org)
    plan = services.plan_create(
        actor=controller, organisation=org, body=rs, year=2024, title="Verksamhetsplan"
    )
    assert plan.pk


def test_a_body_goal_links_to_the_council_goals_it_serves(org, rs):
    rf = org_factories.body(org, "RF", kind=Body.Kind.COUNCIL)
    council = factories.council_goal(factories.plan(org, rf))
    goal = factories.body_goal(factories.plan(org, rs), serves=[council])
    assert list(goal.serves.all()) == [council]
    assert list(council.served_by.all()) == [goal]


def test_a_body_goal_cannot_serve_another_body_goal(org, rs):
    plan = factories.plan(org, rs)
    other = factories.body_goal(plan, "Annat nämndmål")
    with pytest.raises(DomainError, match="bara bidra till fullmäktiges mål"):
        factories.body_goal(plan, serves=[other])


def test_a_council_goal_serves_no_other_goal(org, rs):
    plan = factories.plan(org, rs)
    council = factories.council_goal(plan)
    with pytest.raises(DomainError):
        services.goal_create(
            actor=SYSTEM, plan=plan, level=Goal.Level.COUNCIL, title="X", serves=[council]
        )


def test_rich_text_is_sanitised_when_stored(org, rs, rk):
    assignment = factories.plan_assignment(
        factories.plan(org, rs),
        rk,
        description='<p onclick="x()">Text<script>alert(1)</script></p>',
    )
    assert assignment.description == "<p>Text</p>"


def test_an_activity_belongs_to_a_goal_or_an_assignment_not_both(org, rs, rk):
    plan = factories.plan(org, rs)
    goal = factories.body_goal(plan)
    assignment = factories.plan_assignment(plan, rk)
    with pytest.raises(DomainError):
        factories.activity(plan, rk, goal=goal, assignment=assignment)


def test_setting_a_target_again_changes_it(org, rs):
    indicator = factories.indicator(org)
    factories.target(indicator, body=rs, value="11.0")
    target = factories.target(indicator, body=rs, value="10.5")
    assert indicator.targets.count() == 1
    assert target.value == Decimal("10.5")


def test_a_target_is_for_a_body_or_a_unit(org, rs, rk):
    indicator = factories.indicator(org)
    with pytest.raises(DomainError):
        factories.target(indicator, body=rs, unit=rk)


def test_a_negative_tolerance_is_refused(org, rs):
    with pytest.raises(DomainError):
        factories.target(factories.indicator(org), body=rs, tolerance="-0.1")


def test_a_measurement_not_reported_needs_a_reason(org, rk):
    with pytest.raises(DomainError, match="skälet"):
        services.measurement_record(
            actor=SYSTEM,
            indicator=factories.indicator(org, "Sjukfrånvaro"),
            unit=rk,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 4, 30),
            not_reported=True,
        )


def test_a_measurement_not_reported_is_kept_with_its_reason(org, rk):
    m = services.measurement_record(
        actor=SYSTEM,
        indicator=factories.indicator(org, "Sjukfrånvaro"),
        unit=rk,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 4, 30),
        not_reported=True,
        reason="Nytt schemasystem",
    )
    assert (m.not_reported, m.value, m.reason) == (True, None, "Nytt schemasystem")


def test_a_measurement_needs_a_value_unless_not_reported(org, rk):
    with pytest.raises(DomainError):
        services.measurement_record(
            actor=SYSTEM,
            indicator=factories.indicator(org),
            unit=rk,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 4, 30),
        )


@pytest.fixture
def plan_2024(org, rs, rk):
    rf = org_factories.body(org, "RF", kind=Body.Kind.COUNCIL)
    council = factories.council_goal(factories.plan(org, rf))
    plan = factories.plan(org, rs, title="Verksamhetsplan 2024 Regionstyrelsen")
    goal = factories.body_goal(plan, "Nämndmål", serves=[council])
    assignment = factories.plan_assignment(plan, rk, "Uppdraget", goal=goal)
    factories.activity(plan, rk, "Aktiviteten", assignment=assignment)
    indicator = factories.indicator(org, plans=[plan])
    factories.target(indicator, body=rs, value="11.0", tolerance="0.5")
    return plan


def test_copying_forward_makes_next_years_draft_with_the_same_contents(plan_2024):
    new = services.plan_copy_forward(actor=SYSTEM, plan=plan_2024)
    assert (new.year, new.status, new.title) == (
        2025,
        Plan.Status.DRAFT,
        "Verksamhetsplan 2025 Regionstyrelsen",
    )
    [goal] = new.goals.all()
    [assignment] = new.assignments.all()
    [activity] = new.activities.all()
    assert assignment.goal == goal
    assert activity.assignment == assignment
    assert [g.title for g in goal.serves.all()] == ["Bidra till en hållbar resursanvändning"]


def test_copying_forward_carries_the_bodys_targets_to_the_new_year(plan_2024):
    new = services.plan_copy_forward(actor=SYSTEM, plan=plan_2024)
    [indicator] = new.indicators.all()
    target = indicator.targets.get(year=2025)
    assert (target.value, target.tolerance) == (Decimal("11.0"), Decimal("0.5"))


def test_copying_forward_to_an_earlier_year_is_refused(plan_2024):
    with pytest.raises(DomainError):
        services.plan_copy_forward(actor=SYSTEM, plan=plan_2024, year=2023)


def test_copying_forward_twice_is_refused(plan_2024):
    services.plan_copy_forward(actor=SYSTEM, plan=plan_2024)
    with pytest.raises(DomainError, match="har redan en plan för 2025"):
        services.plan_copy_forward(actor=SYSTEM, plan=plan_2024)
