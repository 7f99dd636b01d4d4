"""A fresh sign-on at the organisation's identity provider that vouches for one act (step-up):
approving minutes with e-ID.

The act's page sends the person to the provider with the assurance level asked for
(``acr_values``, ``UPPSIKT_APPROVAL_ACR``), ``max_age=0`` and ``prompt=login`` (so an earlier
sign-on does not count), and a ``state`` and ``nonce`` kept in the session with the pending act
(``begin``). The provider sends the person back to ``/oidc/e-legitimation/`` (``callback_view``),
where the pending act is taken out of the session (so a ``state`` is good once), the code is
exchanged, and the ID token is checked: its signature through mozilla-django-oidc's machinery,
then issuer, audience, nonce, expiry, that the sign-on happened after the act was started and
no longer ago than ``UPPSIKT_APPROVAL_EID_MAX_AGE``, and that the assurance level is one asked
for (``verify_claims``). The provider's account must be the signed-in person's own (matched by
e-mail, as at sign-on). Only then is the act's handler, registered by the app that owns the act
(``register_purpose``), called with the ``Proof``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from uppsikt.core.exceptions import DomainError

from . import oidc

SESSION_KEY = "uppsikt_step_up"
PENDING_SECONDS = 15 * 60
CLOCK_SKEW = 60
KEPT_PENDING = 5
METHOD_LABEL = "e-legitimation"


class StepUpRefused(DomainError):
    """The sign-on did not vouch for the act; the message says why, without personal data."""


@dataclass(frozen=True)
class Proof:
    """What the provider vouched for: who (``subject`` at ``issuer``), how (``acr``) and when."""

    issuer: str
    subject: str
    acr: str
    auth_time: dt.datetime
    token_id: str = ""
    session_id: str = ""


@dataclass(frozen=True)
class Pending:
    purpose: str
    data: dict
    user_id: int
    nonce: str
    verifier: str
    started: float
    return_to: str


def required_acr() -> list[str]:
    return (getattr(settings, "UPPSIKT_APPROVAL_ACR", "") or "").split()


def available() -> bool:
    """Whether e-ID step-up can be asked for: sign-on on, an issuer and a level configured."""
    return oidc.enabled() and bool(required_acr()) and bool(_issuer())


def required() -> bool:
    return bool(getattr(settings, "UPPSIKT_APPROVAL_REQUIRE_EID", False))


def max_age() -> int:
    return int(getattr(settings, "UPPSIKT_APPROVAL_EID_MAX_AGE", 300))


def _issuer() -> str:
    return (getattr(settings, "UPPSIKT_OIDC_ISSUER", "") or "").rstrip("/")


# ---------------------------------------------------------------------------------------------
# The acts that can ask for a step-up

Handler = Callable[[HttpRequest, Proof, dict], HttpResponse]
_PURPOSES: dict[str, Handler] = {}


def register_purpose(name: str, handler: Handler) -> None:
    """Let an app complete its act when the sign-on has vouched for it: ``handler(request,
    proof, data)`` with the ``data`` given to ``begin``; it returns the response."""
    _PURPOSES[name] = handler


# ---------------------------------------------------------------------------------------------
# Going to the provider


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _live(pending: dict, now: float) -> dict:
    fresh = {k: v for k, v in pending.items() if now - v.get("started", 0) < PENDING_SECONDS}
    return dict(sorted(fresh.items(), key=lambda kv: kv[1]["started"])[-(KEPT_PENDING - 1) :])


def begin(request: HttpRequest, *, purpose: str, data: dict, return_to: str) -> str:
    """Keep the pending act in the session and return the provider's URL to send the person
    to. ``data`` must be JSON (ids, not objects)."""
    if not available():
        raise StepUpRefused(_("Justering med e-legitimation är inte inställd."))
    if purpose not in _PURPOSES:
        raise StepUpRefused(_("Okänd åtgärd."))
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    now = time.time()
    pending = _live(request.session.get(SESSION_KEY, {}), now)
    pending[state] = {
        "purpose": purpose,
        "data": data,
        "user": request.user.pk,
        "nonce": nonce,
        "verifier": verifier,
        "started": now,
        "return_to": return_to,
    }
    request.session[SESSION_KEY] = pending
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "response_type": "code",
        "scope": settings.OIDC_RP_SCOPES,
        "redirect_uri": request.build_absolute_uri(reverse("oidc_step_up_callback")),
        "state": state,
        "nonce": nonce,
        "acr_values": " ".join(required_acr()),
        "max_age": "0",
        "prompt": "login",
        "code_challenge": _b64(hashlib.sha256(verifier.encode("ascii")).digest()),
        "code_challenge_method": "S256",
    }
    endpoint = oidc.get_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
    return f"{endpoint}?{urlencode(params)}"


def to_provider(request: HttpRequest, url: str) -> HttpResponse:
    """The page that sends the person on to the provider (at once, by ``Refresh``; by its link
    otherwise). A redirect straight from the form's POST would be refused by the browser: the
    Content-Security-Policy lets forms go only to Uppsikt itself (``form-action 'self'``)."""
    label = getattr(settings, "UPPSIKT_OIDC_LABEL", "") or _("identitetsleverantören")
    response = render(request, "organisation/step_up.html", {"url": url, "provider": label})
    response.headers["Refresh"] = f"0; url={url}"
    return response


def take(request: HttpRequest) -> Pending:
    """The pending act the provider's answer is for, taken out of the session: a ``state``
    is good once, for the person who started it, within ``PENDING_SECONDS``."""
    state = request.GET.get("state", "")
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(state, None) if state else None
    request.session[SESSION_KEY] = pending
    if entry is None:
        raise StepUpRefused(_("Inloggningen hör inte till någon påbörjad justering."))
    if time.time() - entry["started"] >= PENDING_SECONDS:
        raise StepUpRefused(_("Det tog för lång tid; börja om."))
    if entry["user"] != request.user.pk:
        raise StepUpRefused(_("Inloggningen hör till någon annan."))
    return Pending(
        purpose=entry["purpose"],
        data=entry["data"],
        user_id=entry["user"],
        nonce=entry["nonce"],
        verifier=entry["verifier"],
        started=entry["started"],
        return_to=entry["return_to"],
    )


# ---------------------------------------------------------------------------------------------
# Checking the answer


def verify_claims(
    claims: dict,
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    acr_values: list[str],
    started: float,
    now: float,
    max_age: int,
) -> Proof:
    """The checks on a signature-verified ID token's claims; a ``Proof`` or ``StepUpRefused``."""
    if (claims.get("iss") or "").rstrip("/") != issuer.rstrip("/"):
        raise StepUpRefused(_("ID-token från fel utfärdare."))
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        raise StepUpRefused(_("ID-token är inte utfärdad till Uppsikt."))
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise StepUpRefused(_("ID-token är inte utfärdad till Uppsikt."))
    if not nonce or claims.get("nonce") != nonce:
        raise StepUpRefused(_("ID-token hör inte till den här justeringen."))
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp + CLOCK_SKEW < now:
        raise StepUpRefused(_("ID-token har gått ut."))
    auth_time = claims.get("auth_time")
    if not isinstance(auth_time, int | float) or isinstance(auth_time, bool):
        raise StepUpRefused(_("Inloggningen saknar tidpunkt."))
    if auth_time + CLOCK_SKEW < started or auth_time > now + CLOCK_SKEW:
        raise StepUpRefused(_("Inloggningen gjordes inte för den här justeringen."))
    if now - auth_time > max_age:
        raise StepUpRefused(_("Inloggningen är för gammal; logga in igen."))
    acr = claims.get("acr") or ""
    if acr not in acr_values:
        raise StepUpRefused(_("Inloggningen gjordes inte med e-legitimation på rätt tillitsnivå."))
    subject = claims.get("sub") or ""
    if not subject:
        raise StepUpRefused(_("ID-token saknar subjekt."))
    return Proof(
        issuer=claims["iss"],
        subject=subject,
        acr=acr,
        auth_time=dt.datetime.fromtimestamp(auth_time, tz=dt.UTC),
        token_id=str(claims.get("jti") or "")[:255],
        session_id=str(claims.get("sid") or "")[:255],
    )


class _Backend(oidc.Backend):
    """mozilla-django-oidc's token exchange and signature check, with Uppsikt's settings."""

    def __init__(self):
        OIDCAuthenticationBackend.__init__(self)


def verify_id_token(id_token: str, *, pending: Pending, now: float | None = None) -> dict:
    """The ID token's claims, its signature and nonce checked by the sign-on machinery and the
    rest by ``verify_claims``; returns the claims with the ``Proof`` under ``"proof"``."""
    backend = _Backend()
    try:
        claims = backend.verify_token(id_token, nonce=pending.nonce)
    except (SuspiciousOperation, jwt.InvalidTokenError) as exc:
        raise StepUpRefused(_("ID-token kunde inte verifieras.")) from exc
    proof = verify_claims(
        claims,
        issuer=_issuer(),
        client_id=settings.OIDC_RP_CLIENT_ID,
        nonce=pending.nonce,
        acr_values=required_acr(),
        started=pending.started,
        now=time.time() if now is None else now,
        max_age=max_age(),
    )
    return {**claims, "proof": proof}


def _same_person(backend, user_id: int, claims: dict, access_token: str, id_token: str):
    """The provider's account must be the signed-in person's own, matched as at sign-on."""
    info = dict(claims)
    if access_token and backend.OIDC_OP_USER_ENDPOINT:
        userinfo = backend.get_userinfo(access_token, id_token, claims)
        if userinfo.get("sub") != claims["sub"]:
            raise StepUpRefused(_("Uppgifterna om kontot hör till någon annan."))
        info = {**userinfo, **claims}
    users = list(backend.filter_users_by_claims(info)[:2])
    if len(users) != 1 or users[0].pk != user_id:
        raise StepUpRefused(_("Du loggade in som någon annan än den som justerar."))


def proof_from_id_token(id_token: str, *, pending: Pending, access_token: str = "") -> Proof:
    """What the provider's answer vouches for, once the code is exchanged: the ID token
    checked (``verify_id_token``) and its account the pending act's person's own (with the
    user info when there is an access token and an endpoint for it)."""
    backend = _Backend()
    claims = verify_id_token(id_token, pending=pending)
    _same_person(backend, pending.user_id, claims, access_token, id_token)
    return claims["proof"]


def complete(request: HttpRequest, pending: Pending) -> Proof:
    """Exchange the code and check what came back; the ``Proof`` or ``StepUpRefused``."""
    if request.GET.get("error") or not request.GET.get("code"):
        raise StepUpRefused(_("Inloggningen avbröts eller nekades."))
    backend = _Backend()
    try:
        tokens = backend.get_token(
            {
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "client_secret": settings.OIDC_RP_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "code": request.GET["code"],
                "redirect_uri": request.build_absolute_uri(reverse("oidc_step_up_callback")),
                "code_verifier": pending.verifier,
            }
        )
        proof = proof_from_id_token(
            tokens.get("id_token") or "",
            pending=pending,
            access_token=tokens.get("access_token") or "",
        )
    except (requests.RequestException, SuspiciousOperation, jwt.InvalidTokenError) as exc:
        raise StepUpRefused(_("Identitetsleverantören svarade inte som väntat.")) from exc
    return proof


def _back(pending_return: str, request: HttpRequest) -> HttpResponse:
    if url_has_allowed_host_and_scheme(pending_return, allowed_hosts={request.get_host()}):
        return redirect(pending_return)
    return redirect("/")


def callback_view(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the person back after the fresh sign-on."""
    if not available():
        raise Http404
    try:
        pending = take(request)
    except StepUpRefused as exc:
        messages.error(request, exc.message)
        return redirect("/")
    handler = _PURPOSES.get(pending.purpose)
    if handler is None:
        raise Http404
    try:
        proof = complete(request, pending)
    except StepUpRefused as exc:
        messages.error(request, exc.message)
        return _back(pending.return_to, request)
    return handler(request, proof, pending.data)
