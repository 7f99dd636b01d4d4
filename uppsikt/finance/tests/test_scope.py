"""Roles on a unit see and change that unit's subtree only; organisation-wide figures and
settings need a role for the whole organisation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import services
from uppsikt.finance.models import ReportLine
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

from .test_ledger import LEDGER

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = factories.organisation()
    rk = factories.unit(org, "RK")
    factories.unit(org, "EKO", rk, cost_centres=["11"])
    factories.unit(org, "RSE", cost_centres=["21"])
    services.sie_import_file(
        actor=SYSTEM, organisation=org, data=LEDGER.encode("cp437"), filename="r.se"
    )
    return org


def scoped(client, org, role, unit_code):
    user = factories.user(f"{role}-{unit_code}")
    factories.grant(user, role, org, unit=org.units.get(code=unit_code))
    client.force_login(user)
    return user


def test_a_unit_reader_sees_its_own_unit_and_is_refused_others(client, org):
    scoped(client, org, Role.READER, "RSE")
    own = client.get(reverse("finance:ledger"))
    assert own.status_code == 200 and own.context["unit"].code == "RSE"
    for url, params in [
        (reverse("finance:ledger"), {"enhet": "RK", "manad": "2024-02"}),
        (reverse("finance:transactions"), {"enhet": "RK", "manad": "2024-02", "konto": "4011"}),
        (reverse("finance:forecast"), {"enhet": "RK", "manad": "2024-02"}),
        (reverse("finance:template", args=["budget"]), {"enhet": "RK", "manad": "2024-02"}),
    ]:
        assert client.get(url, params).status_code == 403, url
    assert client.get(reverse("finance:imports")).status_code == 403
    # nor is the list of imports linked from the unit's ledger page
    assert reverse("finance:imports") not in own.content.decode()
    # the trial balance without a unit is the reader's own unit, not the organisation's
    csv = client.get(
        reverse("finance:trial_balance", args=["csv"]), {"manad": "2024-02"}
    ).content.decode()
    assert "4011" in csv  # RSE's cost centre 21 booked 80 000 on 4011
    assert "1930" not in csv  # the bank row (no cost centre) belongs to the organisation


def test_an_organisation_reader_is_shown_the_imports(client, org):
    user = factories.user("reader-org")
    factories.grant(user, Role.READER, org)
    client.force_login(user)
    assert reverse("finance:imports") in client.get(reverse("finance:ledger")).content.decode()
    assert client.get(reverse("finance:imports")).status_code == 200


def test_a_unit_controller_cannot_change_another_unit_or_the_organisation(org):
    controller = factories.user("c-rse")
    factories.grant(controller, Role.CONTROLLER, org, unit=org.units.get(code="RSE"))
    staff = ReportLine.objects.get(organisation=org, code="staff")
    with pytest.raises(NotPermitted):
        services.operating_budget_set(
            actor=controller,
            unit=org.units.get(code="RK"),
            year=2024,
            label="x",
            decided_on=dt.date(2024, 1, 1),
            lines={(staff, 1): Decimal(1)},
        )
    services.operating_budget_set(
        actor=controller,
        unit=org.units.get(code="RSE"),
        year=2024,
        label="egen",
        decided_on=dt.date(2024, 1, 1),
        lines={(staff, 1): Decimal(1)},
    )
    with pytest.raises(NotPermitted):
        services.report_line_ranges_set(actor=controller, line=staff, ranges=[("4000", "4999")])
    with pytest.raises(NotPermitted):
        services.sie_import_file(
            actor=controller, organisation=org, data=LEDGER.encode("cp437"), filename="x.se"
        )


def test_a_unit_reader_sees_its_forecast_without_a_form_to_send(client, org):
    scoped(client, org, Role.READER, "RSE")
    page = client.get(reverse("finance:forecast"), {"enhet": "RSE", "manad": "2024-02"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prognos för 2024 per 2024-02" in html
    assert '<form method="post">' not in html and "Spara prognosen" not in html
