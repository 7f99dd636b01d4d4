"""Capital projects: budget revisions, spending from the ledger, forecasts and variance
(docs/definitions.md §2: variance = annual budget − annual forecast, positive = under-spend)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import selectors, services
from uppsikt.finance.models import CapitalProject
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db

# 2024: project P1 spends 1 000 + 2 500,50 on 1220 in Jan and Mar, 700 in May;
# 5410 (an operating cost) with P1 is not capital spending and must not count.
LEDGER = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#RAR 0 20240101 20241231
#KONTO 1220 "Inventarier"
#KONTO 2440 "Leverantörsskulder"
#KONTO 5410 "Konsulter"
#VER I 1 20240110 ""
{
#TRANS 1220 {1 "11" 6 "P1"} 1000.00
#TRANS 2440 {} -1000.00
}
#VER I 2 20240320 ""
{
#TRANS 1220 {1 "11" 6 "P1"} 2500.50
#TRANS 5410 {1 "11" 6 "P1"} 99.00
#TRANS 2440 {} -2599.50
}
#VER I 3 20240505 ""
{
#TRANS 1220 {1 "11" 6 "P1"} 700.00
#TRANS 2440 {} -700.00
}
"""


@pytest.fixture
def org():
    org = factories.organisation()
    rk = factories.unit(org, "RK")
    factories.unit(org, "ITD", rk, cost_centres=["11"])
    services.sie_import_file(
        actor=SYSTEM, organisation=org, data=LEDGER.encode("cp437"), filename="i.se"
    )
    return org


def project(org, code="P1", unit="ITD"):
    return services.capital_project_create(
        actor=SYSTEM,
        organisation=org,
        code=code,
        name=f"Projekt {code}",
        category=CapitalProject.Category.REINVESTMENT,
        unit=org.units.get(code=unit),
    )


def test_the_latest_revision_stating_a_year_wins_and_every_revision_is_kept(org):
    p1, p2 = project(org), project(org, "P2")
    services.capital_budget_revise(
        actor=SYSTEM,
        organisation=org,
        label="Mål och budget",
        decided_on=dt.date(2023, 6, 1),
        lines={
            (p1, 2024): Decimal(10_000),
            (p1, 2025): Decimal(20_000),
            (p2, 2024): Decimal(5_000),
        },
    )
    services.capital_budget_revise(
        actor=SYSTEM,
        organisation=org,
        label="Ombudgetering",
        decided_on=dt.date(2024, 3, 1),
        lines={(p1, 2024): Decimal(12_500)},
    )
    budget = selectors.capital_budget(organisation=org, years=[2024, 2025])
    # P1 2024 from the second revision; P1 2025 and P2 2024 still from the first
    assert budget == {(p1.pk, 2024): 1_250_000, (p1.pk, 2025): 2_000_000, (p2.pk, 2024): 500_000}
    plan = selectors.capital_plan(organisation=org, first_year=2024, years=2)
    first, second = plan["versions"]
    assert first["totals"] == [Decimal(15_000), Decimal(20_000)]  # 10 000 + 5 000; 20 000
    assert second["totals"] == [Decimal(17_500), Decimal(20_000)]  # 12 500 + 5 000; 20 000


def test_capital_table_spending_forecast_and_variance(org):
    p1 = project(org)
    services.capital_budget_revise(
        actor=SYSTEM,
        organisation=org,
        label="Budget",
        decided_on=dt.date(2023, 6, 1),
        lines={(p1, 2024): Decimal(10_000)},
    )
    # no forecast yet: the forecast is the budget, no variance; spending Jan–Apr 1 000 + 2 500,50
    [row] = selectors.capital_table(organisation=org, year=2024, month=4)
    assert (row.actual, row.budget, row.forecast, row.variance) == (
        Decimal("3500.50"),
        Decimal(10_000),
        Decimal(10_000),
        Decimal(0),
    )
    services.capital_forecast_set(
        actor=SYSTEM,
        project=p1,
        year=2024,
        as_of=(2024, 4),
        amount=Decimal(4_000),
        comment="Försenat",
    )
    [row] = selectors.capital_table(organisation=org, year=2024, month=4)
    assert (
        row.variance == Decimal(6_000) and row.comment == "Försenat"
    )  # 10 000 − 4 000: under-spend
    # the March view does not see April's forecast; May's spending counts from May
    [march] = selectors.capital_table(organisation=org, year=2024, month=3)
    assert march.forecast == Decimal(10_000)
    [may] = selectors.capital_table(organisation=org, year=2024, month=5)
    assert may.actual == Decimal("4200.50")


def test_forecasts_need_the_forecast_role_on_the_projects_unit(org):
    p1 = project(org)
    other = factories.unit(org, "RSE")
    reporter = factories.user("rapportor")
    factories.grant(reporter, Role.REPORTER, org, unit=other)
    with pytest.raises(NotPermitted):
        services.capital_forecast_set(
            actor=reporter, project=p1, year=2024, as_of=(2024, 4), amount=Decimal(1)
        )
    own = factories.user("itd")
    factories.grant(own, Role.REPORTER, org, unit=org.units.get(code="RK"))
    services.capital_forecast_set(
        actor=own, project=p1, year=2024, as_of=(2024, 4), amount=Decimal(1)
    )


def test_bad_forecasts_and_revisions_are_refused(org):
    p1 = project(org)
    with pytest.raises(DomainError):
        services.capital_forecast_set(
            actor=SYSTEM, project=p1, year=2024, as_of=(2025, 1), amount=Decimal(1)
        )
    with pytest.raises(DomainError):
        services.capital_forecast_set(
            actor=SYSTEM, project=p1, year=2024, as_of=(2024, 4), amount=Decimal("0.001")
        )
    with pytest.raises(DomainError):
        services.capital_budget_revise(
            actor=SYSTEM, organisation=org, label="Tom", decided_on=dt.date(2024, 1, 1), lines={}
        )
    with pytest.raises(DomainError):
        project(org)  # the same code twice


def test_a_forecast_names_the_parts_of_its_variance_and_a_new_one_replaces_them(org):
    p1 = project(org)
    services.capital_forecast_set(
        actor=SYSTEM,
        project=p1,
        year=2024,
        as_of=(2024, 4),
        amount=Decimal(13_000),
        items=[
            (" Datorer ", Decimal(-2_000), "Högre volymer. "),
            ("Lagring", Decimal(500), "", 7),
        ],
    )
    [row] = selectors.capital_table(organisation=org, year=2024, month=4)
    # in the order given, names and explanations trimmed; a part without a position takes its
    # place in the list
    assert row.items == [
        ("Datorer", Decimal(-2_000), "Högre volymer.", 0),
        ("Lagring", Decimal(500), "", 7),
    ]
    # a new forecast for the month without parts keeps the parts; an empty list removes them
    services.capital_forecast_set(
        actor=SYSTEM, project=p1, year=2024, as_of=(2024, 4), amount=Decimal(12_000)
    )
    [row] = selectors.capital_table(organisation=org, year=2024, month=4)
    assert row.forecast == Decimal(12_000) and len(row.items) == 2
    services.capital_forecast_set(
        actor=SYSTEM, project=p1, year=2024, as_of=(2024, 4), amount=Decimal(13_000), items=[]
    )
    [row] = selectors.capital_table(organisation=org, year=2024, month=4)
    assert row.items == []
    # a part needs a name
    with pytest.raises(DomainError):
        services.capital_forecast_set(
            actor=SYSTEM,
            project=p1,
            year=2024,
            as_of=(2024, 4),
            amount=Decimal(1),
            items=[("  ", Decimal(1), "x")],
        )


def test_a_unit_enters_a_forecast_in_the_browser_form(client, org):
    p1 = project(org)
    services.capital_budget_revise(
        actor=SYSTEM,
        organisation=org,
        label="Budget",
        decided_on=dt.date(2023, 6, 1),
        lines={(p1, 2024): Decimal(10_000_000)},
    )
    user = factories.user("controller")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    url = reverse("finance:capital") + "?manad=2024-04"
    client.post(url, {"project": p1.pk, "amount": "\u22129\u00a0800,5", "comment": ""})
    assert p1.forecasts.get().cents == -980_050_000  # −9 800,5 tkr in öre
    client.post(url, {"project": p1.pk, "amount": "9 800", "comment": "<script>x</script>Ok"})
    forecast = p1.forecasts.get()
    # comments are plain text: kept as written, shown escaped
    assert forecast.cents == 980_000_000 and forecast.comment == "<script>x</script>Ok"
    response = client.post(url, {"project": p1.pk, "amount": "nio miljoner"}, follow=True)
    assert "Skriv ett belopp i tkr" in response.content.decode()
    page = client.get(url).content.decode()
    assert "+0,2" in page  # 10,0 − 9,8 mnkr
    assert "&lt;script&gt;x&lt;/script&gt;Ok" in page and "<script>x" not in page


def test_the_demo_gives_reference_003s_capital_table_and_001s_plan(transactional_db):
    from uppsikt.demo.loader import load_demo

    org = load_demo().organisation
    rows = selectors.capital_table(organisation=org, year=2024, month=4)

    def mn(value):
        return round(value / 1_000_000, 1)

    by_name = {r.project.name: r for r in rows}
    assert mn(by_name["IT-utrustning"].variance) == Decimal("-3.4")
    assert mn(by_name["Framtidens vårdinformationssystem, FVIS"].variance) == Decimal("14.5")
    totals = [
        mn(sum((getattr(r, k) for r in rows), Decimal(0)))
        for k in ("actual", "budget", "forecast", "variance")
    ]
    assert totals == [Decimal("33.9"), Decimal("131.5"), Decimal("120.4"), Decimal("11.1")]
    plan = selectors.capital_plan(organisation=org, first_year=2024)
    assert [mn(t) for t in plan["versions"][0]["totals"]][0] == Decimal("111.5")  # reference 001
    assert [mn(t) for t in plan["versions"][-1]["totals"]][0] == Decimal(
        "131.5"
    )  # after carry-over


def test_the_parts_of_a_forecast_are_entered_in_the_browser_form_within_the_units_scope(
    client, org
):
    """A reporter on ITD names the parts of ITD's project's forecast variance (tkr, budget −
    forecast's sign) with their order; a reporter on another unit is refused, by the page and
    by the service, and nothing changes."""
    from uppsikt.core.audit import AuditEvent

    other = factories.unit(org, "HR", org.units.get(code="RK"), cost_centres=["12"])
    p1 = project(org)
    forecast = services.capital_forecast_set(
        actor=SYSTEM, project=p1, year=2024, as_of=(2024, 4), amount=Decimal(13_000_000)
    )
    url = reverse("finance:capital_parts", args=[p1.pk]) + "?manad=2024-04"
    reporter = factories.user("rapportor")
    factories.grant(reporter, Role.REPORTER, org, unit=org.units.get(code="ITD"))
    client.force_login(reporter)
    page = client.get(url).content.decode()
    assert "Prognosavvikelser: Projekt P1" in page and "Årsprognos per 2024-04" in page
    form = {
        "del-TOTAL_FORMS": "3",
        "del-INITIAL_FORMS": "0",
        "del-0-position": "2",
        "del-0-name": " Lagring ",
        "del-0-amount": "2 000",
        "del-0-comment": "Billigare upphandling.",
        "del-1-position": "",
        "del-1-name": "Datorer",
        "del-1-amount": "\u22122\u00a0000,5",  # −2 000,5 tkr
        "del-1-comment": "Högre volymer.",
        "del-2-name": "",
        "del-2-amount": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    [row] = selectors.capital_table(organisation=org, year=2024, month=4)
    # 2 000 tkr = 2 000 000 kr; −2 000,5 tkr = −2 000 500 kr; the row without a position takes
    # its place in the form (1); the empty row is left out
    assert row.items == [
        ("Datorer", Decimal(-2_000_500), "Högre volymer.", 1),
        ("Lagring", Decimal(2_000_000), "Billigare upphandling.", 2),
    ]
    event = AuditEvent.objects.filter(action="capital_forecast.items_set").get()
    assert event.detail["items"][0]["name"] == "Lagring"
    # the form shows the parts entered, in tkr
    page = client.get(url).content.decode()
    assert 'value="Lagring"' in page and 'value="\u22122\u00a0000,5"' in page
    # a part with an amount but no name, and a name without an amount, are refused
    bad = dict(form, **{"del-0-name": "", "del-1-amount": ""})
    page = client.post(url, bad).content.decode()
    assert "Ge avvikelsen ett namn." in page and "Skriv avvikelsens belopp." in page
    assert len(selectors.capital_table(organisation=org, year=2024, month=4)[0].items) == 2

    # a reporter on another unit: the page and the post are refused, the parts stay
    outsider = factories.user("annan")
    factories.grant(outsider, Role.REPORTER, org, unit=other)
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.post(url, dict(form, **{"del-0-name": "Intrång"})).status_code == 403
    with pytest.raises(NotPermitted):
        services.capital_forecast_items_set(actor=outsider, forecast=forecast, items=[])
    assert len(selectors.capital_table(organisation=org, year=2024, month=4)[0].items) == 2
    # a month without a forecast leads back to the capital page; a bad month is not found
    client.force_login(reporter)
    no_forecast = reverse("finance:capital_parts", args=[p1.pk]) + "?manad=2024-05"
    assert client.get(no_forecast).status_code == 302
    assert (
        client.get(reverse("finance:capital_parts", args=[p1.pk]) + "?manad=x").status_code == 404
    )
