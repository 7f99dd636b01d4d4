from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services
from uppsikt.planning.models import Plan

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client):
    org = org_factories.organisation()
    rs = org_factories.body(org, "RS", name="Regionstyrelsen")
    rk = org_factories.unit(org, "RK", name="Regionkontoret", body=rs)
    plan = factories.plan(org, rs, title="Verksamhetsplan 2024 Regionstyrelsen")
    factories.plan_assignment(plan, rk, "Regionstyrelsen ska ta fram en kompetensförsörjningsplan")
    indicator = factories.indicator(org, plans=[plan], decimals=2)
    factories.target(indicator, body=rs, value="11.0", tolerance="0.5")
    services.measurement_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=rk,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 4, 30),
        value=Decimal("11.05"),
    )
    user = org_factories.user("lasare")
    org_factories.grant(user, Role.READER, org)
    client.force_login(user)
    client.plan = plan
    return client


def test_the_plans_are_listed(reader_client):
    html = reader_client.get(reverse("planning:plans")).content.decode()
    assert "Verksamhetsplan 2024 Regionstyrelsen" in html


def test_the_plan_shows_its_assignments_with_the_responsible_unit(reader_client):
    html = reader_client.get(
        reverse("planning:plan", args=[reader_client.plan.pk])
    ).content.decode()
    assert "Regionstyrelsen ska ta fram en kompetensförsörjningsplan" in html
    assert "Regionkontoret" in html


def test_the_indicator_status_is_shown_by_symbol_and_text(reader_client):
    html = reader_client.get(
        reverse("planning:plan", args=[reader_client.plan.pk])
    ).content.decode()
    # 11.05 against 11.0 with tolerance 0.5: near; shown with two decimals
    assert "11,05\u00a0%" in html
    assert '<span aria-hidden="true">◆</span> Nära målvärdet' in html


def test_an_account_without_a_role_may_not_see_plans(client):
    client.force_login(org_factories.user("utan"))
    assert client.get(reverse("planning:plans")).status_code == 403


def test_a_reader_may_not_copy_a_plan_forward(reader_client):
    response = reader_client.post(reverse("planning:copy_forward", args=[reader_client.plan.pk]))
    assert response.status_code == 403


def test_a_controller_copies_a_plan_forward_from_its_page(reader_client):
    plan = reader_client.plan
    controller = org_factories.user("controller")
    org_factories.grant(controller, Role.CONTROLLER, plan.organisation)
    reader_client.force_login(controller)
    page = reader_client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert "För vidare till 2025" in page
    response = reader_client.post(reverse("planning:copy_forward", args=[plan.pk]))
    new = Plan.objects.get(body=plan.body, year=2025)
    assert response["Location"] == reverse("planning:plan", args=[new.pk])
