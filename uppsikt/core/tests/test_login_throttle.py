"""Login throttling: per user name and address, per account across addresses, per address
across accounts; the client's address from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from uppsikt.core.login_throttle import client_ip
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db

GOOD = "ett-bra-losenord-2024"


def _fail(client, username: str, address: str, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": "fel-losenord"},
        REMOTE_ADDR=address,
        **headers,
    )


def _login(client, username: str, address: str, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": GOOD}, REMOTE_ADDR=address, **headers
    )


@override_settings(UPPSIKT_LOGIN_ACCOUNT_FAILURE_LIMIT=8)
def test_an_account_is_locked_after_failures_spread_over_many_addresses(client):
    factories.user("mal", password=GOOD)
    # 8 failures, one from each of 8 addresses: each address stays under its limit of 5
    for i in range(8):
        _fail(client, "mal", f"198.51.100.{i + 1}")
    response = _login(client, "mal", "198.51.100.200")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(UPPSIKT_LOGIN_ACCOUNT_FAILURE_LIMIT=8)
def test_an_account_below_its_limit_across_addresses_still_signs_in(client):
    factories.user("mal", password=GOOD)
    for i in range(7):  # 7 < 8
        _fail(client, "mal", f"198.51.100.{i + 1}")
    assert _login(client, "mal", "198.51.100.200").status_code == 302


@override_settings(UPPSIKT_LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_an_address_is_locked_after_failures_spread_over_many_accounts(client):
    factories.user("oskyldig", password=GOOD)
    # 10 failures from one address, one for each of 10 user names
    for i in range(10):
        _fail(client, f"namn{i}", "203.0.113.9")
    assert _login(client, "oskyldig", "203.0.113.9").status_code == 429
    # the same account from another address is not affected
    assert _login(client, "oskyldig", "203.0.113.10").status_code == 302


@override_settings(UPPSIKT_LOGIN_ADDRESS_FAILURE_LIMIT=10)
def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(client):
    factories.user("egen", password=GOOD)
    factories.user("offer", password=GOOD)
    for i in range(9):
        _fail(client, f"namn{i}", "203.0.113.9")
    assert _login(client, "egen", "203.0.113.9").status_code == 302
    client.logout()
    _fail(client, "namn9", "203.0.113.9")  # the 10th failure from the address
    assert _login(client, "offer", "203.0.113.9").status_code == 429


def test_x_forwarded_for_from_an_untrusted_client_is_ignored(client):
    factories.user("mal", password=GOOD)
    # five failures from one address, each claiming another address in the header
    for i in range(5):
        _fail(client, "mal", "198.51.100.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{i + 1}")
    assert _login(client, "mal", "198.51.100.1").status_code == 429


@override_settings(UPPSIKT_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(client):
    factories.user("anna", password=GOOD)
    # five failures of one client through the proxy lock that client ...
    for _ in range(5):
        _fail(client, "anna", "10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        _login(client, "anna", "10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    )
    # ... not another client behind the same proxy
    response = _login(client, "anna", "10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


def test_the_client_address_is_remote_addr_without_trusted_proxies():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert client_ip(request) == "198.51.100.1"


@override_settings(UPPSIKT_TRUSTED_PROXIES=["10.0.0.1"])
def test_the_client_address_is_the_nearest_untrusted_one_in_x_forwarded_for():
    # the client wrote 192.0.2.66 itself; the proxy appended the address it saw
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"
    untrusted = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert client_ip(untrusted) == "10.0.0.2"
