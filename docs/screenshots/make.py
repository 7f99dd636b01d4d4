"""Screenshots of Uppsikt's main screens, taken from a running demo.

Start the demo in one terminal, then run this script in another (from the repository root):

    uppsikt demo --port 8047
    python docs/screenshots/make.py --base-url http://127.0.0.1:8047

It signs in as the demo logins (password ``uppsikt-demo``), opens each screen in headless
Chromium through Playwright and writes the PNG files beside this script: 1280 pixels wide (the
phone view 390), one window high, reduced to a palette of 256 colours when Pillow is installed
(``pip install -e .[docs]``), so that each file stays small. Run it again after a change to a
screen; the files are replaced.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "uppsikt-demo"  # noqa: S105 - the demo logins' published password
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _compress(png: bytes) -> bytes:
    """The screenshot with a palette of 256 colours (about a third of the size), if Pillow is
    there; else as taken."""
    try:
        from PIL import Image
    except ImportError:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


class Shooter:
    def __init__(self, browser, base_url: str, out: Path):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.out = out
        self.context = None
        self.page = None

    def open(self, viewport: dict, username: str | None = None):
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(
            locale="sv-SE", viewport=viewport, device_scale_factor=1
        )
        self.page = self.context.new_page()
        if username:
            self.goto("/logga-in/")
            self.page.get_by_label("Användarnamn").fill(username)
            self.page.get_by_label("Lösenord").fill(PASSWORD)
            self.page.get_by_role("button", name="Logga in").click()
            self.page.wait_for_load_state()
        return self.page

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state()

    def follow(self, selector: str) -> None:
        """Open the first link that ``selector`` finds on the page."""
        href = self.page.locator(selector).first.get_attribute("href")
        if not href:
            raise SystemExit(f"{self.page.url}: no link {selector!r}")
        self.goto(href if href.startswith("/") else "/" + href)

    def shoot(self, name: str) -> None:
        path = self.out / f"{name}.png"
        path.write_bytes(_compress(self.page.screenshot(full_page=False)))
        print(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


def front_door(s: Shooter) -> None:
    s.open(DESKTOP)
    s.goto("/")
    s.shoot("front-door")


def home_reporter(s: Shooter) -> None:
    s.open(DESKTOP, "rapportor")
    s.shoot("home-reporter")
    # the follow-up form: the first thing the reporter's home lists
    s.follow('#home-reporter a[href*="/uppfoljning/"]')
    s.shoot("followup-form")


def home_secretary(s: Shooter) -> None:
    s.open(DESKTOP, "sekreterare")
    s.shoot("home-secretary")
    # the meeting page of the held meeting whose minutes wait for approval
    s.follow('#home-secretary a[href^="/sammantraden/"]')
    s.shoot("meeting")


def home_member(s: Shooter) -> None:
    s.open(DESKTOP, "ledamot")
    s.shoot("home-member")


def document(s: Shooter) -> None:
    s.open(DESKTOP, "controller")
    s.goto("/dokument/")
    s.follow('main a[href*="-UR1/"]')
    s.shoot("document")


def member_phone(s: Shooter) -> None:
    s.open(PHONE, "ledamot")
    s.goto("/ledamot/")
    # the papers of the first coming meeting whose summons is sent, else the room itself
    sent = s.page.locator(".room-card", has_text="Kallelse och handlingar finns.")
    if sent.count():
        s.goto(sent.first.locator("a").first.get_attribute("href"))
    s.shoot("member-phone")


def meeting_phone(s: Shooter) -> None:
    s.open(PHONE, "sekreterare")
    # the meeting to prepare, on a phone: its facts in one column, the agenda table scrolls
    s.follow('#home-secretary a[href^="/sammantraden/"]')
    s.shoot("meeting-phone")


SCREENS: list[Callable[[Shooter], None]] = [
    front_door,
    home_reporter,
    home_secretary,
    home_member,
    document,
    member_phone,
    meeting_phone,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument(
        "--chromium",
        default=os.environ.get("UPPSIKT_CHROMIUM", "/usr/bin/chromium"),
        help="the Chromium to drive (default: $UPPSIKT_CHROMIUM or /usr/bin/chromium)",
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = args.chromium if Path(args.chromium).exists() else shutil.which("chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        shooter = Shooter(browser, args.base_url, args.out)
        for screen in SCREENS:
            screen(shooter)
        if shooter.context is not None:
            shooter.context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
