"""Staff indicators in a real browser: the pages pass axe (WCAG 2.1 A/AA), the SVG charts
render under the strict CSP, suppressed cells carry their footnote."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_staff_indicator_pages_are_accessible(page, demo_region):
    page.login("controller", "uppsikt-demo")
    nav = page.page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Personalnyckeltal").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Personalnyckeltal"
    page.assert_accessible()

    page.page.get_by_role("main").get_by_role("link", name="Regionservice", exact=True).click()
    page.page.wait_for_load_state()
    assert "Regionservice" in page.page.get_by_role("heading", level=1).inner_text()
    assert page.page.locator("svg.wf-chart").count() == 2
    content = page.page.content()
    assert "7,10" in content  # sjukfrånvaro R12 2025-08 (002: 7,1 %)
    assert "9,54" in content  # personalomsättning R12 2025-08 (002)
    assert "7,57" in content and "8,68" in content  # the previous year, 2024-08 (002)
    page.assert_accessible()

    page.page.get_by_label("Period (R12 till och med månaden)").select_option("2024-04")
    page.page.get_by_role("button", name="Visa").click()
    page.page.wait_for_load_state()
    page.goto("/personalnyckeltal/enheter/RK/?period=2024-04")
    content = page.page.content()
    assert "11,05" in content and "1,66" in content and "2,58" in content and "6,82" in content
    page.assert_accessible()

    page.goto("/personalnyckeltal/enheter/RK-KAN-JUR/")
    assert "10 eller färre personer" in page.page.content()
    page.assert_accessible()

    page.goto("/personalnyckeltal/inlasning/")
    assert page.page.get_by_label("Anställda (employees.csv eller .xlsx)").count() == 1
    page.assert_accessible()
    page.assert_no_console_errors()
