"""Controllers change and remove a plan's items on its pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services
from uppsikt.planning.models import FocusArea, Goal, Plan, PlanAssignment, Target

from . import factories
from .test_changes import Region

pytestmark = pytest.mark.django_db

ITEM_URLS = ["goal", "assignment", "activity", "indicator"]


@pytest.fixture
def r():
    return Region()


@pytest.fixture
def controller_client(client, r):
    client.force_login(r.controller)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _item(r, kind):
    return {
        "goal": r.goal,
        "assignment": r.assignment,
        "activity": r.activity,
        "indicator": r.indicator,
    }[kind]


def test_the_plan_page_links_each_item_to_its_page_for_controllers(controller_client, r):
    page = controller_client.get(reverse("planning:plan", args=[r.plan.pk])).content.decode()
    for kind in ITEM_URLS:
        assert reverse(f"planning:{kind}_edit", args=[r.plan.pk, _item(r, kind).pk]) in page
    # the link text names the item for screen readers
    assert 'Ändra<span class="visually-hidden"> Ta fram en plan</span>' in page


def test_a_reader_sees_no_links_and_may_use_none_of_the_item_pages(client, r):
    reader = org_factories.user("lasare")
    org_factories.grant(reader, Role.READER, r.org)
    client.force_login(reader)
    page = client.get(reverse("planning:plan", args=[r.plan.pk])).content.decode()
    assert reverse("planning:assignment_edit", args=[r.plan.pk, r.assignment.pk]) not in page
    for kind in ITEM_URLS:
        args = [r.plan.pk, _item(r, kind).pk]
        assert client.get(reverse(f"planning:{kind}_edit", args=args)).status_code == 403
        assert client.post(reverse(f"planning:{kind}_edit", args=args), {}).status_code == 403
        assert client.post(reverse(f"planning:{kind}_delete", args=args)).status_code == 403
    assert PlanAssignment.objects.filter(pk=r.assignment.pk).exists()


def test_an_item_of_another_plan_is_not_found_through_this_one(controller_client, r):
    url = reverse("planning:goal_edit", args=[r.plan.pk, r.council_goal.pk])
    assert controller_client.get(url).status_code == 404


def test_a_controller_edits_an_assignment_and_links_it_to_a_council_goal(controller_client, r):
    url = reverse("planning:assignment_edit", args=[r.plan.pk, r.assignment.pk])
    page = controller_client.get(url).content.decode()
    assert 'value="Ta fram en plan"' in page
    # the plan's own goals and the year's council goals, each with its level
    assert "Fullmäktiges mål: Bidra till en hållbar resursanvändning" in page
    assert "Nämndens mål: Kompetensförsörjningen är säkrad" in page

    response = controller_client.post(
        url,
        {
            "title": "Ta fram en kompetensförsörjningsplan",
            "description": "<p>Klar <em>2024</em>.</p><img src=x onerror=alert(1)>",
            "area": "Medarbetare",
            "responsible_unit": r.hr.pk,
            "goal": r.council_goal.pk,
            "position": 2,
        },
        follow=True,
    )
    plan_url = reverse("planning:plan", args=[r.plan.pk])
    assert response.redirect_chain[-1][0] == f"{plan_url}#assignment-{r.assignment.pk}"
    assert "Uppdraget är ändrat." in _messages(response)
    a = PlanAssignment.objects.get(pk=r.assignment.pk)
    assert (a.title, a.goal, a.responsible_unit, a.area, a.position) == (
        "Ta fram en kompetensförsörjningsplan",
        r.council_goal,
        r.hr,
        "Medarbetare",
        2,
    )
    assert a.description == "<p>Klar <em>2024</em>.</p>"
    assert AuditEvent.objects.get(action="assignment.update").actor == r.controller
    assert "Bidra till en hållbar resursanvändning" in response.content.decode()


def test_an_assignment_without_a_title_shows_the_error_at_the_field(controller_client, r):
    url = reverse("planning:assignment_edit", args=[r.plan.pk, r.assignment.pk])
    response = controller_client.post(
        url, {"title": "", "responsible_unit": r.rk.pk, "position": 0}
    )
    assert response.status_code == 200
    assert 'id="id_title_error" role="alert"' in response.content.decode()
    assert PlanAssignment.objects.get(pk=r.assignment.pk).title == "Ta fram en plan"


def test_a_body_goal_gets_and_loses_council_goals_with_checkboxes(controller_client, r):
    url = reverse("planning:goal_edit", args=[r.plan.pk, r.goal.pk])
    page = controller_client.get(url).content.decode()
    assert "<legend>Bidrar till fullmäktiges mål</legend>" in page
    assert "Fokusområde" not in page  # a body goal has none
    response = controller_client.post(
        url,
        {
            "title": "Kompetensförsörjningen är säkrad",
            "area": "Medarbetare",
            "serves": [r.other_council_goal.pk],
            "position": 0,
        },
    )
    assert response.status_code == 302
    assert list(Goal.objects.get(pk=r.goal.pk).serves.all()) == [r.other_council_goal]


def test_the_goal_page_and_the_plan_show_the_indicators_measuring_the_goal(controller_client, r):
    url = reverse("planning:indicator_edit", args=[r.plan.pk, r.indicator.pk])
    response = controller_client.post(
        url,
        {
            "name": "Personalomsättning",
            "direction": "lower",
            "unit_of_measure": "%",
            "decimals": 2,
            "goals": [r.goal.pk],
            "value": "10.8",
            "tolerance": "0.4",
        },
    )
    assert response.status_code == 302
    assert list(r.indicator.goals.all()) == [r.goal]
    target = Target.objects.get(pk=r.body_target.pk)
    assert (target.value, target.tolerance) == (Decimal("10.8"), Decimal("0.4"))

    goal_page = controller_client.get(
        reverse("planning:goal_edit", args=[r.plan.pk, r.goal.pk])
    ).content.decode()
    assert "Indikatorer som mäter målet" in goal_page
    assert "Personalomsättning" in goal_page
    plan_page = controller_client.get(reverse("planning:plan", args=[r.plan.pk])).content.decode()
    assert "(mäts av Personalomsättning)" in plan_page
    thread = controller_client.get(
        reverse("followup:thread", args=["goal", r.council_goal.pk])
    ).content.decode()
    assert "Indikator: Personalomsättning" in thread


def test_emptying_the_body_target_removes_it(controller_client, r):
    url = reverse("planning:indicator_edit", args=[r.plan.pk, r.indicator.pk])
    response = controller_client.post(
        url,
        {"name": "Personalomsättning", "direction": "lower", "decimals": 2, "tolerance": "0"},
    )
    assert response.status_code == 302
    assert not Target.objects.filter(pk=r.body_target.pk).exists()


def test_a_unit_target_is_set_and_removed_on_the_indicator_page(controller_client, r):
    url = reverse("planning:unit_target_set", args=[r.plan.pk, r.indicator.pk])
    response = controller_client.post(
        url,
        {"unit_target-unit": r.hr.pk, "unit_target-value": "9.5", "unit_target-tolerance": "0.5"},
        follow=True,
    )
    assert "Målvärdet för HR-avdelningen är sparat." in _messages(response)
    target = Target.objects.get(unit=r.hr)
    assert (target.year, target.value, target.tolerance) == (
        2024,
        Decimal("9.5"),
        Decimal("0.5"),
    )
    page = response.content.decode()
    assert "Målvärden för Personalomsättning per enhet 2024" in page  # the table's caption
    assert "9,50\u00a0%" in page

    response = controller_client.post(
        reverse("planning:target_delete", args=[r.plan.pk, target.pk]), follow=True
    )
    assert "Målvärdet är borttaget." in _messages(response)
    assert not Target.objects.filter(pk=target.pk).exists()


def test_a_negative_unit_tolerance_is_shown_and_nothing_saved(controller_client, r):
    url = reverse("planning:unit_target_set", args=[r.plan.pk, r.indicator.pk])
    response = controller_client.post(
        url,
        {"unit_target-unit": r.hr.pk, "unit_target-value": "9.5", "unit_target-tolerance": "-1"},
    )
    assert response.status_code == 200
    assert "Toleransen kan inte vara negativ." in response.content.decode()
    assert not Target.objects.filter(unit=r.hr).exists()


def test_a_refused_removal_is_explained_on_the_items_page(controller_client, r):
    url = reverse("planning:assignment_delete", args=[r.plan.pk, r.assignment.pk])
    response = controller_client.post(url, follow=True)
    edit_url = reverse("planning:assignment_edit", args=[r.plan.pk, r.assignment.pk])
    assert response.redirect_chain[-1][0] == edit_url
    [message] = _messages(response)
    assert message.startswith("Uppdraget kan inte tas bort: en aktivitet hör till det.")
    assert PlanAssignment.objects.filter(pk=r.assignment.pk).exists()


def test_an_activity_is_removed_and_the_plan_says_so(controller_client, r):
    url = reverse("planning:activity_delete", args=[r.plan.pk, r.activity.pk])
    response = controller_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("planning:plan", args=[r.plan.pk])
    assert "Aktiviteten är borttagen." in _messages(response)
    assert not r.plan.activities.exists()


def test_removing_takes_only_post(controller_client, r):
    url = reverse("planning:activity_delete", args=[r.plan.pk, r.activity.pk])
    assert controller_client.get(url).status_code == 405
    assert r.plan.activities.exists()


def test_a_focus_area_is_added_renamed_and_removed(controller_client, r):
    plan = r.council_plan
    response = controller_client.post(
        reverse("planning:focus_area_add", args=[plan.pk]),
        {"focus_area-name": "Trygg vård", "focus_area-position": 2},
    )
    assert response.status_code == 302
    area = FocusArea.objects.get(plan=plan, name="Trygg vård")
    url = reverse("planning:focus_area_edit", args=[plan.pk, area.pk])
    assert (
        controller_client.post(url, {"name": "Trygg och nära vård", "position": 1}).status_code
        == 302
    )
    assert FocusArea.objects.get(pk=area.pk).name == "Trygg och nära vård"
    delete = reverse("planning:focus_area_delete", args=[plan.pk, area.pk])
    assert controller_client.post(delete).status_code == 302
    assert not FocusArea.objects.filter(pk=area.pk).exists()


def test_an_adopted_plans_item_page_says_the_change_is_logged(controller_client, r):
    r.adopt()
    page = controller_client.get(
        reverse("planning:goal_edit", args=[r.plan.pk, r.goal.pk])
    ).content.decode()
    assert "Planen är fastställd." in page


def test_a_closed_plan_offers_no_changes(controller_client, r):
    r.close()
    plan_url = reverse("planning:plan", args=[r.plan.pk])
    page = controller_client.get(plan_url).content.decode()
    assert "Planen är avslutad och kan inte längre ändras." in page
    assert reverse("planning:assignment_edit", args=[r.plan.pk, r.assignment.pk]) not in page
    assert reverse("planning:goal_add", args=[r.plan.pk]) not in page

    url = reverse("planning:assignment_edit", args=[r.plan.pk, r.assignment.pk])
    response = controller_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == plan_url
    assert "Planen är avslutad och kan inte längre ändras." in _messages(response)
    response = controller_client.post(
        url, {"title": "Nytt", "responsible_unit": r.rk.pk, "position": 0}
    )
    assert response.status_code == 302
    assert PlanAssignment.objects.get(pk=r.assignment.pk).title == "Ta fram en plan"
    response = controller_client.post(
        reverse("planning:assignment_delete", args=[r.plan.pk, r.assignment.pk]), follow=True
    )
    assert "Planen är avslutad och kan inte längre ändras." in _messages(response)
    assert Plan.objects.get(pk=r.plan.pk).assignments.count() == 1


def test_a_new_assignment_may_serve_a_council_goal_directly(controller_client, r):
    response = controller_client.post(
        reverse("planning:assignment_add", args=[r.plan.pk]),
        {
            "assignment-title": "Barnrättsperspektivet",
            "assignment-responsible_unit": r.rk.pk,
            "assignment-goal": r.other_council_goal.pk,
        },
    )
    assert response.status_code == 302
    assert PlanAssignment.objects.get(title="Barnrättsperspektivet").goal == r.other_council_goal


def test_the_plan_shows_a_unit_target_and_judges_the_units_figure_by_it(controller_client, r):
    r.measure("11.05")
    factories.target(r.indicator, unit=r.rk, value="10.5", tolerance="0.5")
    page = controller_client.get(reverse("planning:plan", args=[r.plan.pk])).content.decode()
    # 11,05 against Regionkontoret's 10,5 (tolerance 0,5): 0,55 too high → not met
    assert '10,50\u00a0%<span class="note"> (Regionkontoret)</span>' in page
    assert "▲</span> Ej uppnått" in page


def test_saving_a_carried_forward_goal_keeps_last_years_council_goal_until_unticked(
    controller_client, r
):
    # given: next year's plan, whose body goal still serves the 2024 council goal
    next_year = services.plan_copy_forward(actor=SYSTEM, plan=r.plan)
    goal = next_year.goals.get()
    url = reverse("planning:goal_edit", args=[next_year.pk, goal.pk])
    page = controller_client.get(url).content.decode()
    # the old link is offered, ticked, and labelled with its year
    assert "Fullmäktiges mål: Bidra till en hållbar resursanvändning (2024)" in page
    form = controller_client.get(url).context["form"]
    assert form.initial["serves"] == [r.council_goal.pk]
    # when: the controller changes only the title
    response = controller_client.post(
        url, {"title": "Nytt namn", "serves": [r.council_goal.pk], "position": 0}
    )
    # then: the link is still there
    assert response.status_code == 302
    assert list(Goal.objects.get(pk=goal.pk).serves.all()) == [r.council_goal]
