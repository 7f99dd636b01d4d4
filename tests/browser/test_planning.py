"""Planning and follow-up in a real browser: the Måltidsservice reporter fills in and submits
an assessment (saved with HTMX as she goes), the Regionservice approver approves it, the
controller follows progress and the red thread. The reporter and the approver start from their
home page, on a desktop and on a phone; every page passes ``Page.check`` (axe WCAG 2.1 A/AA,
no blocked inline style or script, dates unbroken, no sideways scroll on a phone)."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser


def _assessment(unit_code: str):
    from uppsikt.followup.models import Assessment

    return Assessment.objects.select_related("period").get(
        unit__code=unit_code, period__kind="ur2", period__year=2024
    )


@VIEWPORTS
def test_report_approve_and_follow_up(page, demo_region, viewport):
    a = _assessment("RSE-MAT")
    version = a.version  # the demo returned it once, with a reason
    unit_path = f"/uppfoljning/{a.period_id}/enhet/RSE-MAT/"

    # The reporter's home lists the returned assessment; it leads to her unit's to-do list.
    page.login("rapportor", "uppsikt-demo")
    assert page.page.get_by_role("heading", level=1).inner_text() == "Översikt"
    page.check()
    page.page.get_by_role("main").locator(f'a[href^="{unit_path}"]').first.click()
    page.page.wait_for_load_state()
    assert page.page.url.split("#")[0].endswith(unit_path)
    page.check()

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
    page.check()
    a.refresh_from_db()
    assert a.state == "submitted"
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()

    # The approver on Regionservice finds it on her home page (Regionservice's line for the
    # period: its page holds the assessments of the units below) and approves it.
    page.login("godkannare", "uppsikt-demo")
    page.check()
    link = page.page.get_by_role("link", name=f"{a.period} – Regionservice", exact=True)
    line = page.page.locator("#home-approver li").filter(has=link)
    assert "1 bedömning väntar på godkännande" in line.inner_text()
    line.get_by_role("link").first.click()
    page.page.wait_for_load_state()
    assert page.page.url.endswith(f"/uppfoljning/{a.period_id}/enhet/RSE/")
    page.check()
    page.page.locator(f"#item-{a.pk}").get_by_role(
        "button", name="Godkänn – Minska matsvinnet i patientmåltiderna"
    ).click()
    # wait for the answer to the POST, not for the page already loaded
    page.page.get_by_role("status").filter(has_text="Bedömningen är godkänd.").wait_for()
    a.refresh_from_db()
    assert a.state == "approved"
    page.check()
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()
    page.assert_no_console_errors()
    if page.phone:
        return  # the controller's reading below is the desktop's

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
