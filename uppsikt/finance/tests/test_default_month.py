"""The ledger opens on the latest booked month that has a budget, so the first page a controller
sees sets a result against a budget; a month booked without one is still reachable by choosing
it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import selectors, services
from uppsikt.finance.models import ReportLine
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

from .test_ledger import LEDGER

pytestmark = pytest.mark.django_db

# LEDGER books January, February and May 2024 and budgets the same three months.
MAY_BUDGET = '#PBUDGET 0 202405 4011 {1 "11"} 999999.00\n'


@pytest.fixture
def org():
    org = factories.organisation()
    rk = factories.unit(org, "RK")
    factories.unit(org, "EKO", rk, cost_centres=["11"])
    return org


def load(org, text: str) -> None:
    services.sie_import_file(
        actor=SYSTEM, organisation=org, data=text.encode("cp437"), filename="prov.se"
    )


def test_the_latest_booked_month_with_a_budget_is_the_default(org):
    load(org, LEDGER)
    assert selectors.latest_month(organisation=org) == (2024, 5)
    assert selectors.latest_budgeted_month(organisation=org) == (2024, 5)


def test_a_latest_month_without_budget_gives_way_to_the_last_budgeted_one(org):
    assert MAY_BUDGET in LEDGER
    load(org, LEDGER.replace(MAY_BUDGET, ""))
    # May is booked but has no budget; February is the latest month with both
    assert selectors.latest_month(organisation=org) == (2024, 5)
    assert selectors.latest_budgeted_month(organisation=org) == (2024, 2)


def test_a_decided_operating_budget_counts_as_a_budget(org):
    load(org, LEDGER.replace(MAY_BUDGET, ""))
    staff = ReportLine.objects.get(organisation=org, code="staff")
    services.operating_budget_set(
        actor=SYSTEM,
        unit=org.units.get(code="RK"),
        year=2024,
        label="Driftbudget 2024",
        decided_on=dt.date(2024, 1, 15),
        lines={(staff, month): Decimal(-100_000) for month in range(1, 13)},
    )
    assert selectors.latest_budgeted_month(organisation=org) == (2024, 5)


def test_without_any_budget_the_latest_booked_month_is_the_default(org):
    load(org, "\n".join(line for line in LEDGER.splitlines() if "#PBUDGET" not in line) + "\n")
    assert selectors.latest_budgeted_month(organisation=org) == (2024, 5)


def test_an_empty_ledger_has_no_default_month(org):
    assert selectors.latest_budgeted_month(organisation=org) is None


def test_the_ledger_page_opens_on_the_budgeted_month_and_still_shows_a_chosen_one(client, org):
    load(org, LEDGER.replace(MAY_BUDGET, ""))
    user = factories.user("controller")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    assert client.get(reverse("finance:ledger")).context["month"] == (2024, 2)
    chosen = client.get(reverse("finance:ledger"), {"manad": "2024-05"})
    assert chosen.context["month"] == (2024, 5)


def test_a_unit_reader_gets_the_same_default_on_their_own_unit(client, org):
    load(org, LEDGER.replace(MAY_BUDGET, ""))
    user = factories.user("lasare")
    factories.grant(user, Role.READER, org, unit=org.units.get(code="EKO"))
    client.force_login(user)
    response = client.get(reverse("finance:ledger"))
    assert response.status_code == 200
    assert response.context["month"] == (2024, 2)
    assert response.context["unit"].code == "EKO"
