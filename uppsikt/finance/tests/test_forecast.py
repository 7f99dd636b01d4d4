"""Operating budget revisions and full-year forecasts (docs/definitions.md §2: forecast variance =
full-year forecast − full-year budget; forecast change = this variance − the previous one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import selectors, services
from uppsikt.finance.models import OperatingBudget, ReportLine
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


def line(org, code):
    return ReportLine.objects.get(organisation=org, code=code)


def test_the_ledgers_monthly_budget_per_line_in_report_sign(org):
    months = selectors.ledger_budget_by_line(unit=org.units.get(code="RK"), year=2024)
    # #PBUDGET for cost centre 11: 3010 Jan −50 000 (revenue +50 000); 4011 Jan, Feb 100 000, May 999 999
    assert months[line(org, "revenue")] == [5_000_000] + [0] * 11
    assert months[line(org, "staff")] == [-10_000_000, -10_000_000, 0, 0, -99_999_900] + [0] * 7


def test_forecast_proposal_variance_and_change(org):
    rk = org.units.get(code="RK")
    staff = line(org, "staff")
    table = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=2)
    row = table.row("staff")
    # budget −1 199 999; actual Jan–Feb −193 000; proposal −193 000 + (−999 999, May) = −1 192 999
    assert (row.budget, row.actual, row.proposal) == (
        Decimal(-1_199_999),
        Decimal(-193_000),
        Decimal(-1_192_999),
    )
    assert row.forecast == row.proposal and row.variance == Decimal(7_000) and row.change is None
    services.forecast_set(
        actor=SYSTEM, unit=rk, year=2024, as_of=(2024, 2), amounts={staff: Decimal(-1_210_000)}
    )
    feb = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=2).row("staff")
    assert feb.variance == Decimal(-10_001)  # −1 210 000 − (−1 199 999)
    services.forecast_set(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        as_of=(2024, 4),
        amounts={staff: Decimal(-1_205_000)},
        comment="Vakanser",
    )
    april = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=4)
    row = april.row("staff")
    assert row.variance == Decimal(-5_001)
    assert row.change == Decimal(5_000)  # −5 001 − (−10 001)
    assert april.previous_as_of == 202402 and april.comment == "Vakanser"


def test_a_budget_revision_replaces_the_ledgers_budget_and_every_revision_is_kept(org):
    rk = org.units.get(code="RK")
    staff = line(org, "staff")
    services.operating_budget_set(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        label="Mål och budget",
        decided_on=dt.date(2023, 11, 1),
        lines={(staff, 1): Decimal(-120_000), (staff, 2): Decimal(-80_000)},
    )
    ytd = selectors.ytd_table(organisation=org, unit=rk, year=2024, month=2)
    assert ytd.row("staff").budget == Decimal(-200_000)
    assert ytd.row("revenue").budget == Decimal(0)  # the revision states no revenue
    services.operating_budget_set(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        label="Revidering",
        decided_on=dt.date(2024, 2, 1),
        lines={(staff, 1): Decimal(-150_000), (staff, 2): Decimal(-80_000)},
    )
    ytd = selectors.ytd_table(organisation=org, unit=rk, year=2024, month=2)
    # actual −193 000 against −230 000: +37 000
    assert ytd.row("staff").variance == Decimal(37_000)
    assert OperatingBudget.objects.filter(unit=rk, year=2024).count() == 2


def test_a_revision_can_be_taken_from_the_ledger(org):
    rk = org.units.get(code="RK")
    revision = services.operating_budget_from_ledger(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        label="Budget enligt huvudboken",
        decided_on=dt.date(2024, 1, 1),
    )
    assert revision.source == "ledger"
    table = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=2)
    assert table.row("staff").budget == Decimal(-1_199_999) and table.revision == revision


def test_forecasts_need_the_role_on_the_unit_and_a_month_in_the_year(org):
    rk, rse = org.units.get(code="RK"), org.units.get(code="RSE")
    reporter = factories.user("r")
    factories.grant(reporter, Role.REPORTER, org, unit=rse)
    with pytest.raises(NotPermitted):
        services.forecast_set(
            actor=reporter,
            unit=rk,
            year=2024,
            as_of=(2024, 4),
            amounts={line(org, "staff"): Decimal(1)},
        )
    with pytest.raises(DomainError):
        services.forecast_set(
            actor=SYSTEM,
            unit=rk,
            year=2024,
            as_of=(2023, 12),
            amounts={line(org, "staff"): Decimal(1)},
        )
    with pytest.raises(DomainError):
        services.operating_budget_set(
            actor=SYSTEM,
            unit=rk,
            year=2024,
            label="x",
            decided_on=dt.date(2024, 1, 1),
            lines={(line(org, "staff"), 13): Decimal(1)},
        )


def test_a_unit_enters_its_forecast_in_the_browser(client, org):
    rk = org.units.get(code="RK")
    user = factories.user("rapportor")
    factories.grant(user, Role.REPORTER, org, unit=rk)
    client.force_login(user)
    url = reverse("finance:forecast") + "?enhet=RK&manad=2024-02"
    page = client.get(url).content.decode()
    assert "\u22121\u00a0193" in page  # the proposal for staff costs, tkr
    data = {
        f"line-{line(org, code).pk}": value
        for code, value in [
            ("revenue", "60"),
            ("staff", "−1 210"),
            ("other", "0"),
            ("financial", "0"),
            ("funding", "30"),
        ]
    }
    client.post(url, {**data, "comment": "Se kommentar"})
    row = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=2).row("staff")
    assert row.forecast == Decimal(-1_210_000) and row.entered
    bad = client.post(url, {**data, f"line-{line(org, 'staff').pk}": "mycket"}, follow=True)
    assert "Personalkostnader: skriv ett belopp i tkr" in bad.content.decode()


def test_the_demo_gives_reference_003s_forecast_and_its_change(transactional_db):
    from uppsikt.demo.loader import load_demo

    org = load_demo().organisation
    rk = org.units.get(code="RK")
    april = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=4).row("net")
    # reference 003: −711 553 against −702 553 tkr: −9 000 tkr; change since February +8,5 mnkr
    assert (april.forecast, april.budget, april.variance) == (
        Decimal(-711_553_000),
        Decimal(-702_553_000),
        Decimal(-9_000_000),
    )
    assert april.change == Decimal(8_500_000)
    revisions = OperatingBudget.objects.filter(unit=rk, year=2024).order_by("decided_on")
    adopted = sum(revisions[0].lines.values_list("cents", flat=True)) / 100
    assert round(Decimal(adopted) / 1_000_000) == -713  # reference 001's Nettobudget
    rse = org.units.get(code="RSE")
    result = selectors.forecast_table(organisation=org, unit=rse, year=2025, month=8).row("result")
    assert result.forecast == Decimal(3_000_000)  # reference 002: +3,0 mnkr


def test_business_lines_reproduce_reference_002s_table(transactional_db):
    from uppsikt.demo.loader import load_demo

    org = load_demo().organisation
    rse = org.units.get(code="RSE")
    rows = selectors.business_line_table(organisation=org, unit=rse, year=2025, month=8)

    def mn(value):
        return None if value is None else round(value / 1_000_000, 1)

    table = [
        (
            r.business_line.name if r.business_line else "Totalt",
            mn(r.actual),
            mn(r.previous),
            mn(r.forecast),
        )
        for r in rows
    ]
    assert table == [
        ("Ordinarie", Decimal("4.3"), Decimal("6.0"), Decimal("-1.0")),
        ("Förstärkt försörjningsberedskap", Decimal("4.6"), Decimal("4.3"), Decimal("4.0")),
        ("Förrådsvaror", Decimal("-0.8"), Decimal("0.0"), Decimal("0.0")),
        ("Totalt", Decimal("8.1"), Decimal("10.3"), Decimal("3.0")),
    ]
    assert all(r.change is None for r in rows)  # no earlier forecast: "–" as in the reference


def test_a_cost_centre_belongs_to_one_business_line_of_the_unit(org):
    from uppsikt.organisation.models import CostCentre

    rk = org.units.get(code="RK")
    cc = CostCentre.objects.get(code="11")
    services.business_line_create(actor=SYSTEM, unit=rk, name="A", cost_centres=[cc])
    with pytest.raises(DomainError):
        services.business_line_create(actor=SYSTEM, unit=rk, name="B", cost_centres=[cc])
    with pytest.raises(DomainError):  # 21 belongs to RSE, not RK
        services.business_line_create(
            actor=SYSTEM, unit=rk, name="C", cost_centres=[CostCentre.objects.get(code="21")]
        )


def test_business_line_forecasts_are_entered_with_the_unit_forecast(client, org):
    from uppsikt.finance.models import BusinessLineForecast
    from uppsikt.organisation.models import CostCentre

    rk = org.units.get(code="RK")
    bl = services.business_line_create(
        actor=SYSTEM, unit=rk, name="Ordinarie", cost_centres=[CostCentre.objects.get(code="11")]
    )
    user = factories.user("c")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    url = reverse("finance:forecast") + "?enhet=RK&manad=2024-02"
    data = {f"line-{r.pk}": "0" for r in ReportLine.objects.filter(organisation=org)}
    client.post(url, {**data, f"bl-{bl.pk}": "−1 000,5"})
    assert BusinessLineForecast.objects.get(business_line=bl).cents == -100_050_000
    [row, total] = selectors.business_line_table(organisation=org, unit=rk, year=2024, month=2)
    # result Jan–Feb for cost centre 11: −(−60 000 + 95 000 − 30 000 + 98 000 + 12 000,50) = −115 000,50
    assert row.actual == Decimal("-115000.50") and row.forecast == Decimal("-1000500")


def test_the_budget_history_shows_each_revision(transactional_db):
    from uppsikt.demo.loader import load_demo

    org = load_demo().organisation
    history = selectors.operating_budget_history(
        organisation=org, unit=org.units.get(code="RK"), year=2024
    )
    # reference 001: net −713 mnkr adopted; reference 003: −702 553 tkr after the revision
    assert [round(h["net"] / 1_000_000) for h in history] == [-713, -703]
    assert history[-1]["net"] == Decimal(-702_553_000)


def test_the_change_compares_with_the_variance_reported_then(org):
    # a budget revision decided between two forecasts does not rewrite the earlier variance
    rk = org.units.get(code="RK")
    staff = line(org, "staff")
    services.operating_budget_set(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        label="B1",
        decided_on=dt.date(2024, 1, 1),
        lines={(staff, 1): Decimal(-1_000_000)},
    )
    services.forecast_set(
        actor=SYSTEM, unit=rk, year=2024, as_of=(2024, 2), amounts={staff: Decimal(-1_100_000)}
    )
    services.operating_budget_set(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        label="B2",
        decided_on=dt.date(2024, 3, 15),
        lines={(staff, 1): Decimal(-1_050_000)},
    )
    services.forecast_set(
        actor=SYSTEM, unit=rk, year=2024, as_of=(2024, 4), amounts={staff: Decimal(-1_100_000)}
    )
    row = selectors.forecast_table(organisation=org, unit=rk, year=2024, month=4).row("staff")
    # February: −1 100 000 − (−1 000 000) = −100 000; April: −1 100 000 − (−1 050 000) = −50 000
    assert row.previous_variance == Decimal(-100_000) and row.variance == Decimal(-50_000)
    assert row.change == Decimal(50_000)


def test_the_forecast_pages_save_keeps_report_lines_and_business_lines_together(org):
    from uppsikt.finance.models import BusinessLineForecast, Forecast
    from uppsikt.organisation.models import CostCentre

    rk = org.units.get(code="RK")
    bl = services.business_line_create(
        actor=SYSTEM, unit=rk, name="Ordinarie", cost_centres=[CostCentre.objects.get(code="11")]
    )
    services.unit_forecast_set(
        actor=SYSTEM,
        unit=rk,
        year=2024,
        as_of=(2024, 2),
        amounts={line(org, "staff"): Decimal(-1_210_000)},
        business_line_results={bl: Decimal(-1_000)},
    )
    assert Forecast.objects.get(unit=rk).cents == -121_000_000  # −1 210 000 kr × 100
    assert BusinessLineForecast.objects.get(business_line=bl).cents == -100_000  # −1 000 kr


def test_the_forecast_pages_save_needs_the_role_on_that_unit(org):
    from uppsikt.finance.models import Forecast

    rk, rse = org.units.get(code="RK"), org.units.get(code="RSE")
    reporter = factories.user("r")
    factories.grant(reporter, Role.REPORTER, org, unit=rse)
    with pytest.raises(NotPermitted):
        services.unit_forecast_set(
            actor=reporter,
            unit=rk,
            year=2024,
            as_of=(2024, 2),
            amounts={line(org, "staff"): Decimal(1)},
        )
    assert not Forecast.objects.exists()


def test_the_forecast_pages_save_refuses_another_units_business_line_and_keeps_nothing(org):
    from uppsikt.finance.models import BusinessLineForecast, Forecast
    from uppsikt.organisation.models import CostCentre

    rk, rse = org.units.get(code="RK"), org.units.get(code="RSE")
    other = services.business_line_create(
        actor=SYSTEM, unit=rse, name="Annan", cost_centres=[CostCentre.objects.get(code="21")]
    )
    with pytest.raises(DomainError):
        services.unit_forecast_set(
            actor=SYSTEM,
            unit=rk,
            year=2024,
            as_of=(2024, 2),
            amounts={line(org, "staff"): Decimal(1)},
            business_line_results={other: Decimal(1)},
        )
    assert not Forecast.objects.exists() and not BusinessLineForecast.objects.exists()
