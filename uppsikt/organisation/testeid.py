"""Test-e-legitimation: a minimal OpenID Connect provider inside Uppsikt, for the demo only.

The demo has no identity provider of its own, so ``uppsikt demo`` turns this one on
(``UPPSIKT_DEMO_EID``; ``enable``) and points the sign-on settings at it (``settings_for``):
approval with e-ID (``organisation.stepup``) then goes through the real step-up path — the
authorisation request, the code exchange with PKCE, the ID token's signature and claims, the
account check — with this provider standing in for BankID or Freja eID behind the region's
identity provider. It serves the discovery document, its key (JWKS), the authorisation page
("Test-e-legitimation", where the signed-in person confirms who they are), the token endpoint
and user info. Its RS256 key is made when the demo loads (``key_make``) and kept in
``UPPSIKT_DEMO_EID_DIR``. It vouches for whoever is signed in to Uppsikt, at the assurance
level configured (``UPPSIKT_APPROVAL_ACR``): it proves nothing about anyone, which is why it
answers 404 unless the setting is on and ``uppsikt check --deploy`` fails while it is
(docs/oidc.md).

Codes and access tokens are signed by Uppsikt (``django.core.signing``) rather than kept; a
code is good once (the cache), for two minutes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from pathlib import Path
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import checks, signing
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

PATH = "test-e-legitimation"
CLIENT_ID = "uppsikt-demo"
LABEL = "Test-e-legitimation"
# The level a BankID or Freja eID+ login gives in the Swedish e-identification framework.
DEFAULT_ACR = "http://id.elegnamnden.se/loa/1.0/loa3"
CODE_SECONDS = 120
TOKEN_SECONDS = 300
CODE_SALT = "uppsikt.testeid.code"
ACCESS_SALT = "uppsikt.testeid.access"


def enabled() -> bool:
    return bool(getattr(settings, "UPPSIKT_DEMO_EID", False))


# ---------------------------------------------------------------------------------------------
# The key and the configuration


def key_dir() -> Path:
    return Path(getattr(settings, "UPPSIKT_DEMO_EID_DIR", "") or settings.DATA_DIR / "demo-eid")


def key_make(directory: Path | None = None) -> Path:
    """Make the provider's RS256 key and the client's secret in ``directory`` (the demo's
    folder by default), unless they are there. Returns the folder."""
    directory = directory or key_dir()
    if (directory / "key.pem").is_file():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    secret = directory / "client-secret"
    secret.touch(mode=0o600)
    secret.write_text(secrets.token_urlsafe(32), "utf-8")
    path = directory / "key.pem"
    path.touch(mode=0o600)
    path.write_bytes(  # last: its presence says the folder is complete
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return directory


def _private_key():
    try:
        data = (key_dir() / "key.pem").read_bytes()
    except FileNotFoundError as exc:
        raise Http404 from exc
    return serialization.load_pem_private_key(data, password=None)


def public_pem() -> str:
    return (
        _private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def client_secret() -> str:
    return (key_dir() / "client-secret").read_text("utf-8").strip()


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _kid() -> str:
    return hashlib.sha256(public_pem().encode("ascii")).hexdigest()[:16]


def issuer_for(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{PATH}"


def settings_for(base_url: str) -> dict:
    """The settings that point sign-on and approval with e-ID at this provider, served at
    ``base_url`` (the demo's address). Every endpoint is given, so nothing is discovered;
    the ID token's signature is checked against the provider's public key, given as
    ``OIDC_RP_IDP_SIGN_KEY`` (the same check as with a key from the JWKS)."""
    issuer = issuer_for(base_url)
    return {
        "UPPSIKT_DEMO_EID": True,
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": client_secret(),
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_IDP_SIGN_KEY": public_pem(),
        "UPPSIKT_OIDC_ISSUER": issuer,
        "UPPSIKT_OIDC_LABEL": LABEL,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/authorize/",
        "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/token/",
        "OIDC_OP_USER_ENDPOINT": f"{issuer}/userinfo/",
        "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks/",
        "UPPSIKT_APPROVAL_ACR": getattr(settings, "UPPSIKT_APPROVAL_ACR", "") or DEFAULT_ACR,
    }


_UNSET = object()


def enable(base_url: str):
    """Turn the provider on in this process and point the settings at it (``uppsikt demo``,
    before it serves). Returns a function that puts the settings back as they were (for a
    process that goes on without the demo's server, such as ``demo --no-serve`` run from
    code)."""
    key_make()
    before = {}
    for name, value in settings_for(base_url).items():
        before[name] = getattr(settings, name, _UNSET)
        setattr(settings, name, value)

    def restore() -> None:
        for name, value in before.items():
            if value is _UNSET:
                delattr(settings, name)
            else:
                setattr(settings, name, value)

    return restore


def _acr() -> str:
    configured = (getattr(settings, "UPPSIKT_APPROVAL_ACR", "") or "").split()
    return configured[0] if configured else DEFAULT_ACR


# ---------------------------------------------------------------------------------------------
# Tokens


def subject(user) -> str:
    """The person's identifier at this provider: stable, and not the account's id."""
    digest = hmac.new(client_secret().encode(), f"sub:{user.pk}".encode(), hashlib.sha256)
    return "test-" + digest.hexdigest()[:20]


def id_token_mint(
    *, user, nonce: str, auth_time: float, acr: str, issuer: str, audience: str = CLIENT_ID
) -> str:
    """An ID token for ``user``, signed with the provider's key (RS256)."""
    now = int(time.time())
    claims = {
        "iss": issuer,
        "sub": subject(user),
        "aud": audience,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
        "auth_time": int(auth_time),
        "nonce": nonce,
        "acr": acr,
        "jti": secrets.token_urlsafe(16),
        "sid": secrets.token_urlsafe(16),
        "email": user.email,
        "email_verified": True,
        "name": user.get_full_name() or user.username,
    }
    return jwt.encode(claims, _private_key(), algorithm="RS256", headers={"kid": _kid()})


# ---------------------------------------------------------------------------------------------
# The endpoints


def _when_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _issuer(request: HttpRequest) -> str:
    return (getattr(settings, "UPPSIKT_OIDC_ISSUER", "") or "").rstrip("/") or issuer_for(
        request.build_absolute_uri("/")
    )


@login_not_required
@_when_enabled
@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    issuer = _issuer(request)
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize/",
            "token_endpoint": f"{issuer}/token/",
            "userinfo_endpoint": f"{issuer}/userinfo/",
            "jwks_uri": f"{issuer}/jwks/",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
            "acr_values_supported": [_acr()],
            "claims_supported": ["sub", "email", "email_verified", "name", "acr", "auth_time"],
        }
    )


@login_not_required
@_when_enabled
@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    numbers = _private_key().public_key().public_numbers()
    key = {
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "kid": _kid(),
        "n": _b64(numbers.n),
        "e": _b64(numbers.e),
    }
    return JsonResponse({"keys": [key]})


def _allowed_redirects(request: HttpRequest) -> set[str]:
    return {
        request.build_absolute_uri(reverse("oidc_step_up_callback")),
        request.build_absolute_uri(reverse("oidc_authentication_callback")),
    }


def _request_problem(request: HttpRequest, params) -> str:
    if params.get("client_id") != CLIENT_ID:
        return "okänd klient"
    if params.get("redirect_uri") not in _allowed_redirects(request):
        return "okänd återadress"
    if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
        return "bara inloggning med kod (openid) stöds"
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        return "PKCE (S256) krävs"
    return ""


def _back(params, **answer) -> HttpResponse:
    query = {**answer, "state": params.get("state", "")}
    return redirect(f"{params['redirect_uri']}?{urlencode(query)}")


# what the confirmation form carries on, and nothing else (a "confirm" smuggled into the link
# would turn the cancel button into a confirmation)
AUTHORIZE_PARAMS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "acr_values",
    "max_age",
    "prompt",
)


@_when_enabled
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """The page where the signed-in person confirms who they are: the demo's stand-in for
    the BankID app. Confirming sends them back to Uppsikt with a code."""
    params = request.POST if request.method == "POST" else request.GET
    problem = _request_problem(request, params)
    if problem:
        return render(request, "organisation/testeid.html", {"problem": problem}, status=400)
    if request.method == "GET":
        return render(
            request,
            "organisation/testeid.html",
            {
                "params": {k: params[k] for k in AUTHORIZE_PARAMS if k in params},
                "person": request.user,
                "acr": _acr(),
            },
        )
    if "confirm" not in request.POST:
        return _back(params, error="access_denied")
    code = signing.dumps(
        {
            "user": request.user.pk,
            "nonce": params.get("nonce", ""),
            "redirect_uri": params["redirect_uri"],
            "challenge": params["code_challenge"],
            "auth_time": int(time.time()),
            "acr": _acr(),
            "issuer": _issuer(request),
            "once": secrets.token_urlsafe(12),
        },
        salt=CODE_SALT,
    )
    return _back(params, code=code)


def _token_error(error: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error}, status=status)


def _code(post) -> dict | None:
    try:
        code = signing.loads(post.get("code", ""), salt=CODE_SALT, max_age=CODE_SECONDS)
    except signing.BadSignature:
        return None
    once = hashlib.sha256(post.get("code", "").encode()).hexdigest()
    if not cache.add(f"testeid-code:{once}", 1, CODE_SECONDS * 2):
        return None  # used already
    return code


def _verifier_matches(verifier: str, challenge: str) -> bool:
    made = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest())
    return bool(verifier) and hmac.compare_digest(made.rstrip(b"=").decode(), challenge)


@login_not_required
@csrf_exempt
@_when_enabled
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """The code exchanged for an ID token (client_secret_post, PKCE)."""
    post = request.POST
    if post.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    if post.get("client_id") != CLIENT_ID or not hmac.compare_digest(
        post.get("client_secret", ""), client_secret()
    ):
        return _token_error("invalid_client", 401)
    code = _code(post)
    if code is None or code["redirect_uri"] != post.get("redirect_uri"):
        return _token_error("invalid_grant")
    if not _verifier_matches(post.get("code_verifier", ""), code["challenge"]):
        return _token_error("invalid_grant")
    user = get_user_model().objects.filter(pk=code["user"], is_active=True).first()
    if user is None:
        return _token_error("invalid_grant")
    id_token = id_token_mint(
        user=user,
        nonce=code["nonce"],
        auth_time=code["auth_time"],
        acr=code["acr"],
        issuer=code["issuer"],
    )
    access = signing.dumps({"user": user.pk}, salt=ACCESS_SALT)
    response = JsonResponse(
        {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": id_token,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@csrf_exempt
@_when_enabled
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> JsonResponse:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    try:
        data = signing.loads(value, salt=ACCESS_SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature:
        data = None
    user = (
        get_user_model().objects.filter(pk=data["user"], is_active=True).first()
        if data and scheme.lower() == "bearer"
        else None
    )
    if user is None:
        return _token_error("invalid_token", 401)
    return JsonResponse(
        {
            "sub": subject(user),
            "email": user.email,
            "email_verified": True,
            "name": user.get_full_name() or user.username,
        }
    )


# ---------------------------------------------------------------------------------------------
# Never in production


@checks.register(checks.Tags.security, deploy=True)
def check_not_in_production(app_configs=None, **kwargs):
    """``uppsikt check --deploy`` fails while the demo's provider is on."""
    if enabled():
        return [
            checks.Error(
                "UPPSIKT_DEMO_EID är på: demons Test-e-legitimation går för vem som helst som "
                "är inloggad och får aldrig vara på i drift.",
                hint="Ta bort UPPSIKT_DEMO_EID och konfigurera organisationens "
                "identitetsleverantör (docs/oidc.md).",
                id="uppsikt.E001",
            )
        ]
    return []
