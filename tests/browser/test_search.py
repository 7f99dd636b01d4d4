"""The header search in a real browser: a reader types a case number into the search box in
the header, finds the case among the results and opens it. Every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def register(transactional_db):
    from uppsikt.cases import services as case_services
    from uppsikt.core.permissions import SYSTEM
    from uppsikt.organisation import services as org_services
    from uppsikt.organisation.models import Role
    from uppsikt.organisation.tests import factories as org

    o = org.organisation()
    rs = org.body(o, "RS", name="Regionstyrelsen")
    user = org_services.account_create(
        actor=SYSTEM, username="lasare", password="korrekt-hast-batteri"
    )
    org.grant(user, Role.READER, o)
    for n in range(3):
        case_services.case_register(
            actor=SYSTEM,
            organisation=o,
            body=rs,
            title=f"Remiss om kollektivtrafik {n}",
            registered_on=dt.date(2026, 2, 1 + n),
        )
    return case_services.case_register(
        actor=SYSTEM,
        organisation=o,
        body=rs,
        title="Barnrättsstrategi för kollektivtrafiken",
        registered_on=dt.date(2026, 3, 2),
    )


def test_a_case_number_typed_in_the_header_leads_to_the_case(page, register):
    case = register
    p = page.page
    page.login("lasare", "korrekt-hast-batteri")
    page.assert_accessible()
    header = p.get_by_role("search").first
    header.get_by_label("Sök").fill(case.number.lower())
    header.get_by_role("button", name="Sök").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", name="Ärenden").is_visible()
    page.assert_accessible()
    p.get_by_role("link", name=f"{case.number} Barnrättsstrategi för kollektivtrafiken").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text().startswith(case.number)
    page.assert_accessible()
