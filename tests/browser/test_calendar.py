"""A controller sets up next year's follow-up calendar in a real browser and moves one period's
months, as some years UR1 covers January–March. Every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser


def test_a_controller_creates_next_years_calendar_and_changes_ur1(page, demo_region):
    from uppsikt.followup.models import ReportingPeriod

    page.login("controller", "uppsikt-demo")
    page.goto("/uppfoljning/")
    page.assert_accessible()

    calendar = page.page.get_by_role("region", name="Årets kalender")
    calendar.get_by_label("År").first.fill("2027")
    calendar.get_by_role("button", name="Skapa standardkalendern").click()
    page.page.get_by_role("status").filter(
        has_text="Kalendern för 2027 är skapad med 5 perioder."
    ).wait_for()
    page.assert_accessible()

    page.page.get_by_role("link", name="Ändra perioden – Uppföljningsrapport 1 2027").click()
    page.page.wait_for_load_state()
    page.assert_accessible()
    page.page.get_by_label("Sista månad").select_option(label="mars")
    page.page.get_by_label("Sista dag att rapportera").fill("2027-04-15")
    page.page.get_by_role("button", name="Spara").click()
    page.page.get_by_role("status").filter(has_text="Perioden är ändrad.").wait_for()

    ur1 = ReportingPeriod.objects.get(year=2027, kind="ur1")
    assert (ur1.first_month, ur1.last_month, ur1.deadline) == (1, 3, dt.date(2027, 4, 15))
