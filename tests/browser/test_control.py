"""Internal control in a real browser: the reporter of Måltidsservice reworks the control result
returned to it on its to-do page and submits it; the controller reads the plan with its risk
matrix and follows an action up until done. Every page passes axe."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

QUESTION = "Finns det följsamhet till framtagna rutiner för tjänsternas utförande?"


def test_the_reporter_reworks_a_returned_control_result(page, demo_region):
    from uppsikt.control.models import ControlResult
    from uppsikt.followup.models import ReportingPeriod

    annual = ReportingPeriod.objects.get(year=2025, kind="annual")
    page.login("rapportor", "uppsikt-demo")
    page.goto(f"/uppfoljning/{annual.pk}/enhet/RSE-MAT/")
    page.assert_accessible()

    section = page.page.get_by_role("region", name=f"Kontrollmoment: {QUESTION}")
    section.get_by_text("Ange hur många kök som kontrollerades").wait_for()
    section.get_by_label("Ingen avvikelse").check()
    section.get_by_label("Vad som har kontrollerats").fill(
        "Egenkontroll i sex kök och i Restaurang Utsikten, september–december."
    )
    section.get_by_role("button", name=f"Lämna in – {QUESTION}").click()
    page.page.get_by_role("status").filter(has_text="Kontrollresultatet är inlämnat.").wait_for()
    page.assert_accessible()
    page.assert_no_console_errors()

    result = ControlResult.objects.get(period=annual, control_point__question=QUESTION)
    assert (result.state, result.outcome) == ("submitted", "none")
    assert "september–december" in result.checked


def test_the_controller_reads_the_plan_and_follows_an_action_up(page, demo_region):
    from uppsikt.control.models import Action

    action = Action.objects.get(status="in_progress")
    page.login("controller", "uppsikt-demo")
    page.goto("/internkontroll/")
    page.assert_accessible()
    plans = page.page.get_by_role("table", name="Internkontrollplaner")
    plans.get_by_role("link", name="Driftnämnden Regionservice").click()
    page.page.wait_for_load_state()
    page.page.get_by_role("table", name="Riskmatris: sannolikhet × konsekvens").wait_for()
    page.assert_accessible()

    page.goto(f"/internkontroll/atgard/{action.pk}/")
    page.assert_accessible()
    # the controller reads the action; following it up is the unit's
    assert page.page.get_by_role("button", name="Spara uppföljningen").count() == 0

    page.page.context.clear_cookies()
    page.login("rapportor", "uppsikt-demo")
    done = Action.objects.get(status="done")
    page.goto(f"/internkontroll/atgard/{done.pk}/")
    page.page.get_by_label("Status").select_option(label="Pågår")
    page.page.get_by_label("Uppföljning", exact=True).fill("Öppnad igen: nya loggar saknas.")
    page.page.get_by_role("button", name="Spara uppföljningen").click()
    page.page.get_by_role("status").filter(has_text="Åtgärden är uppdaterad.").wait_for()
    page.assert_accessible()
    done.refresh_from_db()
    assert (done.status, done.done_on) == ("in_progress", None)
