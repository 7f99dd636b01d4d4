"""Drive Uppsikt in headless Chromium (Debian's ``chromium``) through Playwright, with an
axe-core accessibility check. Missing Chromium skips these tests, or fails them with
UPPSIKT_REQUIRE_ALL=1.

A test runs in a desktop window unless it is parametrised by ``viewport`` (``VIEWPORTS``: a
desktop and a phone-sized window). ``Page.check()`` is the check of every page of a journey:
axe finds no WCAG 2.1 A/AA violation, the Content-Security-Policy blocked nothing, no date in a
table is broken over two lines, and on a phone the page does not scroll sideways."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import require

CHROMIUM = os.environ.get("UPPSIKT_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])

# Every violation of the Content-Security-Policy, also those that Chromium does not log to the
# console, is written to it as an error that names the directive and what was blocked.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "?") +
    " at " + e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""
# Dates in table cells (ISO ``2025-08-31``, Swedish ``31 aug. 2025``, with a time or not) that
# are laid out on more than one line.
WRAPPED_DATES = r"""() => {
  const date = /\b(\d{4}-\d{2}-\d{2}|\d{1,2} [a-zåäö]{3}\.? \d{4})\b/g;
  const found = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(date)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) found.push(m[0] + " in " + cell.textContent.trim().slice(0, 60));
      }
    }
  }
  return found;
}"""

# Playwright's sync API runs an event loop in this thread; the Django ORM calls that tests
# make alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    require(
        Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
        f"Chromium not found at {CHROMIUM}",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        require(False, "the Python package playwright is not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


class Page:
    """A browser tab on the live server, collecting console errors (CSP violations among them)."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        return response

    def login(self, username: str, password: str) -> None:
        self.goto("/logga-in/")
        self.page.get_by_label("Användarnamn").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_load_state()

    def assert_accessible(self) -> None:
        """No WCAG 2.1 A/AA violation that axe-core can find on the current page."""
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                for n in v["nodes"][:5]
            )
            for v in result["violations"]
        ]
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)

    def assert_no_console_errors(self) -> None:
        assert not self.errors, self.errors

    @property
    def phone(self) -> bool:
        return self.page.viewport_size["width"] < 600

    def assert_no_csp_violation(self) -> None:
        blocked = [e for e in self.errors if "CSP violation" in e or "Content Security Policy" in e]
        assert not blocked, f"{self.page.url}:\n" + "\n".join(blocked)

    def assert_no_sideways_scroll(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        window = self.page.evaluate("window.innerWidth")
        assert width <= window, f"{self.page.url}: {width} px wide in a {window} px window"

    def assert_dates_unbroken(self) -> None:
        broken = self.page.evaluate(WRAPPED_DATES)
        assert not broken, f"{self.page.url}: dates broken over lines: {broken}"

    def check(self) -> None:
        """The checks of every page of a journey, in the window the test runs in."""
        self.assert_accessible()
        self.assert_no_csp_violation()
        self.assert_dates_unbroken()
        if self.phone:
            self.assert_no_sideways_scroll()

    def open_menu(self) -> None:
        """On a phone the navigation is behind the header's menu button."""
        if self.phone:
            self.page.get_by_role("button", name="Meny").click()

    def nav(self, name: str) -> None:
        """Follow a link of the main navigation, through the menu button on a phone."""
        self.open_menu()
        self.page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name).click()
        self.page.wait_for_load_state()


@pytest.fixture
def viewport():
    """The window's size; a test parametrised by ``viewport`` (``VIEWPORTS``) runs in each."""
    return DESKTOP


@pytest.fixture
def page(browser, live_server, viewport):
    context = browser.new_context(locale="sv-SE", viewport=viewport)
    context.add_init_script(CSP_LISTENER)
    tab = Page(context.new_page(), live_server.url)
    yield tab
    context.close()


@pytest.fixture
def demo_region(transactional_db):
    from uppsikt.demo.loader import load_demo

    return load_demo()
