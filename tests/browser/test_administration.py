"""An administrator gives a new colleague an account and a role; the audit trail shows each
change; the colleague then sees exactly what the role allows."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_administrator_gives_a_role_and_the_audit_trail_shows_every_change(page, demo_region):
    p = page.page
    page.login("admin", "uppsikt-demo")
    p.get_by_role("link", name="Personer och roller").click()
    page.assert_accessible()
    p.get_by_role("link", name="Lägg till person").click()
    p.get_by_label("förnamn").fill("Greta")
    p.get_by_label("efternamn").fill("Gran")
    p.get_by_label("befattning").fill("Ekonom")
    page.assert_accessible()
    p.get_by_role("button", name="Spara").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Greta Gran"

    p.get_by_label("Användarnamn").fill("greta")
    p.get_by_label("Startlösenord").fill("granens-egna-losen-7")
    p.get_by_role("button", name="Skapa konto").click()
    p.wait_for_load_state()
    assert "Kontot är skapat." in p.get_by_role("status").first.inner_text()

    p.locator("#id_role").select_option(label="Rapportör")
    p.locator("#id_scope").select_option(label="\u2003Ekonomi")
    p.get_by_role("button", name="Lägg till roll").click()
    p.wait_for_load_state()
    assert p.get_by_role("table").get_by_text("Ekonomi med underenheter").count() == 1
    page.assert_accessible()

    p.get_by_role("link", name="Granskningslogg").click()
    p.wait_for_load_state()
    rows = p.locator("table.audit > tbody > tr")
    actions = [rows.nth(i).locator("code").inner_text() for i in range(3)]
    assert actions == ["role.grant", "account.create", "person.create"]
    for i in range(3):
        assert rows.nth(i).locator("td").nth(1).inner_text() == "admin"
    page.assert_accessible()

    p.get_by_role("button", name="Logga ut").click()
    p.wait_for_load_state()
    page.login("greta", "granens-egna-losen-7")
    assert p.get_by_role("navigation", name="Huvudmeny").get_by_text("Administration").count() == 0
    p.get_by_role("link", name="Greta Gran").click()
    p.wait_for_load_state()
    assert p.get_by_role("table").get_by_text("Rapportör").count() == 1
    page.assert_accessible()
    response = page.goto("/administration/granskning/")
    assert response.status == 403
    page.assert_accessible()


def test_each_demo_role_sees_the_organisation_only_the_administrator_administers(page, demo_region):
    for username in [
        "controller",
        "rapportor",
        "godkannare",
        "sekreterare",
        "handlaggare",
        "ledamot",
        "lasare",
    ]:
        page.login(username, "uppsikt-demo")
        # each lands on its home, with the organisation's name in the header
        assert page.page.get_by_role("heading", level=1).inner_text() == "Översikt"
        assert "Region Halland (demo)" in page.page.locator(".brand").inner_text()
        page.assert_accessible()
        assert page.page.get_by_text("Personer och roller").count() == 0
        assert page.goto("/administration/personer/").status == 403
        page.page.get_by_role("button", name="Logga ut").click()
        page.page.wait_for_load_state()
