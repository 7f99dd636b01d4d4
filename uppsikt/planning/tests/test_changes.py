"""Changing and removing what a plan holds: goals, assignments, activities, focus areas,
indicators and their targets per body and unit."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.models import Body, Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import selectors, services
from uppsikt.planning.models import (
    Activity,
    FocusArea,
    Goal,
    Indicator,
    Plan,
    PlanAssignment,
    Target,
)
from uppsikt.planning.status import IndicatorStatus

from . import factories


class Region:
    """Regionfullmäktige's Mål och budget 2024 with a focus area and two council goals;
    Regionstyrelsen's draft plan 2024 with a body goal serving the first, an assignment, an
    activity under it and an indicator with the body's target; a controller and a reporter."""

    def __init__(self):
        self.org = org_factories.organisation()
        self.rf = org_factories.body(self.org, "RF", kind=Body.Kind.COUNCIL)
        self.rs = org_factories.body(self.org, "RS", name="Regionstyrelsen")
        self.rk = org_factories.unit(self.org, "RK", name="Regionkontoret", body=self.rs)
        self.hr = org_factories.unit(self.org, "RK-HR", self.rk, name="HR-avdelningen")
        self.council_plan = factories.plan(self.org, self.rf, title="Mål och budget 2024")
        self.area = services.focus_area_create(
            actor=SYSTEM, plan=self.council_plan, name="Attraktiva och hållbara livsmiljöer"
        )
        self.council_goal = factories.council_goal(self.council_plan, focus_area=self.area)
        self.other_council_goal = factories.council_goal(
            self.council_plan, "Bidra till en god hälsa i befolkningen", focus_area=self.area
        )
        self.plan = factories.plan(
            self.org, self.rs, adopted=False, title="Verksamhetsplan 2024 Regionstyrelsen"
        )
        self.goal = factories.body_goal(
            self.plan, "Kompetensförsörjningen är säkrad", serves=[self.council_goal]
        )
        self.assignment = factories.plan_assignment(self.plan, self.rk, "Ta fram en plan")
        self.activity = factories.activity(
            self.plan, self.rk, "Kartlägg bristyrken", assignment=self.assignment
        )
        self.indicator = factories.indicator(self.org, plans=[self.plan], decimals=2)
        self.body_target = factories.target(self.indicator, body=self.rs, value="11.0")
        self.controller = org_factories.user("controller")
        org_factories.grant(self.controller, Role.CONTROLLER, self.org)
        self.reporter = org_factories.user("rapportor")
        org_factories.grant(self.reporter, Role.REPORTER, self.org, unit=self.rk)

    def adopt(self) -> None:
        self.plan = services.plan_set_status(
            actor=SYSTEM, plan=self.plan, status=Plan.Status.ADOPTED
        )

    def close(self) -> None:
        self.adopt()
        self.plan = services.plan_set_status(
            actor=SYSTEM, plan=self.plan, status=Plan.Status.CLOSED
        )

    def open_ur1(self) -> ReportingPeriod:
        """Adopt the plan and open UR1 2024: every item gets a draft assessment."""
        self.adopt()
        followup.scale_defaults_create(actor=SYSTEM, organisation=self.org)
        period = followup.period_create(
            actor=SYSTEM,
            organisation=self.org,
            year=2024,
            kind=ReportingPeriod.Kind.UR1,
            first_month=1,
            last_month=4,
            deadline=dt.date(2024, 5, 15),
            scope=ReportingPeriod.Scope.FULL,
        )
        followup.period_open(actor=SYSTEM, period=period)
        return period

    def measure(self, value: str, unit=None) -> None:
        services.measurement_record(
            actor=SYSTEM,
            indicator=self.indicator,
            unit=unit or self.rk,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 4, 30),
            value=Decimal(value),
        )


@pytest.fixture
def r(db):
    return Region()


def _audit(action: str, obj) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_id=str(obj.pk))


# ---- goals ----------------------------------------------------------------------------------


def test_a_controller_changes_a_goals_text_area_unit_order_and_the_council_goals_it_serves(r):
    goal = services.goal_update(
        actor=r.controller,
        goal=r.goal,
        title="  Kompetensförsörjningen är långsiktigt säkrad ",
        description='<p onclick="x()">Se <a href="javascript:alert(1)">planen</a>.</p>',
        area="Medarbetare",
        responsible_unit=r.rk,
        serves=[r.other_council_goal],
        position=3,
    )
    goal.refresh_from_db()
    assert goal.title == "Kompetensförsörjningen är långsiktigt säkrad"
    assert goal.description == '<p>Se <a rel="noopener noreferrer nofollow">planen</a>.</p>'
    assert (goal.area, goal.responsible_unit, goal.position) == ("Medarbetare", r.rk, 3)
    # the link to the first council goal is removed, the second added
    assert list(goal.serves.all()) == [r.other_council_goal]
    event = _audit("goal.update", goal)
    assert event.actor == r.controller
    assert event.before["title"] == "Kompetensförsörjningen är säkrad"
    assert event.after["title"] == "Kompetensförsörjningen är långsiktigt säkrad"
    assert event.detail == {
        "serves_before": [r.council_goal.pk],
        "serves_after": [r.other_council_goal.pk],
    }


def test_a_reporter_may_not_change_a_goal(r):
    with pytest.raises(NotPermitted):
        services.goal_update(actor=r.reporter, goal=r.goal, title="Annat")
    r.goal.refresh_from_db()
    assert r.goal.title == "Kompetensförsörjningen är säkrad"
    assert not AuditEvent.objects.filter(action="goal.update").exists()


def test_a_goal_of_an_adopted_plan_may_be_changed_and_the_change_is_audited(r):
    r.adopt()
    services.goal_update(
        actor=r.controller, goal=r.goal, title="Nytt namn", serves=[r.council_goal]
    )
    assert _audit("goal.update", r.goal).before["title"] == "Kompetensförsörjningen är säkrad"


def test_a_closed_plan_is_read_only(r):
    r.close()
    goal = Goal.objects.get(pk=r.goal.pk)
    with pytest.raises(InvalidTransition, match="Planen är avslutad och kan inte längre ändras."):
        services.goal_update(actor=r.controller, goal=goal, title="Nytt namn")
    with pytest.raises(InvalidTransition):
        services.goal_delete(actor=r.controller, goal=goal)
    with pytest.raises(InvalidTransition):
        factories.plan_assignment(r.plan, r.rk, "Ett nytt uppdrag")
    with pytest.raises(InvalidTransition):
        factories.target(r.indicator, body=r.rs, value="9.0")
    assert Target.objects.get(pk=r.body_target.pk).value == Decimal("11.0")
    assert r.plan.assignments.count() == 1


def test_a_sub_units_target_in_a_closed_plan_is_kept(r):
    # HR-avdelningen serves no body itself; Regionkontoret above it serves Regionstyrelsen
    target = factories.target(r.indicator, unit=r.hr, value="10.0")
    r.close()
    with pytest.raises(InvalidTransition):
        factories.target(r.indicator, unit=r.hr, value="9.0")
    with pytest.raises(InvalidTransition):
        services.target_delete(actor=r.controller, target=target)
    assert Target.objects.get(pk=target.pk).value == Decimal("10.0")


def test_a_goal_needs_a_title(r):
    with pytest.raises(DomainError, match="Ange målet."):
        services.goal_update(actor=r.controller, goal=r.goal, title="   ")


def test_a_body_goal_may_not_serve_another_body_goal(r):
    other = factories.body_goal(r.plan, "Annat nämndmål")
    with pytest.raises(DomainError, match="bara bidra till fullmäktiges mål"):
        services.goal_update(actor=r.controller, goal=r.goal, title="Mål", serves=[other])
    assert list(r.goal.serves.all()) == [r.council_goal]


def test_a_goal_may_not_serve_a_council_goal_of_another_organisation(r):
    other_org = org_factories.organisation(name="Annan region", slug="annan")
    foreign = factories.council_goal(
        factories.plan(other_org, org_factories.body(other_org, "RF", kind=Body.Kind.COUNCIL))
    )
    with pytest.raises(DomainError, match="inte ett av fullmäktiges mål"):
        services.goal_update(actor=r.controller, goal=r.goal, title="Mål", serves=[foreign])


def test_a_body_goal_has_no_focus_area_of_its_own(r):
    with pytest.raises(DomainError, match="Bara fullmäktiges mål"):
        services.goal_update(actor=r.controller, goal=r.goal, title="Mål", focus_area=r.area)


def test_a_council_goal_moves_to_another_focus_area_of_its_plan(r):
    other = services.focus_area_create(actor=SYSTEM, plan=r.council_plan, name="Trygg vård")
    goal = services.goal_update(
        actor=r.controller, goal=r.council_goal, title=r.council_goal.title, focus_area=other
    )
    assert Goal.objects.get(pk=goal.pk).focus_area == other


def test_a_goal_with_assignments_and_indicators_is_not_removed_and_says_why(r):
    services.plan_assignment_update(
        actor=r.controller,
        assignment=r.assignment,
        title=r.assignment.title,
        responsible_unit=r.rk,
        goal=r.goal,
    )
    r.indicator.goals.add(r.goal)
    with pytest.raises(DomainError) as refused:
        services.goal_delete(actor=r.controller, goal=r.goal)
    assert refused.value.message == (
        "Målet kan inte tas bort: ett uppdrag hör till det, en indikator mäter det. "
        "Flytta eller ta bort det som hör till målet först; bedömningar finns kvar i "
        "uppföljningen."
    )
    assert Goal.objects.filter(pk=r.goal.pk).exists()


def test_a_council_goal_served_by_body_goals_is_not_removed(r):
    with pytest.raises(DomainError, match="ett nämndmål bidrar till det"):
        services.goal_delete(actor=r.controller, goal=r.council_goal)


def test_a_goal_with_nothing_beneath_it_is_removed_with_an_audit_row(r):
    services.goal_delete(actor=r.controller, goal=r.goal)
    assert not Goal.objects.filter(pk=r.goal.pk).exists()
    event = AuditEvent.objects.get(action="goal.delete")
    assert (event.before["title"], event.after) == ("Kompetensförsörjningen är säkrad", None)
    assert event.detail == {"serves": [r.council_goal.pk]}
    # the council goal it served is still there
    assert Goal.objects.filter(pk=r.council_goal.pk).exists()


def test_a_goal_assessed_in_a_period_is_not_removed(r):
    services.goal_update(actor=r.controller, goal=r.goal, title="Mål", responsible_unit=r.rk)
    r.open_ur1()
    with pytest.raises(DomainError, match="det har en bedömning"):
        services.goal_delete(actor=r.controller, goal=r.goal)


# ---- assignments ----------------------------------------------------------------------------


def test_an_assignment_is_linked_to_a_council_goal_and_unlinked_again(r):
    a = services.plan_assignment_update(
        actor=r.controller,
        assignment=r.assignment,
        title="Ta fram en kompetensförsörjningsplan",
        responsible_unit=r.hr,
        goal=r.council_goal,
        area="Medarbetare",
        description="<p>Planen ska vara klar <strong>2024</strong>.</p><script>x()</script>",
        position=2,
    )
    a.refresh_from_db()
    assert (a.title, a.responsible_unit, a.goal, a.area, a.position) == (
        "Ta fram en kompetensförsörjningsplan",
        r.hr,
        r.council_goal,
        "Medarbetare",
        2,
    )
    assert a.description == "<p>Planen ska vara klar <strong>2024</strong>.</p>"
    assert _audit("assignment.update", a).before["goal_id"] is None
    # and the red thread of the council goal now shows it under Regionstyrelsen
    [branch] = [b for b in selectors.red_thread(goal=r.council_goal) if b.goal is None]
    assert (branch.body, branch.assignments) == (r.rs, [a])

    services.plan_assignment_update(
        actor=r.controller, assignment=a, title=a.title, responsible_unit=r.hr, goal=None
    )
    assert PlanAssignment.objects.get(pk=a.pk).goal is None


def test_an_assignment_may_not_serve_another_bodys_goal(r):
    dnrs = org_factories.body(r.org, "DNRS", kind=Body.Kind.COMMITTEE)
    foreign = factories.body_goal(factories.plan(r.org, dnrs), "Driftnämndens mål")
    with pytest.raises(DomainError, match="Målet hör inte till planen"):
        services.plan_assignment_update(
            actor=r.controller,
            assignment=r.assignment,
            title="Uppdrag",
            responsible_unit=r.rk,
            goal=foreign,
        )
    with pytest.raises(DomainError, match="Målet hör inte till planen"):
        factories.plan_assignment(r.plan, r.rk, "Nytt", goal=foreign)


def test_an_assignment_needs_a_title_and_a_unit_of_its_organisation(r):
    with pytest.raises(DomainError, match="Ange uppdraget."):
        services.plan_assignment_update(
            actor=r.controller, assignment=r.assignment, title="", responsible_unit=r.rk
        )
    other_org = org_factories.organisation(name="Annan region", slug="annan")
    foreign_unit = org_factories.unit(other_org, "X")
    with pytest.raises(DomainError, match="annan organisation"):
        services.plan_assignment_update(
            actor=r.controller,
            assignment=r.assignment,
            title="Uppdrag",
            responsible_unit=foreign_unit,
        )


def test_a_reporter_may_not_change_or_remove_an_assignment(r):
    with pytest.raises(NotPermitted):
        services.plan_assignment_update(
            actor=r.reporter, assignment=r.assignment, title="X", responsible_unit=r.rk
        )
    with pytest.raises(NotPermitted):
        services.plan_assignment_delete(actor=r.reporter, assignment=r.assignment)
    assert PlanAssignment.objects.filter(pk=r.assignment.pk, title="Ta fram en plan").exists()


def test_an_assignment_with_activities_is_not_removed(r):
    with pytest.raises(DomainError, match="en aktivitet hör till det"):
        services.plan_assignment_delete(actor=r.controller, assignment=r.assignment)
    assert PlanAssignment.objects.filter(pk=r.assignment.pk).exists()


def test_an_assessed_assignment_is_not_removed_and_the_message_says_what_to_do(r):
    services.activity_delete(actor=r.controller, activity=r.activity)
    r.open_ur1()
    with pytest.raises(DomainError) as refused:
        services.plan_assignment_delete(actor=r.controller, assignment=r.assignment)
    assert refused.value.message == (
        "Uppdraget kan inte tas bort: det har en bedömning. Ett uppdrag som inte ska "
        "genomföras bedöms som avbrutet i nästa uppföljning; aktiviteterna tas bort eller "
        "flyttas först."
    )
    assert PlanAssignment.objects.filter(pk=r.assignment.pk).exists()


def test_an_assignment_without_activities_or_assessments_is_removed(r):
    services.activity_delete(actor=r.controller, activity=r.activity)
    services.plan_assignment_delete(actor=r.controller, assignment=r.assignment)
    assert not PlanAssignment.objects.filter(pk=r.assignment.pk).exists()
    assert AuditEvent.objects.get(action="assignment.delete").before["title"] == "Ta fram en plan"


# ---- activities -----------------------------------------------------------------------------


def test_an_activity_moves_from_its_assignment_to_a_plan_area(r):
    act = services.activity_update(
        actor=r.controller,
        activity=r.activity,
        title="Kartlägg bristyrken",
        responsible_unit=r.rk,
        area="Arbetsmiljöplan",
        position=1,
    )
    act.refresh_from_db()
    assert (act.assignment, act.goal, act.area) == (None, None, "Arbetsmiljöplan")


def test_an_activity_belongs_to_a_goal_or_an_assignment_not_both(r):
    with pytest.raises(DomainError, match="inte båda"):
        services.activity_update(
            actor=r.controller,
            activity=r.activity,
            title="X",
            responsible_unit=r.rk,
            goal=r.goal,
            assignment=r.assignment,
        )


def test_an_activity_may_not_move_to_another_plans_assignment(r):
    other_plan = factories.plan(r.org, r.rs, year=2025)
    other = factories.plan_assignment(other_plan, r.rk, "Nästa års uppdrag")
    with pytest.raises(DomainError, match="Uppdraget hör till en annan plan."):
        services.activity_update(
            actor=r.controller,
            activity=r.activity,
            title="X",
            responsible_unit=r.rk,
            assignment=other,
        )


def test_an_assessed_activity_is_not_removed(r):
    r.open_ur1()
    with pytest.raises(DomainError, match="Aktiviteten kan inte tas bort: den har en bedömning."):
        services.activity_delete(actor=r.controller, activity=r.activity)
    assert Activity.objects.filter(pk=r.activity.pk).exists()


# ---- focus areas ----------------------------------------------------------------------------


def test_a_focus_area_is_renamed_and_reordered(r):
    area = services.focus_area_update(
        actor=r.controller, focus_area=r.area, name=" Hållbara livsmiljöer ", position=4
    )
    assert (area.name, area.position) == ("Hållbara livsmiljöer", 4)
    assert _audit("focus_area.update", area).before["name"] == (
        "Attraktiva och hållbara livsmiljöer"
    )


def test_a_focus_area_with_goals_is_not_removed(r):
    with pytest.raises(DomainError, match="Fokusområdet kan inte tas bort: 2 mål hör till det."):
        services.focus_area_delete(actor=r.controller, focus_area=r.area)


def test_an_empty_focus_area_is_removed(r):
    empty = services.focus_area_create(actor=SYSTEM, plan=r.council_plan, name="Tom")
    services.focus_area_delete(actor=r.controller, focus_area=empty)
    assert not FocusArea.objects.filter(pk=empty.pk).exists()


def test_a_focus_area_needs_a_name(r):
    with pytest.raises(DomainError, match="Ange fokusområdets namn."):
        services.focus_area_update(actor=r.controller, focus_area=r.area, name=" ", position=0)


# ---- indicators -----------------------------------------------------------------------------


def test_an_indicator_is_linked_to_the_goals_it_measures(r):
    services.indicator_update(
        actor=r.controller,
        indicator=r.indicator,
        plan=r.plan,
        name="Personalomsättning",
        direction=Indicator.Direction.LOWER,
        unit_of_measure="%",
        decimals=2,
        goals=[r.goal, r.council_goal],
    )
    assert set(r.indicator.goals.all()) == {r.goal, r.council_goal}
    event = _audit("indicator.update", r.indicator)
    assert event.detail["goals_before"] == []
    assert event.detail["goals_after"] == sorted([r.goal.pk, r.council_goal.pk])


def test_changing_an_indicators_goals_keeps_its_links_to_other_years_goals(r):
    next_year = services.plan_copy_forward(actor=SYSTEM, plan=r.plan)
    next_goal = next_year.goals.get()
    r.indicator.goals.add(next_goal)
    services.indicator_update(
        actor=r.controller,
        indicator=r.indicator,
        plan=r.plan,
        name="Personalomsättning",
        direction=Indicator.Direction.LOWER,
        goals=[r.goal],
    )
    assert set(r.indicator.goals.all()) == {r.goal, next_goal}


def test_an_indicator_may_not_measure_a_goal_out_of_the_plans_reach(r):
    dnrs = org_factories.body(r.org, "DNRS", kind=Body.Kind.COMMITTEE)
    foreign = factories.body_goal(factories.plan(r.org, dnrs), "Driftnämndens mål")
    with pytest.raises(DomainError, match="Målet hör inte till planen"):
        services.indicator_update(
            actor=r.controller,
            indicator=r.indicator,
            plan=r.plan,
            name="Personalomsättning",
            direction=Indicator.Direction.LOWER,
            goals=[foreign],
        )
    assert not r.indicator.goals.exists()


def test_an_indicator_is_changed_only_through_a_plan_it_belongs_to(r):
    other_plan = factories.plan(r.org, r.rs, year=2025)
    with pytest.raises(DomainError, match="Indikatorn hör inte till planen."):
        services.indicator_update(
            actor=r.controller,
            indicator=r.indicator,
            plan=other_plan,
            name="X",
            direction=Indicator.Direction.LOWER,
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "Ange indikatorns namn."),
        ({"direction": "sideways"}, "högre eller lägre"),
        ({"decimals": 7}, "mellan 0 och 6"),
    ],
)
def test_an_indicator_change_with_bad_input_is_refused(r, changes, message):
    data = {"name": "Personalomsättning", "direction": Indicator.Direction.LOWER, **changes}
    with pytest.raises(DomainError, match=message):
        services.indicator_update(actor=r.controller, indicator=r.indicator, plan=r.plan, **data)


def test_an_indicator_with_figures_for_the_year_is_not_removed_from_the_plan(r):
    r.measure("11.05")
    with pytest.raises(
        DomainError, match="Indikatorn kan inte tas bort: den har ett utfall för 2024."
    ):
        services.indicator_remove(actor=r.controller, plan=r.plan, indicator=r.indicator)
    assert r.plan.indicators.filter(pk=r.indicator.pk).exists()


def test_an_indicator_assessed_in_the_plans_year_is_not_removed_from_the_plan(r):
    factories.target(r.indicator, unit=r.hr, value="10.0")
    # opening UR1 2024 gives the indicator a draft assessment per unit target for 2024: HR's
    # alone (the body's target is no unit's), so one assessment
    r.open_ur1()
    with pytest.raises(
        DomainError, match="Indikatorn kan inte tas bort: den har en bedömning för 2024."
    ):
        services.indicator_remove(actor=r.controller, plan=r.plan, indicator=r.indicator)
    assert r.plan.indicators.filter(pk=r.indicator.pk).exists()


def test_an_indicator_removed_from_its_only_plan_is_deleted_with_its_targets(r):
    factories.target(r.indicator, unit=r.hr, value="10.0")
    services.indicator_remove(actor=r.controller, plan=r.plan, indicator=r.indicator)
    assert not Indicator.objects.filter(pk=r.indicator.pk).exists()
    assert not Target.objects.exists()
    event = AuditEvent.objects.get(action="indicator.delete")
    assert len(event.detail["targets"]) == 2


def test_an_indicator_in_next_years_plan_too_is_only_taken_out_of_this_one(r):
    next_year = services.plan_copy_forward(actor=SYSTEM, plan=r.plan)
    services.indicator_remove(actor=r.controller, plan=r.plan, indicator=r.indicator)
    indicator = Indicator.objects.get(pk=r.indicator.pk)
    assert list(indicator.plans.all()) == [next_year]
    # this year's target went with it; next year's stays
    assert list(indicator.targets.values_list("year", flat=True)) == [2025]
    assert AuditEvent.objects.filter(action="indicator.remove").count() == 1


# ---- targets per unit -----------------------------------------------------------------------


def test_a_unit_gets_its_own_target_with_tolerance(r):
    target = factories.target(r.indicator, unit=r.hr, value="9.5", tolerance="0.25")
    assert (target.unit, target.body, target.year) == (r.hr, None, 2024)
    assert (target.value, target.tolerance) == (Decimal("9.5"), Decimal("0.25"))
    # setting it again changes the same row
    again = factories.target(r.indicator, unit=r.hr, value="9.0", tolerance="0.25")
    assert again.pk == target.pk
    assert Target.objects.filter(unit=r.hr).count() == 1
    assert AuditEvent.objects.filter(action="target.set", object_id=str(target.pk)).count() == 2


def test_a_unit_target_of_another_organisation_is_refused(r):
    other_org = org_factories.organisation(name="Annan region", slug="annan")
    with pytest.raises(DomainError, match="annan organisation"):
        factories.target(r.indicator, unit=org_factories.unit(other_org, "X"), value="1")


def test_a_reporter_may_not_set_a_target(r):
    with pytest.raises(NotPermitted):
        services.target_set(
            actor=r.reporter, indicator=r.indicator, year=2024, unit=r.rk, value=Decimal(1)
        )


def test_the_status_uses_the_units_own_target_when_there_is_one(r):
    # given: Regionkontoret's turnover 11,05 % (lower is better)
    r.measure("11.05")
    [row] = selectors.indicator_rows(plan=r.plan)
    # against the body's 11,0 with tolerance 0,5: 0,05 on the wrong side → near
    assert (row.status_target, row.status) == (r.body_target, IndicatorStatus.NEAR)

    # when: Regionkontoret gets its own target 10,5 with tolerance 0,5
    own = factories.target(r.indicator, unit=r.rk, value="10.5", tolerance="0.5")
    [row] = selectors.indicator_rows(plan=r.plan)
    # then: 11,05 − 10,5 = 0,55 on the wrong side, beyond 0,5 → not met
    assert (row.status_target, row.status) == (own, IndicatorStatus.NOT_MET)
    assert row.target == r.body_target  # the body's target is still shown as the body's
    [unit_row] = row.unit_targets
    assert (unit_row.target, unit_row.measurement.value, unit_row.status) == (
        own,
        Decimal("11.05"),
        IndicatorStatus.NOT_MET,
    )


def test_a_sub_units_figure_is_judged_against_the_nearest_target_above_it(r):
    # HR (beneath Regionkontoret) has a target but Regionkontoret's own row is judged by
    # Regionkontoret's target; HR's figure 9,9 against HR's 10,0 is met
    factories.target(r.indicator, unit=r.rk, value="10.5", tolerance="0.5")
    hr_target = factories.target(r.indicator, unit=r.hr, value="10.0", tolerance="0")
    r.measure("9.9", unit=r.hr)
    [row] = selectors.indicator_rows(plan=r.plan)
    by_unit = {u.target.unit: u for u in row.unit_targets}
    assert by_unit[r.hr].target == hr_target
    assert by_unit[r.hr].status == IndicatorStatus.MET
    assert by_unit[r.rk].measurement is None and by_unit[r.rk].status is None


def test_the_plans_indicators_are_read_in_a_fixed_number_of_queries(r, django_assert_num_queries):
    r.measure("11.05")
    factories.target(r.indicator, unit=r.hr, value="10.0")
    second = factories.indicator(r.org, "Sjukfrånvaro", plans=[r.plan])
    factories.target(second, unit=r.rk, value="5.2")
    # indicators, their goals, the plan's units (two), targets, measurements
    with django_assert_num_queries(6):
        selectors.indicator_rows(plan=r.plan)


def test_a_unit_target_the_unit_has_assessed_against_is_not_removed(r):
    target = factories.target(r.indicator, unit=r.rk, value="10.5")
    r.open_ur1()  # the unit target makes the indicator due for Regionkontoret
    with pytest.raises(DomainError) as refused:
        services.target_delete(actor=r.controller, target=target)
    assert refused.value.message == (
        "Målvärdet kan inte tas bort: enheten har en bedömning mot det. Ändra målvärdet i stället."
    )
    assert Target.objects.filter(pk=target.pk).exists()


def test_a_unit_target_without_assessments_is_removed(r):
    target = factories.target(r.indicator, unit=r.hr, value="10.0")
    services.target_delete(actor=r.controller, target=target)
    assert not Target.objects.filter(pk=target.pk).exists()
    assert Decimal(AuditEvent.objects.get(action="target.delete").before["value"]) == 10


def test_the_database_keeps_one_target_per_unit_and_year(r):
    from django.db import IntegrityError, transaction

    factories.target(r.indicator, unit=r.hr, value="10.0")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=r.indicator, unit=r.hr, year=2024, value=Decimal(9))


# ---- the red thread -------------------------------------------------------------------------


def test_an_indicator_measuring_two_goals_shows_under_both_in_the_red_thread(r):
    r.indicator.goals.add(r.goal, r.council_goal)
    branches = selectors.red_thread(goal=r.council_goal)
    own = next(b for b in branches if b.goal is None)
    rs_branch = next(b for b in branches if b.goal == r.goal)
    assert own.indicators == [r.indicator]
    assert rs_branch.indicators == [r.indicator]


# ---- concurrency ----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="unique index under concurrency")
def test_two_controllers_setting_the_same_unit_target_at_once_leave_one_target():
    r = Region()
    workers = 4
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def set_target(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.target_set(
                actor=r.controller,
                indicator=r.indicator,
                year=2024,
                unit=r.hr,
                value=Decimal(10 + i),
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=set_target, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    [target] = Target.objects.filter(unit=r.hr, year=2024)
    assert target.value in {Decimal(10 + i) for i in range(workers)}
    # every call is in the audit trail: one insert and three changes
    events = AuditEvent.objects.filter(action="target.set", object_id=str(target.pk))
    assert events.count() == workers
    assert events.filter(before__isnull=True).count() == 1
