"""Drive Uppsikt in headless Chromium (Debian's ``chromium``) through Playwright, with an
axe-core accessibility check. Missing Chromium skips these tests, or fails them with
UPPSIKT_REQUIRE_ALL=1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import require

CHROMIUM = os.environ.get("UPPSIKT_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

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


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    tab = Page(context.new_page(), live_server.url)
    yield tab
    context.close()


@pytest.fixture
def demo_region(transactional_db):
    from uppsikt.demo.loader import load_demo

    return load_demo()
