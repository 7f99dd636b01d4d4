"""Controllers maintain plans through the web pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.models import AuditEvent
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning.models import Activity, Goal, Indicator, Plan, PlanAssignment, Target

from . import factories

pytestmark = pytest.mark.django_db

PLAN_URLS = ["plan_status", "goal_add", "assignment_add", "activity_add", "indicator_add"]


@pytest.fixture
def region():
    org = org_factories.organisation()
    ks = org_factories.body(org, "KS", name="Kommunstyrelsen")
    rs = org_factories.body(org, "RS", name="Regionstyrelsen")
    rk = org_factories.unit(org, "RK", name="Regionkontoret", body=rs)
    council = factories.plan(org, ks, title="Mål och budget 2025", year=2025)
    council_goal = factories.council_goal(council)
    return {"org": org, "rs": rs, "rk": rk, "council_goal": council_goal}


def _login(client, org, role, username):
    user = org_factories.user(username)
    org_factories.grant(user, role, org)
    client.force_login(user)
    return user


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_controller_builds_a_plan_through_the_pages(client, region):
    controller = _login(client, region["org"], Role.CONTROLLER, "controller")
    rs, rk = region["rs"], region["rk"]

    page = client.get(reverse("planning:plans")).content.decode()
    assert reverse("planning:plan_create") in page
    response = client.post(
        reverse("planning:plan_create"),
        {"body": rs.pk, "year": 2025, "title": "Verksamhetsplan 2025 Regionstyrelsen"},
        follow=True,
    )
    plan = Plan.objects.get(body=rs, year=2025)
    assert response.redirect_chain[-1][0] == reverse("planning:plan", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT
    assert "Planen är skapad som utkast." in _messages(response)

    url = reverse("planning:goal_add", args=[plan.pk])
    response = client.post(
        url,
        {
            "goal-level": Goal.Level.BODY,
            "goal-title": "Kompetensförsörjningen är säkrad",
            "goal-serves": [region["council_goal"].pk],
            "goal-area": "Medarbetare",
        },
        follow=True,
    )
    goal = Goal.objects.get(plan=plan)
    assert response.redirect_chain[-1][0] == reverse("planning:plan", args=[plan.pk])
    assert "Målet är tillagt." in _messages(response)
    assert goal.title == "Kompetensförsörjningen är säkrad"
    assert goal.area == "Medarbetare"
    assert list(goal.serves.all()) == [region["council_goal"]]

    response = client.post(
        reverse("planning:assignment_add", args=[plan.pk]),
        {
            "assignment-title": "Ta fram en kompetensförsörjningsplan",
            "assignment-responsible_unit": rk.pk,
            "assignment-goal": goal.pk,
        },
    )
    assert response.status_code == 302
    assignment = PlanAssignment.objects.get(plan=plan)
    assert (assignment.responsible_unit, assignment.goal) == (rk, goal)

    response = client.post(
        reverse("planning:activity_add", args=[plan.pk]),
        {
            "activity-assignment": assignment.pk,
            "activity-title": "Kartlägg bristyrken",
            "activity-responsible_unit": rk.pk,
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get(plan=plan).assignment == assignment

    response = client.post(
        reverse("planning:indicator_add", args=[plan.pk]),
        {
            "indicator-name": "Personalomsättning",
            "indicator-direction": Indicator.Direction.LOWER,
            "indicator-unit_of_measure": "%",
            "indicator-decimals": 1,
            "indicator-value": "11.0",
            "indicator-tolerance": "0.5",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(plans=plan)
    target = Target.objects.get(indicator=indicator)
    assert (target.body, target.unit, target.year) == (rs, None, 2025)
    assert (target.value, target.tolerance) == (Decimal("11.0"), Decimal("0.5"))

    response = client.post(
        reverse("planning:plan_status", args=[plan.pk]), {"status-status": Plan.Status.ADOPTED}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ADOPTED

    audit = AuditEvent.objects.filter(actor=controller)
    assert sorted(audit.values_list("action", flat=True)) == [
        "activity.create",
        "assignment.create",
        "goal.create",
        "indicator.create",
        "plan.create",
        "plan.status",
        "target.set",
    ]
    assert audit.get(action="goal.create").object_id == str(goal.pk)
    assert audit.get(action="target.set").object_id == str(target.pk)

    page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    for text in ("Kompetensförsörjningen är säkrad", "Kartlägg bristyrken", "Personalomsättning"):
        assert text in page


def test_a_reader_may_use_none_of_the_editing_pages(client, region):
    plan = factories.plan(region["org"], region["rs"], year=2025, adopted=False)
    _login(client, region["org"], Role.READER, "lasare")
    create = reverse("planning:plan_create")
    assert client.get(create).status_code == 403
    assert (
        client.post(create, {"body": region["rs"].pk, "year": 2026, "title": "X"}).status_code
        == 403
    )
    for name in PLAN_URLS:
        url = reverse(f"planning:{name}", args=[plan.pk])
        # the forms only take POST: a GET is refused before anything else
        assert client.get(url).status_code == 405, name
        assert client.post(url, {}).status_code == 403, name
    assert Plan.objects.count() == 2
    page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert reverse("planning:goal_add", args=[plan.pk]) not in page
    assert (
        reverse("planning:plan_create")
        not in client.get(reverse("planning:plans")).content.decode()
    )


def test_a_plan_without_a_title_is_not_created(client, region):
    _login(client, region["org"], Role.CONTROLLER, "controller")
    response = client.post(
        reverse("planning:plan_create"), {"body": region["rs"].pk, "year": 2025, "title": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert 'id="id_title_error" role="alert"' in response.content.decode()
    assert not Plan.objects.filter(body=region["rs"]).exists()


def test_a_second_plan_for_the_same_body_and_year_is_refused(client, region):
    factories.plan(region["org"], region["rs"], year=2025)
    _login(client, region["org"], Role.CONTROLLER, "controller")
    response = client.post(
        reverse("planning:plan_create"), {"body": region["rs"].pk, "year": 2025, "title": "Igen"}
    )
    assert response.status_code == 200
    assert "Regionstyrelsen har redan en plan för 2025." in response.content.decode()
    assert Plan.objects.filter(body=region["rs"]).count() == 1


def test_a_goal_without_a_title_shows_the_error_and_saves_nothing(client, region):
    plan = factories.plan(region["org"], region["rs"], year=2025, adopted=False)
    _login(client, region["org"], Role.CONTROLLER, "controller")
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("planning:goal_add", args=[plan.pk]),
        {"goal-level": Goal.Level.BODY, "goal-title": "  "},
    )
    assert response.status_code == 200
    assert response.context["goal_form"].errors["title"]
    assert 'id="id_goal-title_error" role="alert"' in response.content.decode()
    assert not Goal.objects.filter(plan=plan).exists()
    assert AuditEvent.objects.count() == before


def test_a_council_goal_may_not_serve_another_goal(client, region):
    plan = factories.plan(region["org"], region["rs"], year=2025, adopted=False)
    _login(client, region["org"], Role.CONTROLLER, "controller")
    response = client.post(
        reverse("planning:goal_add", args=[plan.pk]),
        {
            "goal-level": Goal.Level.COUNCIL,
            "goal-title": "Ett mål",
            "goal-serves": [region["council_goal"].pk],
        },
    )
    assert response.status_code == 200
    assert "Fullmäktiges mål bidrar inte till andra mål." in response.content.decode()
    assert not Goal.objects.filter(plan=plan).exists()


def test_a_negative_tolerance_shows_the_error_and_saves_neither_indicator_nor_target(
    client, region
):
    plan = factories.plan(region["org"], region["rs"], year=2025, adopted=False)
    _login(client, region["org"], Role.CONTROLLER, "controller")
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("planning:indicator_add", args=[plan.pk]),
        {
            "indicator-name": "Personalomsättning",
            "indicator-direction": Indicator.Direction.LOWER,
            "indicator-decimals": 1,
            "indicator-value": "11.0",
            "indicator-tolerance": "-0.5",
        },
    )
    assert response.status_code == 200
    assert response.context["indicator_form"].errors["tolerance"] == [
        "Toleransen kan inte vara negativ."
    ]
    assert 'id="id_indicator-tolerance_error" role="alert"' in response.content.decode()
    assert not Indicator.objects.exists()
    assert not Target.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_closed_plan_offers_no_status_change(client, region):
    plan = factories.plan(region["org"], region["rs"], year=2025)
    _login(client, region["org"], Role.CONTROLLER, "controller")
    url = reverse("planning:plan_status", args=[plan.pk])
    assert client.post(url, {"status-status": Plan.Status.CLOSED}).status_code == 302
    page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert url not in page
    response = client.post(url, {"status-status": Plan.Status.DRAFT})
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CLOSED
