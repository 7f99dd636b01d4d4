"""The local OpenID provider (``provider.mjs``, the npm package oidc-provider) that the sign-on
tests start on 127.0.0.1, and the settings that point Uppsikt at it."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import override_settings

from conftest import require
from uppsikt.organisation import oidc

PROVIDER_DIR = Path(__file__).parent
LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_provider(redirect_uris: list[str], **settings) -> Iterator[str]:
    """Start the provider for ``redirect_uris`` and point Uppsikt's sign-on at it (with
    ``settings`` on top); yields the issuer."""
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
            "OIDC_REDIRECT_URI": " ".join(redirect_uris),
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
    try:
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
            **settings,
        ):
            yield issuer
    finally:
        oidc._discovery.cache_clear()
        process.terminate()
        process.wait(timeout=10)


def next_login(issuer: str, *, acr: str | None = None, auth_time_offset: int = 0) -> None:
    """What the provider's next login gets: the assurance level ``acr`` ("" for none; None for
    the first one asked for) and a sign-on dated ``auth_time_offset`` seconds back."""
    params = {"auth_time_offset": str(auth_time_offset)}
    if acr is not None:
        params["acr"] = acr
    requests.post(f"{issuer}/test/next-login", params=params, timeout=5).raise_for_status()


def log_in_at_provider(url: str, login: str, redirect_uri: str) -> dict[str, str]:
    """Follow the authorisation request ``url`` through the provider's development login (and
    consent) as ``login``; returns the query the provider sends to ``redirect_uri`` with."""
    browser = requests.Session()
    for _step in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
        elif 'name="prompt" value="login"' in response.text:
            response = browser.post(
                url,
                data={"prompt": "login", "login": login, "password": "any"},
                allow_redirects=False,
                timeout=10,
            )
            url = urljoin(url, response.headers["Location"])
        elif 'name="prompt" value="consent"' in response.text:
            response = browser.post(
                url, data={"prompt": "consent"}, allow_redirects=False, timeout=10
            )
            url = urljoin(url, response.headers["Location"])
        else:
            raise AssertionError(f"unexpected page from the provider: {response.text[:500]}")
        if url.startswith(redirect_uri):
            return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    raise AssertionError("the provider never sent the person back")
