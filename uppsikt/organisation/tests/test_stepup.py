"""The fresh sign-on that vouches for one act (``organisation.stepup``): the checks on the ID
token, with tokens made and signed by hand, and the pending act kept once in the session."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from uppsikt.organisation import stepup
from uppsikt.organisation.stepup import Pending, StepUpRefused, verify_claims

ISSUER = "https://idp.example.se/realms/region"
LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2"
STARTED = 1_760_000_000.0  # when the person pressed the button
NOW = STARTED + 40  # when the provider sent them back


def _claims(**changes) -> dict:
    claims = {
        "iss": ISSUER,
        "aud": "uppsikt",
        "sub": "user-1",
        "nonce": "n-1",
        "exp": int(NOW) + 300,
        "iat": int(NOW) - 5,
        "auth_time": int(STARTED) + 30,
        "acr": LOA3,
        "jti": "jti-1",
        "sid": "sid-1",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _verify(claims: dict, **kw):
    args = {
        "issuer": ISSUER,
        "client_id": "uppsikt",
        "nonce": "n-1",
        "acr_values": [LOA3],
        "started": STARTED,
        "now": NOW,
        "max_age": 300,
    }
    args.update(kw)
    return verify_claims(claims, **args)


def test_a_fresh_sign_on_at_the_level_asked_for_gives_the_proof():
    proof = _verify(_claims())
    assert (proof.issuer, proof.subject, proof.acr) == (ISSUER, "user-1", LOA3)
    assert (proof.token_id, proof.session_id) == ("jti-1", "sid-1")
    assert proof.auth_time.timestamp() == STARTED + 30


def test_one_of_several_levels_asked_for_is_enough():
    assert _verify(_claims(acr=LOA2), acr_values=[LOA3, LOA2]).acr == LOA2


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"acr": LOA2}, "tillitsnivå"),
        ({"acr": None}, "tillitsnivå"),
        ({"iss": "https://evil.example/realms/region"}, "utfärdare"),
        ({"aud": "another-client"}, "utfärdad till Uppsikt"),
        ({"aud": ["another-client", "uppsikt"]}, "utfärdad till Uppsikt"),  # no azp
        ({"nonce": "n-2"}, "hör inte till"),
        ({"nonce": None}, "hör inte till"),
        ({"exp": int(NOW) - 61}, "gått ut"),
        ({"auth_time": None}, "saknar tidpunkt"),
        # signed on before the act was started (60 s of clock skew allowed): an old sign-on
        ({"auth_time": int(STARTED) - 61}, "inte för den här"),
        # signed on in the future
        ({"auth_time": int(NOW) + 61}, "inte för den här"),
        ({"sub": ""}, "subjekt"),
    ],
)
def test_a_sign_on_that_does_not_vouch_for_the_act_is_refused(changes, why):
    with pytest.raises(StepUpRefused) as refused:
        _verify(_claims(**changes))
    assert why in refused.value.message


def test_a_sign_on_older_than_the_maximum_age_is_refused():
    # given: signed on at STARTED + 30; checked 301 s later with a maximum age of 300 s
    claims = _claims(exp=int(STARTED) + 1000)
    with pytest.raises(StepUpRefused, match="för gammal"):
        _verify(claims, now=STARTED + 30 + 301)
    # at exactly 300 s it still counts
    assert _verify(claims, now=STARTED + 30 + 300).subject == "user-1"


def test_several_audiences_count_when_uppsikt_is_the_authorised_party():
    assert _verify(_claims(aud=["other", "uppsikt"], azp="uppsikt")).subject == "user-1"


# --- the signature, through the sign-on machinery ----------------------------------------------


def _key():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public_pem.decode()


@pytest.fixture(scope="module")
def provider_key():
    return _key()


def _pending(nonce="n-1", started=None) -> Pending:
    return Pending(
        purpose="test",
        data={},
        user_id=1,
        nonce=nonce,
        verifier="v",
        started=STARTED if started is None else started,
        return_to="/",
    )


def _signed(private, claims: dict) -> str:
    return jwt.encode(claims, private, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def configured(provider_key):
    with override_settings(
        OIDC_RP_CLIENT_ID="uppsikt",
        OIDC_RP_CLIENT_SECRET="secret",
        UPPSIKT_OIDC_ISSUER=ISSUER,
        OIDC_OP_AUTHORIZATION_ENDPOINT=ISSUER + "/auth",
        OIDC_OP_TOKEN_ENDPOINT=ISSUER + "/token",
        OIDC_OP_USER_ENDPOINT=ISSUER + "/userinfo",
        OIDC_OP_JWKS_ENDPOINT=ISSUER + "/jwks",
        OIDC_RP_IDP_SIGN_KEY=provider_key[1],
        UPPSIKT_APPROVAL_ACR=LOA3,
    ):
        yield provider_key[0]


def test_a_token_signed_by_the_providers_key_is_verified(configured):
    now = time.time()
    token = _signed(configured, _claims(exp=int(now) + 300, auth_time=int(now) - 10))
    claims = stepup.verify_id_token(token, pending=_pending(started=now - 20), now=now)
    assert claims["proof"].acr == LOA3


def test_a_token_signed_by_another_key_is_refused(configured):
    other, _public = _key()
    now = time.time()
    token = _signed(other, _claims(exp=int(now) + 300, auth_time=int(now) - 10))
    with pytest.raises(StepUpRefused, match="kunde inte verifieras"):
        stepup.verify_id_token(token, pending=_pending(started=now - 20), now=now)


def test_a_token_with_another_nonce_is_refused_by_the_signature_check(configured):
    now = time.time()
    token = _signed(configured, _claims(exp=int(now) + 300, auth_time=int(now) - 10))
    with pytest.raises(StepUpRefused):
        stepup.verify_id_token(token, pending=_pending(nonce="other", started=now - 20), now=now)


def test_an_unsigned_token_is_refused(configured):
    now = time.time()
    token = jwt.encode(_claims(exp=int(now) + 300, auth_time=int(now) - 10), None, "none")
    with pytest.raises(StepUpRefused):
        stepup.verify_id_token(token, pending=_pending(started=now - 20), now=now)


# --- the pending act ---------------------------------------------------------------------------


class _User:
    def __init__(self, pk):
        self.pk = pk
        self.is_authenticated = True


def _request(path="/", user_pk=1, session=None):
    request = RequestFactory().get(path)
    request.session = session if session is not None else SessionStore()
    request.user = _User(user_pk)
    return request


@pytest.fixture
def purpose():
    stepup.register_purpose("test", lambda request, proof, data: None)


@pytest.mark.django_db
def test_begin_asks_for_the_level_and_a_fresh_sign_on_and_keeps_the_act_once(configured, purpose):
    request = _request()
    url = stepup.begin(request, purpose="test", data={"meeting": 7}, return_to="/m/7/")
    assert url.startswith(ISSUER + "/auth?")
    assert "max_age=0" in url and "prompt=login" in url
    state = url.split("state=")[1].split("&")[0]
    # the provider's answer for that state is taken once
    back = _request(f"/oidc/e-legitimation/?state={state}&code=c", session=request.session)
    pending = stepup.take(back)
    assert pending.data == {"meeting": 7} and pending.user_id == 1
    again = _request(f"/oidc/e-legitimation/?state={state}&code=c", session=request.session)
    with pytest.raises(StepUpRefused, match="påbörjad"):
        stepup.take(again)


@pytest.mark.django_db
def test_the_answer_is_refused_for_another_signed_in_person(configured, purpose):
    request = _request(user_pk=1)
    url = stepup.begin(request, purpose="test", data={}, return_to="/")
    state = url.split("state=")[1].split("&")[0]
    back = _request(f"/?state={state}&code=c", user_pk=2, session=request.session)
    with pytest.raises(StepUpRefused, match="någon annan"):
        stepup.take(back)


@pytest.mark.django_db
def test_an_unknown_state_is_refused(configured, purpose):
    with pytest.raises(StepUpRefused):
        stepup.take(_request("/?state=made-up&code=c"))


def test_without_a_level_e_id_is_not_offered(configured):
    with override_settings(UPPSIKT_APPROVAL_ACR=""):
        assert not stepup.available()
    assert stepup.available()
