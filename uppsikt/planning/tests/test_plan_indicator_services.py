"""An indicator and its target for the plan's body, written together by one service: both or
neither, and only by a role on the plan's body."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services
from uppsikt.planning.models import Indicator, Target

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    org = org_factories.organisation()
    rs = org_factories.body(org, "RS", name="Regionstyrelsen")
    hs = org_factories.body(org, "HS", name="Hälso- och sjukvårdsnämnden")
    return {"org": org, "rs": rs, "hs": hs, "plan": factories.plan(org, rs, year=2025)}


def _create(actor, plan, **changes):
    fields = {
        "name": "Sjukfrånvaro",
        "direction": Indicator.Direction.LOWER,
        "unit_of_measure": "%",
        "decimals": 1,
        "value": Decimal("6.0"),
        "tolerance": Decimal("0.5"),
    }
    return services.plan_indicator_create(actor=actor, plan=plan, **{**fields, **changes})


def test_a_new_plan_indicator_gets_its_target_for_the_plans_body_and_year(region):
    indicator = _create(SYSTEM, region["plan"])
    target = Target.objects.get(indicator=indicator)
    assert (target.body, target.unit, target.year) == (region["rs"], None, 2025)
    assert (target.value, target.tolerance) == (Decimal("6.0"), Decimal("0.5"))


def test_a_new_plan_indicator_with_a_refused_target_is_not_kept(region):
    with pytest.raises(DomainError):
        _create(SYSTEM, region["plan"], tolerance=Decimal("-1"))
    assert not Indicator.objects.exists() and not Target.objects.exists()


def test_a_controller_of_another_body_may_not_add_an_indicator_to_the_plan(region):
    controller = org_factories.user("hs-controller")
    org_factories.grant(controller, Role.CONTROLLER, region["org"], body=region["hs"])
    with pytest.raises(NotPermitted):
        _create(controller, region["plan"])
    assert not Indicator.objects.exists()


def test_changing_a_plan_indicator_without_a_value_removes_its_body_target(region):
    indicator = _create(SYSTEM, region["plan"])
    services.plan_indicator_update(
        actor=SYSTEM,
        plan=region["plan"],
        indicator=indicator,
        value=None,
        name="Sjukfrånvaro, total",
        direction=Indicator.Direction.LOWER,
    )
    indicator.refresh_from_db()
    assert indicator.name == "Sjukfrånvaro, total" and not Target.objects.exists()


def test_a_controller_of_another_body_may_not_change_the_plans_indicator(region):
    indicator = _create(SYSTEM, region["plan"])
    controller = org_factories.user("hs-controller")
    org_factories.grant(controller, Role.CONTROLLER, region["org"], body=region["hs"])
    with pytest.raises(NotPermitted):
        services.plan_indicator_update(
            actor=controller,
            plan=region["plan"],
            indicator=indicator,
            value=Decimal("7.0"),
            name="Annat namn",
            direction=Indicator.Direction.LOWER,
        )
    indicator.refresh_from_db()
    assert indicator.name == "Sjukfrånvaro"
    assert Target.objects.get(indicator=indicator).value == Decimal("6.0")
