from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Body
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import selectors, services
from uppsikt.planning.status import IndicatorStatus

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    org = org_factories.organisation()
    rf = org_factories.body(org, "RF", kind=Body.Kind.COUNCIL)
    rs = org_factories.body(org, "RS")
    dnrs = org_factories.body(org, "DNRS", kind=Body.Kind.COMMITTEE)
    rk = org_factories.unit(org, "RK", body=rs)  # Regionkontoret serves the board
    mat = org_factories.unit(org, "MAT")
    council_plan = factories.plan(org, rf)
    area = services.focus_area_create(
        actor=SYSTEM, plan=council_plan, name="Attraktiva och hållbara livsmiljöer"
    )
    goal = factories.council_goal(council_plan, focus_area=area)
    rs_plan = factories.plan(org, rs)
    dnrs_plan = factories.plan(org, dnrs)
    body_goal = factories.body_goal(dnrs_plan, "DNRS hållbar resursanvändning", serves=[goal])
    return {
        "org": org,
        "rs": rs,
        "rk": rk,
        "mat": mat,
        "area": area,
        "goal": goal,
        "rs_plan": rs_plan,
        "dnrs_plan": dnrs_plan,
        "body_goal": body_goal,
    }


def test_the_red_thread_shows_each_bodys_work_under_a_council_goal(region):
    r = region
    direct = factories.plan_assignment(r["rs_plan"], r["rk"], "RS-uppdrag", goal=r["goal"])
    under_body_goal = factories.plan_assignment(
        r["dnrs_plan"], r["mat"], "Minska matsvinnet", goal=r["body_goal"]
    )
    activity = factories.activity(
        r["dnrs_plan"], r["mat"], "Mät svinnet", assignment=under_body_goal
    )
    factories.plan_assignment(r["rs_plan"], r["rk"], "Uppdrag utan koppling")
    branches = selectors.red_thread(goal=r["goal"])
    summary = sorted(
        (b.body.code, b.goal.title if b.goal else None, [a.title for a in b.assignments])
        for b in branches
    )
    assert summary == [
        ("DNRS", "DNRS hållbar resursanvändning", ["Minska matsvinnet"]),
        ("RS", None, ["RS-uppdrag"]),
    ]
    dnrs = next(b for b in branches if b.body.code == "DNRS")
    assert list(dnrs.assignments[0].activities.all()) == [activity]
    assert direct.pk in {a.pk for b in branches for a in b.assignments}


def test_the_red_thread_is_read_in_a_fixed_number_of_queries(region, django_assert_num_queries):
    r = region
    for n in range(3):
        a = factories.plan_assignment(r["dnrs_plan"], r["mat"], f"U{n}", goal=r["body_goal"])
        factories.activity(r["dnrs_plan"], r["mat"], f"A{n}", assignment=a)
    goal = type(r["goal"]).objects.get(pk=r["goal"].pk)
    with django_assert_num_queries(6):
        selectors.red_thread(goal=goal)


def test_the_chain_up_from_an_activity_reaches_the_focus_area(region):
    r = region
    assignment = factories.plan_assignment(r["dnrs_plan"], r["mat"], goal=r["body_goal"])
    activity = factories.activity(r["dnrs_plan"], r["mat"], assignment=assignment)
    chain = selectors.chain_up(item=activity)
    assert [(link.kind, [str(o) for o in link.objects]) for link in chain] == [
        ("Fokusområde", ["Attraktiva och hållbara livsmiljöer"]),
        ("Fullmäktiges mål", ["Bidra till en hållbar resursanvändning"]),
        ("Nämndens mål", ["DNRS hållbar resursanvändning"]),
        ("Uppdrag", ["Ett uppdrag"]),
        ("Aktivitet", ["En aktivitet"]),
    ]


def test_an_indicator_row_carries_the_status_of_the_latest_measurement(region):
    r = region
    indicator = factories.indicator(r["org"], plans=[r["rs_plan"]])
    factories.target(indicator, body=r["rs"], value="11.0", tolerance="0.5")
    services.measurement_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=r["rk"],
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 4, 30),
        value=Decimal("11.05"),
    )
    [row] = selectors.indicator_rows(plan=r["rs_plan"])
    # 11.05 is 0.05 above the target 11.0, within the tolerance 0.5
    assert row.status is IndicatorStatus.NEAR
