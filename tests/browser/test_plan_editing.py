"""A controller changes an assignment of Regionstyrelsen's plan in a real browser and links it
to the council goal it serves; the red thread then shows it. Every page passes axe."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TITLE = "Regionstyrelsen ska ta fram en kontinuitetsplanering för egen verksamhet"
COUNCIL_GOAL = "Informationsdrivna verksamheter"


def test_a_controller_edits_an_assignment_and_links_it_to_a_council_goal(page, demo_region):
    from uppsikt.planning.models import PlanAssignment

    page.login("controller", "uppsikt-demo")
    page.page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Planer").click()
    page.page.wait_for_load_state()
    page.page.get_by_role("link", name="Verksamhetsplan 2024 Regionstyrelsen").click()
    page.page.wait_for_load_state()

    # The demo leaves the continuity-planning assignment unlinked.
    row = page.page.get_by_role("row").filter(has_text=TITLE)
    assert row.get_by_role("cell").nth(2).inner_text() == "–"
    row.get_by_role("link", name=f"Ändra {TITLE}").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == f"Ändra uppdrag: {TITLE}"
    page.assert_accessible()

    # She links it to a council goal, adds a sentence to the text and saves.
    page.page.get_by_label("Bidrar till mål").select_option(
        label=f"Fullmäktiges mål: {COUNCIL_GOAL}"
    )
    text = page.page.get_by_label("Uppdragets text")
    text.fill(text.input_value() + "<p>Planen omfattar även informationssäkerheten.</p>")
    page.page.get_by_role("button", name="Spara ändringarna").click()
    page.page.wait_for_load_state()
    assert "Uppdraget är ändrat." in page.page.locator("main").inner_text()
    row = page.page.get_by_role("row").filter(has_text=TITLE)
    assert row.get_by_role("cell").nth(2).inner_text() == COUNCIL_GOAL
    page.assert_accessible()

    assignment = PlanAssignment.objects.select_related("goal").get(title=TITLE)
    assert assignment.goal.title == COUNCIL_GOAL
    assert assignment.description.endswith("<p>Planen omfattar även informationssäkerheten.</p>")

    # The council goal's red thread now shows the assignment under Regionstyrelsen.
    row.get_by_role("link", name=COUNCIL_GOAL).click()
    page.page.wait_for_load_state()
    assert TITLE in page.page.locator("main").inner_text()
    page.assert_accessible()
    page.assert_no_console_errors()
