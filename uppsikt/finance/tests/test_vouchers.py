"""The voucher drill-down: totals, paging, sorting, filters, sign and breadcrumb.

The figures come from the test ledger ``LEDGER`` of test_ledger.py, read by hand:
account 4011 (Löner) has A1 95 000 on cost centre 11 and 80 000 on 21 (31 January), A2 98 000
on 11 (29 February) and A3 500 000 on 11 (15 May). Unit RK's subtree has cost centre 11 only.
Report sign is the SIE amount negated: a cost is negative, a revenue positive."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.finance import selectors
from uppsikt.organisation.models import CostCentre, Role
from uppsikt.organisation.tests import factories

from .test_ledger import LEDGER, import_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    org = factories.organisation()
    rk = factories.unit(org, "RK")
    factories.unit(org, "EKO", rk, cost_centres=["11"])
    factories.unit(org, "RSE", cost_centres=["21"])
    CostCentre.objects.filter(code="11").update(name="Ekonomistaben")
    CostCentre.objects.filter(code="21").update(name="Regionservice")
    import_bytes(org, LEDGER.encode("cp437"), "region.se")
    return org


def _page(org, unit_code=None, account="4011", month=2, **kwargs):
    unit = org.units.get(code=unit_code) if unit_code else None
    return selectors.voucher_page(
        organisation=org, unit=unit, year=2024, month=month, account=account, **kwargs
    )


def _amounts(page):
    return [(f"{r['series']}{r['number']}", r["cost_centre"], r["amount"]) for r in page.rows]


def test_a_units_vouchers_add_up_to_the_account_on_the_report_line(region):
    page = _page(region, "RK")
    assert _amounts(page) == [
        ("A1", "11", Decimal("-95000")),
        ("A2", "11", Decimal("-98000")),
    ]
    assert page.count == 2 and page.total == Decimal("-193000")
    # the same figure as the account on the staff line
    (account,) = selectors.ytd_accounts(
        organisation=region, unit=region.units.get(code="RK"), year=2024, month=2, line_code="staff"
    )
    assert account.actual == page.total


def test_the_whole_organisation_and_the_revenue_sign(region):
    page = _page(region)
    assert page.count == 3 and page.total == Decimal("-273000")  # −(95 000 + 80 000 + 98 000)
    revenue = _page(region, "RK", account="3010")
    assert revenue.total == Decimal("60000")  # SIE −60 000: a revenue, positive
    # through May: A3 too
    assert _page(region, "RK", month=5).total == Decimal("-693000")


def test_filters_by_cost_centre_with_its_name_and_by_month(region):
    page = _page(region)
    assert page.cost_centres == [("11", "Ekonomistaben"), ("21", "Regionservice")]
    assert _amounts(_page(region, cost_centre="21")) == [("A1", "21", Decimal("-80000"))]
    # a cost centre outside the unit finds nothing
    assert _page(region, "RK", cost_centre="21").count == 0
    feb = _page(region, period=(2024, 2))
    assert _amounts(feb) == [("A2", "11", Decimal("-98000"))] and feb.total == Decimal("-98000")
    assert _page(region, period=(2024, 1)).total == Decimal("-175000")
    assert page.periods == [(2024, 1), (2024, 2)]


def test_sorting(region):
    by_amount = _page(region, sort="belopp")
    assert [r["amount"] for r in by_amount.rows] == [
        Decimal("-98000"),
        Decimal("-95000"),
        Decimal("-80000"),
    ]
    down = _page(region, sort="belopp", descending=True)
    assert [r["amount"] for r in down.rows] == [
        Decimal("-80000"),
        Decimal("-95000"),
        Decimal("-98000"),
    ]
    by_voucher = _page(region, sort="verifikation", descending=True)
    assert [f"{r['series']}{r['number']}" for r in by_voucher.rows] == ["A2", "A1", "A1"]
    by_date = _page(region, sort="datum", descending=True)
    assert [str(r["date"]) for r in by_date.rows][0] == "2024-02-29"
    # sorting changes the order, never the total
    assert by_amount.total == down.total == by_voucher.total == Decimal("-273000")


def _many(n: int) -> str:
    """A ledger of ``n`` vouchers on 5410 in January 2024, the i-th of i kronor; the last on
    cost centre 21, the others on 11."""
    head = '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n#KONTO 1930 "Bank"\n'
    head += '#KONTO 5410 "Konsulter"\n'
    vers = []
    for i in range(1, n + 1):
        kst = "21" if i == n else "11"
        vers.append(
            f'#VER B {i} 20240115 "V{i}"\n{{\n#TRANS 5410 {{1 "{kst}"}} {i}.00\n'
            f"#TRANS 1930 {{}} -{i}.00\n}}\n"
        )
    return head + "".join(vers)


def test_paging_at_its_boundaries(region):
    import_bytes(region, _many(101).encode("cp437"), "manga.se")
    # the new import is the current one: 101 rows, 50 a page
    first = _page(region, account="5410", month=1)
    assert first.count == 101 and first.pages == 3 and len(first.rows) == 50
    assert first.total == Decimal("-5151")  # −(1 + 2 + … + 101) = −101·102/2
    assert (first.first, first.last) == (1, 50)
    third = _page(region, account="5410", month=1, page=3)
    assert [(r["number"], r["amount"]) for r in third.rows] == [("101", Decimal("-101"))]
    assert (third.first, third.last) == (101, 101)
    assert third.total == first.total  # the total is of every page
    # past the last page: the last page
    assert _page(region, account="5410", month=1, page=9).page == 3
    # exactly 100 rows (cost centre 11): two full pages
    eleven = _page(region, account="5410", month=1, cost_centre="11", page=2)
    assert eleven.count == 100 and eleven.pages == 2 and len(eleven.rows) == 50
    assert eleven.rows[-1]["number"] == "100"
    assert eleven.total == Decimal("-5050")


@pytest.fixture
def controller(client, region):
    user = factories.user("controller")
    factories.grant(user, Role.CONTROLLER, region)
    client.force_login(user)
    return client


def test_the_page_breadcrumb_filters_and_links(controller, region):
    url = reverse("finance:transactions")
    accounts = controller.get(
        reverse("finance:accounts"), {"enhet": "RK", "manad": "2024-02", "rad": "staff"}
    ).content.decode()
    assert "rad=staff&amp;konto=4011" in accounts
    html = controller.get(
        url, {"enhet": "RK", "manad": "2024-02", "konto": "4011", "rad": "staff"}
    ).content.decode()
    # report line → account → vouchers
    assert 'href="/ekonomi/konton/?manad=2024-02&amp;enhet=RK&amp;rad=staff"' in html
    assert 'aria-current="page">Konto 4011 Löner</span>' in html
    assert "\u2212193\u00a0000\u00a0kr" in html  # the total, report sign
    assert "Verifikationsdatum" in html
    assert '<option value="11">11 Ekonomistaben</option>' in html
    assert 'aria-sort="ascending"' in html
    assert "sortera=belopp" in html
    down = controller.get(
        url,
        {
            "enhet": "RK",
            "manad": "2024-02",
            "konto": "4011",
            "sortera": "datum",
            "ordning": "fallande",
        },
    ).content.decode()
    assert 'aria-sort="descending"' in down
    assert down.index("A 2") < down.index("A 1")


@pytest.mark.parametrize(
    "bad", [{"period": "2024-13"}, {"sortera": "namn"}, {"sida": "0"}, {"sida": "x"}]
)
def test_bad_filters_are_refused(controller, bad):
    response = controller.get(
        reverse("finance:transactions"),
        {"enhet": "RK", "manad": "2024-02", "konto": "4011", **bad},
    )
    assert response.status_code == 400


def test_a_role_on_one_unit_sees_only_its_cost_centres(client, region):
    user = factories.user("rapportor")
    factories.grant(user, Role.REPORTER, region, unit=region.units.get(code="EKO"))
    client.force_login(user)
    url = reverse("finance:transactions")
    html = client.get(url, {"manad": "2024-02", "konto": "4011"}).content.decode()
    assert "\u2212193\u00a0000\u00a0kr" in html and "80\u00a0000" not in html
    assert client.get(url, {"enhet": "RSE", "manad": "2024-02", "konto": "4011"}).status_code == 403
