"""Committee dialogues in a real browser: a controller creates Regionservice's spring dialogue,
writes its reflections, generates the brief and looks at it; the oversight overview and the
2017 notes; every page passes axe (WCAG 2.1 A/AA) under the strict CSP."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_controller_prepares_a_dialogue_and_generates_its_brief(page, demo_region):
    page.login("controller", "uppsikt-demo")
    nav = page.page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Nämndsdialoger").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Nämndsdialoger"
    page.assert_accessible()

    page.page.get_by_role("link", name="Ny nämndsdialog").click()
    page.page.wait_for_load_state()
    page.assert_accessible()
    form = page.page.get_by_role("main")
    form.locator("#id_committee").select_option(label="Driftnämnden Regionservice")
    form.locator("#id_year").fill("2026")
    form.locator("#id_number").select_option(label="#1 våren")
    form.locator("#id_date").fill("2026-04-07")
    form.get_by_role("button", name="Skapa dialogen").click()
    page.page.wait_for_load_state()
    assert "Nämndsdialog #1 2026" in page.page.get_by_role("heading", level=1).inner_text()
    page.assert_accessible()

    page.page.get_by_role("link", name="Skriv inledande reflektioner").click()
    page.page.wait_for_load_state()
    page.assert_accessible()
    page.page.locator("#id_text").fill("- Årsrapport 2025: målen i huvudsak uppnådda")
    page.page.get_by_role("button", name="Spara bilden").click()
    page.page.wait_for_load_state()

    page.page.get_by_role("button", name="Skapa dialogunderlaget").click()
    page.page.wait_for_load_state()
    assert "Dialogunderlaget är skapat" in page.page.get_by_role("main").inner_text()
    page.page.get_by_role("link", name="Visa dialogunderlaget").click()
    page.page.wait_for_load_state()
    text = page.page.get_by_role("main").inner_text()
    assert "Årsrapport 2025: målen i huvudsak uppnådda" in text
    assert "Medarbetare – sjukfrånvaro" in text
    page.assert_accessible()
    page.assert_no_console_errors()
    with page.page.expect_download() as download:
        page.page.get_by_role("link", name="Ladda ned som PowerPoint (PPTX)").click()
    assert download.value.suggested_filename.endswith(".pptx")


def test_the_oversight_overview_and_the_notes_are_accessible(page, demo_region):
    page.login("ledamot", "uppsikt-demo")
    page.goto("/dialoger/oversikt/")
    table = page.page.locator("#oversight").inner_text()
    for name in ("Driftnämnden Regionservice", "Driftnämnden Kultur och skola"):
        assert name in table
    page.assert_accessible()
    page.goto("/dialoger/")
    page.page.get_by_role(
        "link", name="Regionala utvecklingsförvaltningens ledningsgrupp"
    ).first.click()
    page.page.wait_for_load_state()
    assert "Närvarande" in page.page.get_by_role("main").inner_text()
    page.assert_accessible()
    page.assert_no_console_errors()
