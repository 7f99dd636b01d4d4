"""Single sign-on against a local OpenID provider (the npm package oidc-provider), which the
test starts on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.test import override_settings

from conftest import require
from uppsikt.organisation import oidc
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.browser

PROVIDER_DIR = Path(__file__).parent.parent / "oidc"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(live_server):
    node = shutil.which("node")
    require(bool(node), "Node.js is not installed (needed for the local OpenID provider)")
    require(
        (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir(),
        "run: npm ci --prefix tests/oidc",
    )
    port = free_port()
    process = subprocess.Popen(
        [node, str(PROVIDER_DIR / "provider.mjs")],
        env={
            "OIDC_PORT": str(port),
            "OIDC_REDIRECT_URI": f"{live_server.url}/oidc/callback/",
            "PATH": "/usr/bin:/bin",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(
            "the OpenID provider did not start: "
            + (process.stdout.read() if process.stdout else "")
        )
    oidc._discovery.cache_clear()
    with override_settings(
        OIDC_RP_CLIENT_ID="uppsikt",
        OIDC_RP_CLIENT_SECRET="uppsikt-test-secret",
        UPPSIKT_OIDC_ISSUER=issuer,
        UPPSIKT_OIDC_LABEL="Region Testland",
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
            "uppsikt.organisation.oidc.Backend",
        ],
    ):
        yield issuer
    oidc._discovery.cache_clear()
    process.terminate()
    process.wait(timeout=10)


def sign_on(page, login: str) -> None:
    page.goto("/logga-in/")
    page.page.get_by_role("link", name="Logga in med Region Testland").click()
    page.page.wait_for_load_state()
    page.page.locator("input[name=login]").fill(login)
    page.page.locator("input[name=password]").fill("any")
    page.page.locator("button[type=submit]").first.click()
    page.page.wait_for_load_state()
    # the provider asks for consent the first time
    if "/interaction/" in page.page.url:
        page.page.locator("button[type=submit]").first.click()
        page.page.wait_for_load_state()


def test_a_known_person_signs_on_with_the_organisations_account(page, provider, transactional_db):
    org = factories.organisation(name="Region Testland")
    user = factories.user("eva", password=None)
    user.email = "eva@example.org"
    user.save(update_fields=["email"])
    factories.grant(user, Role.READER, org)
    sign_on(page, "eva")
    assert page.page.url == page.base_url + "/"
    assert page.page.get_by_role("heading", level=1).inner_text() == "Översikt"
    assert "Region Testland" in page.page.locator(".brand").inner_text()
    assert "eva" in page.page.locator(".user-name").inner_text()


def test_someone_without_an_account_is_turned_away(page, provider, transactional_db):
    factories.organisation(name="Region Testland")
    sign_on(page, "okand")
    assert "/logga-in/" in page.page.url
    assert "misslyckades" in page.page.get_by_role("alert").inner_text()
    page.assert_accessible()
