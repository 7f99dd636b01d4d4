"""Planning and follow-up in a real browser: the Måltidsservice reporter fills in and submits
an assessment (saved with HTMX as she goes), the Regionservice approver approves it, the
controller follows progress and the red thread. Every page passes axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _assessment(unit_code: str):
    from uppsikt.followup.models import Assessment

    return Assessment.objects.select_related("period").get(
        unit__code=unit_code, period__kind="ur2", period__year=2024
    )


def test_report_approve_and_follow_up(page, demo_region):
    a = _assessment("RSE-MAT")
    version = a.version  # the demo returned it once, with a reason
    unit_path = f"/uppfoljning/{a.period_id}/enhet/RSE-MAT/"

    # The reporter finds her unit's to-do list from the navigation.
    page.login("rapportor", "uppsikt-demo")
    page.page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Uppföljning"
    ).click()
    page.page.wait_for_load_state()
    page.assert_accessible()
    page.page.get_by_role(
        "link", name="Bedömningar för Måltidsservice – Uppföljningsrapport 2 2024"
    ).click()
    page.page.wait_for_load_state()
    assert page.page.url.endswith(unit_path)
    page.assert_accessible()

    # She chooses a status: HTMX saves the draft and says so.
    item = page.page.locator(f"#item-{a.pk}")
    item.get_by_label("Bedömning", exact=True).select_option(label="● Pågår enligt plan")
    item.get_by_role("status").filter(has_text="Utkastet sparades").wait_for()
    a.refresh_from_db()
    assert (a.status.code, a.version) == ("on_track", version + 1)

    # Then writes a comment, and submits with the keyboard.
    item.get_by_label("Kommentar").fill("Mätningen av matsvinnet har startat.")
    item.get_by_role("button", name="Lämna in – Minska matsvinnet i patientmåltiderna").focus()
    page.page.keyboard.press("Enter")
    page.page.get_by_role("status").filter(has_text="Bedömningen är inlämnad.").wait_for()
    page.assert_accessible()
    a.refresh_from_db()
    assert a.state == "submitted"
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()

    # The approver on Regionservice approves it.
    page.login("godkannare", "uppsikt-demo")
    page.goto(unit_path)
    page.assert_accessible()
    page.page.locator(f"#item-{a.pk}").get_by_role(
        "button", name="Godkänn – Minska matsvinnet i patientmåltiderna"
    ).click()
    # wait for the answer to the POST, not for the page already loaded
    page.page.get_by_role("status").filter(has_text="Bedömningen är godkänd.").wait_for()
    a.refresh_from_db()
    assert a.state == "approved"
    page.assert_accessible()
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()

    # The controller follows progress, the plan and the red thread.
    page.login("controller", "uppsikt-demo")
    page.goto(f"/uppfoljning/{a.period_id}/")
    progress = page.page.get_by_role("table").first
    row = progress.get_by_role("row").filter(has_text="Måltidsservice")
    assert row.get_by_role("cell").nth(2).inner_text() == "1"  # approved
    page.assert_accessible()

    page.page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Planer").click()
    page.page.wait_for_load_state()
    page.page.get_by_role("link", name="Verksamhetsplan 2024 Regionstyrelsen").click()
    page.page.wait_for_load_state()
    # the plan shows the year's latest computed turnover for Regionkontoret
    from uppsikt.core.formatting import format_percent
    from uppsikt.planning.models import Measurement

    latest = (
        Measurement.objects.filter(
            indicator__name="Personalomsättning", unit__code="RK", period_end__year=2024
        )
        .order_by("period_end")
        .last()
    )
    assert format_percent(latest.value, 2) in page.page.locator("main").inner_text()
    page.assert_accessible()
    page.page.get_by_role("link", name="Bidra till en hållbar resursanvändning", exact=True).click()
    page.page.wait_for_load_state()
    content = page.page.content()
    assert "Regionstyrelsen ska bidra till en hållbar resursanvändning" in content
    assert "Minska matsvinnet i patientmåltiderna" in content
    page.assert_accessible()
    page.assert_no_console_errors()
