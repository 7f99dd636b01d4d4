"""planning.manage is held on a plan's unit or body: a controller on one unit or body changes
only its own plans."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from uppsikt.core.exceptions import NotPermitted
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services
from uppsikt.planning.models import Goal, Plan

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """RS served by RK; DN served by RSE; a controller on the unit RSE, one on the body DN."""
    org = org_factories.organisation()
    rs = org_factories.body(org, "RS")
    dn = org_factories.body(org, "DN")
    rk = org_factories.unit(org, "RK", body=rs)
    rse = org_factories.unit(org, "RSE", body=dn)
    mat = org_factories.unit(org, "RSE-MAT", rse)
    unit_controller = org_factories.user("enhetscontroller")
    org_factories.grant(unit_controller, Role.CONTROLLER, org, unit=rse)
    body_controller = org_factories.user("organcontroller")
    org_factories.grant(body_controller, Role.CONTROLLER, org, body=dn)
    return {
        "org": org,
        "rs": rs,
        "dn": dn,
        "rk": rk,
        "rse": rse,
        "mat": mat,
        "unit_controller": unit_controller,
        "body_controller": body_controller,
    }


def test_a_unit_controller_cannot_create_a_plan_for_another_body(tree):
    with pytest.raises(NotPermitted):
        services.plan_create(
            actor=tree["unit_controller"],
            organisation=tree["org"],
            body=tree["rs"],
            year=2025,
            title="Verksamhetsplan RS",
        )
    assert not Plan.objects.filter(body=tree["rs"]).exists()


def test_a_unit_controller_cannot_create_its_bodys_own_plan(tree):
    # the body's plan covers every unit serving DN, more than RSE's subtree
    with pytest.raises(NotPermitted):
        services.plan_create(
            actor=tree["unit_controller"],
            organisation=tree["org"],
            body=tree["dn"],
            year=2025,
            title="Verksamhetsplan DN",
        )


def test_a_unit_controller_creates_and_changes_the_plan_of_its_unit(tree):
    plan = services.plan_create(
        actor=tree["unit_controller"],
        organisation=tree["org"],
        body=tree["dn"],
        unit=tree["mat"],
        year=2025,
        title="Måltidsservice 2025",
    )
    goal = services.goal_create(
        actor=tree["unit_controller"], plan=plan, level=Goal.Level.BODY, title="Mindre matsvinn"
    )
    assert goal.plan == plan


def test_a_body_controller_creates_its_bodys_plan_and_not_another_bodys(tree):
    plan = services.plan_create(
        actor=tree["body_controller"],
        organisation=tree["org"],
        body=tree["dn"],
        year=2025,
        title="Verksamhetsplan DN",
    )
    assert plan.body == tree["dn"]
    with pytest.raises(NotPermitted):
        services.plan_create(
            actor=tree["body_controller"],
            organisation=tree["org"],
            body=tree["rs"],
            year=2025,
            title="Verksamhetsplan RS",
        )


def test_a_body_controller_cannot_change_another_bodys_plan(tree):
    rs_plan = factories.plan(tree["org"], tree["rs"])
    with pytest.raises(NotPermitted):
        services.goal_create(
            actor=tree["body_controller"], plan=rs_plan, level=Goal.Level.BODY, title="Mål"
        )
    with pytest.raises(NotPermitted):
        services.plan_set_status(
            actor=tree["body_controller"], plan=rs_plan, status=Plan.Status.CLOSED
        )
    with pytest.raises(NotPermitted):
        services.plan_assignment_create(
            actor=tree["body_controller"],
            plan=rs_plan,
            title="Uppdrag",
            responsible_unit=tree["rk"],
        )


def test_a_unit_controller_cannot_set_a_target_for_a_unit_outside_its_subtree(tree):
    indicator = factories.indicator(tree["org"])
    with pytest.raises(NotPermitted):
        services.target_set(
            actor=tree["unit_controller"],
            indicator=indicator,
            year=2025,
            value=Decimal("10"),
            unit=tree["rk"],
        )
    target = services.target_set(
        actor=tree["unit_controller"],
        indicator=indicator,
        year=2025,
        value=Decimal("10"),
        unit=tree["mat"],
    )
    assert target.unit == tree["mat"]


def test_an_indicator_in_no_plan_needs_an_organisation_wide_controller(tree):
    with pytest.raises(NotPermitted):
        services.indicator_create(
            actor=tree["body_controller"],
            organisation=tree["org"],
            name="Sjukfrånvaro",
            direction="lower",
        )


def test_the_plan_page_refuses_a_unit_controller_creating_another_bodys_plan(tree):
    client = Client()
    client.force_login(tree["unit_controller"])
    response = client.post(
        reverse("planning:plan_create"),
        {"body": tree["rs"].pk, "year": 2025, "title": "Verksamhetsplan RS"},
    )
    assert response.status_code == 200  # the form again, with the refusal
    assert not Plan.objects.filter(body=tree["rs"]).exists()


def test_the_edit_pages_of_another_bodys_plan_are_refused(tree):
    rs_plan = factories.plan(tree["org"], tree["rs"])
    goal = factories.body_goal(rs_plan)
    client = Client()
    client.force_login(tree["body_controller"])
    response = client.get(reverse("planning:goal_edit", kwargs={"pk": rs_plan.pk, "item": goal.pk}))
    assert response.status_code == 403
    response = client.post(
        reverse("planning:focus_area_add", kwargs={"pk": rs_plan.pk}), {"name": "Nytt"}
    )
    assert response.status_code == 403
    assert not rs_plan.focus_areas.exists()
