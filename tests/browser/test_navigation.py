"""A person signs in, finds their way through the organisation, and signs out."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser


@VIEWPORTS
def test_the_public_reads_the_notice_board_from_the_front_door(page, demo_region, viewport):
    """Logged out, from ``/``: a notice on the front door, the whole board, the archive."""
    from uppsikt.meetings.models import Notice

    p = page.page
    page.goto("/")
    assert p.get_by_role("heading", level=1).inner_text() == "Region Halland (demo)"
    page.check()
    first = p.locator("#front-notice-list a").first
    title = first.inner_text()
    first.click()
    p.wait_for_load_state()
    notice = Notice.objects.get(pk=int(p.url.rstrip("/").split("/")[-1]))
    assert title.startswith(notice.meeting.body.name)
    facts = p.locator("#notice-facts").inner_text()
    assert notice.posted_on.isoformat() in facts
    page.check()
    page.goto("/")
    p.get_by_role("link", name="Hela anslagstavlan").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Anslagstavlan"
    assert p.locator("#notices tbody tr").count() >= 1
    page.check()
    p.get_by_role("link", name="Tidigare anslag").first.click()
    p.wait_for_load_state()
    page.check()
    page.assert_no_console_errors()


def test_login_navigate_and_logout(page, demo_region):
    # logged out, / is the public front door: the notice board and the way in
    page.goto("/")
    assert page.page.get_by_role("heading", level=1).inner_text() == "Region Halland (demo)"
    assert page.page.get_by_role("heading", name="Anslagstavlan").count() == 1
    page.assert_accessible()
    page.page.get_by_role("main").get_by_role("link", name="Logga in").click()
    page.page.wait_for_load_state()
    assert "/logga-in/" in page.page.url

    page.login("admin", "uppsikt-demo")
    assert page.page.get_by_role("heading", level=1).inner_text() == "Översikt"
    page.assert_accessible()
    page.page.get_by_role("link", name="Aviseringar").first.click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Aviseringar"
    page.assert_accessible()
    page.goto("/organisation/")
    assert page.page.get_by_role("heading", level=1).inner_text() == "Region Halland (demo)"
    page.assert_accessible()

    nav = page.page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Regionstyrelsen").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Regionstyrelsen"
    assert page.page.get_by_role("table").first.get_by_text("Ordförande").count() >= 1
    page.assert_accessible()

    page.page.get_by_role("link", name="Regionkontoret").first.click()
    page.page.wait_for_load_state()
    page.page.get_by_role("main").get_by_role("link", name="Ekonomi", exact=True).first.click()
    page.page.wait_for_load_state()
    crumbs = page.page.get_by_role("navigation", name="Brödsmulor")
    assert crumbs.get_by_role("link", name="Regionkontoret").count() == 1
    assert "Redovisning" in page.page.content()
    page.assert_accessible()

    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()
    assert "/logga-in/" in page.page.url
    page.goto("/enheter/RK/")
    assert "/logga-in/" in page.page.url
    page.assert_no_console_errors()


def test_a_form_sent_with_an_expired_token_is_refused_on_uppsikts_own_page(page, demo_region):
    """The page stayed open while the person signed out and in again in another tab: the form's
    token no longer matches. Django's own refusal page has an inline style that the CSP blocks;
    Uppsikt's page passes every check."""
    p = page.page
    page.login("admin", "uppsikt-demo")
    p.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": page.base_url}])
    p.get_by_label("Språk").select_option("en")
    p.get_by_role("button", name="Byt").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Formuläret har gått ut"
    # the refusal answers 403, which the browser logs; that one is expected
    page.errors[:] = [e for e in page.errors if "status of 403" not in e]
    page.check()
    page.assert_no_console_errors()


def test_search_box_finds_a_unit(page, demo_region):
    page.login("admin", "uppsikt-demo")
    page.page.get_by_role("searchbox", name="Sök").first.fill("Utsikten")
    page.page.get_by_role("search").first.get_by_role("button", name="Sök").click()
    page.page.wait_for_load_state()
    page.page.get_by_role("link", name="Restaurang Utsikten").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Restaurang Utsikten"
    page.assert_accessible()
    page.assert_no_console_errors()


def test_every_organisation_page_is_accessible(page, demo_region):
    page.login("admin", "uppsikt-demo")
    person = demo_region.objects["officials"][("Kanslichef", "RK-KAN")]
    for path in [
        "/organ/",
        "/organ/RSAU/",
        "/enheter/",
        "/enheter/RSE-LOG/",
        f"/personer/{person.pk}/",
        "/sok/?q=region",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.assert_accessible()
    page.assert_no_console_errors()


def test_skip_link_is_the_first_stop_and_focus_is_visible(page, demo_region):
    page.login("admin", "uppsikt-demo")
    page.page.keyboard.press("Tab")
    focused = page.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    outline = page.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("document.activeElement.id") == "main"


def test_language_switch_to_english_and_back(page, demo_region):
    page.login("admin", "uppsikt-demo")
    page.page.get_by_label("Språk").select_option("en")
    page.page.get_by_role("button", name="Byt").click()
    page.page.wait_for_load_state()
    assert page.page.evaluate("document.documentElement.lang") == "en"
    assert page.page.get_by_role("link", name="Skip to content").count() == 1
    page.assert_accessible()
    page.page.get_by_label("Language").select_option("sv")
    page.page.get_by_role("button", name="Switch").click()
    page.page.wait_for_load_state()
    assert page.page.evaluate("document.documentElement.lang") == "sv"


def test_on_a_phone_the_content_comes_first_and_the_menu_opens_from_the_header(page, demo_region):
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.login("controller", "uppsikt-demo")
    nav = page.page.get_by_role("navigation", name="Huvudmeny")
    assert not nav.is_visible()
    assert page.page.get_by_role("heading", level=1).is_visible()
    # the header (name, menu button, search, language, notifications, account) leaves three
    # quarters of the window to the page
    assert page.page.locator(".site-header").bounding_box()["height"] <= 844 / 4
    menu = page.page.get_by_role("button", name="Meny")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert nav.is_visible()
    assert menu.get_attribute("aria-expanded") == "true"
    page.assert_accessible()
    nav.get_by_role("link", name="Planer").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Planer"
    assert not page.page.get_by_role("navigation", name="Huvudmeny").is_visible()
    page.assert_no_console_errors()
