"""The demo's Test-e-legitimation (``organisation.testeid``): off (404) unless the demo turns it
on, refused by ``check --deploy`` while on; its discovery document, key, authorisation page,
token endpoint (client secret, PKCE, a code good once) and user info; and approval with e-ID
through it, end to end, the step-up callback's back-channel calls routed to the test client."""

from __future__ import annotations

import base64
import hashlib
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings
from django.urls import reverse

from uppsikt.meetings.models import Approval
from uppsikt.meetings.tests import factories
from uppsikt.organisation import testeid

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
ISSUER = f"{BASE}/test-e-legitimation"
CALLBACK = f"{BASE}/oidc/e-legitimation/"
ENDPOINTS = ["/.well-known/openid-configuration", "/jwks/", "/authorize/", "/token/", "/userinfo/"]


@pytest.fixture
def provider():
    testeid.key_make()
    with override_settings(**testeid.settings_for(BASE)):
        yield


@pytest.fixture
def held(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    c.chair_user.email = "ordf@example.org"
    c.chair_user.save(update_fields=["email"])
    client.force_login(c.chair_user)
    return c, m


def _challenge(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def _params(**changes) -> dict:
    params = {
        "client_id": testeid.CLIENT_ID,
        "response_type": "code",
        "scope": "openid email profile",
        "redirect_uri": CALLBACK,
        "state": "s-1",
        "nonce": "n-1",
        "code_challenge": _challenge("v" * 43),
        "code_challenge_method": "S256",
    }
    params.update(changes)
    return {k: v for k, v in params.items() if v is not None}


def _code(client) -> str:
    response = client.post("/test-e-legitimation/authorize/", {**_params(), "confirm": "1"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = parse_qs(location.query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


def _exchange(code: str, /, **changes):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": testeid.CLIENT_ID,
        "client_secret": testeid.client_secret(),
        "code_verifier": "v" * 43,
    }
    data.update(changes)
    return Client().post("/test-e-legitimation/token/", data)


# -- off, and never in production ---------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_is_404_while_the_demo_has_not_turned_it_on(client, held, endpoint):
    assert client.get(f"/test-e-legitimation{endpoint}").status_code == 404
    assert client.post(f"/test-e-legitimation{endpoint}").status_code == 404


def test_check_deploy_fails_while_it_is_on(provider):
    with pytest.raises(SystemCheckError, match="UPPSIKT_DEMO_EID"):
        call_command("check", "--deploy", "--fail-level", "ERROR")
    assert [e.id for e in testeid.check_not_in_production()] == ["uppsikt.E001"]


def test_check_deploy_says_nothing_of_it_while_it_is_off():
    assert testeid.check_not_in_production() == []


def test_the_login_page_offers_no_sign_on_through_it(client, provider):
    assert "Logga in med" not in client.get("/logga-in/").content.decode()


# -- the endpoints ------------------------------------------------------------------------------


def test_discovery_and_the_key(client, provider):
    doc = client.get("/test-e-legitimation/.well-known/openid-configuration").json()
    assert doc["issuer"] == ISSUER
    assert doc["token_endpoint"] == f"{ISSUER}/token/"
    assert doc["acr_values_supported"] == [testeid.DEFAULT_ACR]
    (key,) = client.get("/test-e-legitimation/jwks/").json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    # the JWK is the provider's public key, the one the settings give the relying party
    public = jwt.algorithms.RSAAlgorithm.from_jwk(key)
    from cryptography.hazmat.primitives import serialization

    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    assert pem == testeid.public_pem()


@pytest.mark.parametrize(
    "changes",
    [
        {"client_id": "someone-else"},
        {"redirect_uri": "https://evil.example.org/oidc/e-legitimation/"},
        {"response_type": "token"},
        {"code_challenge": None},
        {"code_challenge_method": "plain"},
    ],
)
def test_a_bad_authorisation_request_is_answered_400_and_not_redirected(
    client, held, provider, changes
):
    response = client.get("/test-e-legitimation/authorize/", _params(**changes))
    assert response.status_code == 400
    assert "Inloggningsbegäran kan inte besvaras" in response.content.decode()
    response = client.post(
        "/test-e-legitimation/authorize/", {**_params(**changes), "confirm": "1"}
    )
    assert response.status_code == 400


def test_the_page_names_the_signed_in_person_and_cancelling_goes_back_denied(
    client, held, provider
):
    page = client.get("/test-e-legitimation/authorize/", _params()).content.decode()
    assert "Test-e-legitimation" in page and "ordf@example.org" in page
    assert "Endast för demonstration" in page
    response = client.post("/test-e-legitimation/authorize/", {**_params(), "cancel": "1"})
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "error": ["access_denied"],
        "state": ["s-1"],
    }


def test_the_form_carries_on_only_the_requests_own_fields_never_a_smuggled_confirm(
    client, held, provider
):
    page = client.get(
        "/test-e-legitimation/authorize/", {**_params(), "confirm": "1", "extra": "x"}
    ).content.decode()
    assert 'name="state"' in page and 'name="nonce"' in page
    assert 'type="hidden" name="confirm"' not in page and 'name="extra"' not in page


def test_the_page_needs_someone_signed_in(provider):
    response = Client().get("/test-e-legitimation/authorize/", _params())
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_the_code_gives_a_signed_id_token_with_the_configured_level_once(client, held, provider):
    c, _m = held
    code = _code(client)
    answer = _exchange(code).json()
    claims = jwt.decode(
        answer["id_token"], testeid.public_pem(), algorithms=["RS256"], audience=testeid.CLIENT_ID
    )
    assert (claims["iss"], claims["acr"], claims["nonce"]) == (ISSUER, testeid.DEFAULT_ACR, "n-1")
    assert claims["email"] == "ordf@example.org"
    assert claims["sub"] == testeid.subject(c.chair_user) != str(c.chair_user.pk)
    info = Client().get(
        "/test-e-legitimation/userinfo/", HTTP_AUTHORIZATION=f"Bearer {answer['access_token']}"
    )
    assert info.json()["sub"] == claims["sub"]
    # the same code again
    assert _exchange(code).json() == {"error": "invalid_grant"}


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "someone-else"}, 401, "invalid_client"),
        ({"code_verifier": "w" * 43}, 400, "invalid_grant"),
        ({"code_verifier": ""}, 400, "invalid_grant"),
        ({"redirect_uri": f"{BASE}/oidc/callback/"}, 400, "invalid_grant"),
        ({"code": "made-up"}, 400, "invalid_grant"),
        ({"grant_type": "client_credentials"}, 400, "unsupported_grant_type"),
    ],
)
def test_the_token_endpoint_refuses(client, held, provider, changes, status, error):
    response = _exchange(_code(client), **changes)
    assert (response.status_code, response.json()) == (status, {"error": error})


def test_user_info_refuses_a_made_up_token(provider):
    response = Client().get("/test-e-legitimation/userinfo/", HTTP_AUTHORIZATION="Bearer x")
    assert response.status_code == 401


# -- approval with e-ID through it, end to end ----------------------------------------------------


class _BackChannel:
    """mozilla-django-oidc's HTTP calls (the code exchange, the user info) answered by the test
    client, as the provider would answer them over the network."""

    def __init__(self):
        self.client = Client()

    @staticmethod
    def _answer(response):
        def raise_for_status():
            assert response.status_code < 400, response.content

        return SimpleNamespace(
            status_code=response.status_code,
            headers=response.headers,
            content=response.content,
            json=response.json,
            raise_for_status=raise_for_status,
        )

    def post(self, url, data=None, **_kwargs):
        return self._answer(self.client.post(urlsplit(url).path, data))

    def get(self, url, headers=None, **_kwargs):
        auth = (headers or {}).get("Authorization", "")
        return self._answer(self.client.get(urlsplit(url).path, HTTP_AUTHORIZATION=auth))


def test_the_chair_approves_through_the_demo_provider(client, held, provider, monkeypatch):
    import mozilla_django_oidc.auth

    monkeypatch.setattr(mozilla_django_oidc.auth, "requests", _BackChannel())
    c, m = held
    response = client.post(reverse("meetings:meeting_sign_eid", args=[m.pk]))
    url = response["Refresh"].removeprefix("0; url=")
    assert url.startswith(f"{ISSUER}/authorize/?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["acr_values"] == testeid.DEFAULT_ACR and query["prompt"] == "login"
    assert client.get(urlsplit(url).path, query).status_code == 200
    back = client.post(urlsplit(url).path, {**query, "confirm": "1"})
    answer = parse_qs(urlsplit(back["Location"]).query)
    page = client.get(
        "/oidc/e-legitimation/", {k: v[0] for k, v in answer.items()}, follow=True
    ).content.decode()
    assert "Du har justerat protokollet med e-legitimation." in page
    a = Approval.objects.get(meeting=m)
    assert (a.person, a.method) == (c.members[0], Approval.Method.E_ID)
    assert (a.eid_issuer, a.eid_acr) == (ISSUER, testeid.DEFAULT_ACR)
    assert a.eid_subject == testeid.subject(c.chair_user)
    assert a.eid_token_id and a.eid_session_id


def test_someone_else_signed_in_at_the_provider_is_refused(client, held, provider, monkeypatch):
    """The provider vouches for whoever is signed in where it runs: the step-up's account check
    still refuses an answer about someone else than the one approving."""
    import mozilla_django_oidc.auth

    monkeypatch.setattr(mozilla_django_oidc.auth, "requests", _BackChannel())
    c, m = held
    url = client.post(reverse("meetings:meeting_sign_eid", args=[m.pk]))["Refresh"][7:]
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    other = Client()
    other.force_login(c.other_member_user)  # another member, in another browser
    back = other.post(urlsplit(url).path, {**query, "confirm": "1"})
    answer = {k: v[0] for k, v in parse_qs(urlsplit(back["Location"]).query).items()}
    page = client.get("/oidc/e-legitimation/", answer, follow=True).content.decode()
    assert not Approval.objects.filter(meeting=m).exists()
    assert "någon annan" in page
