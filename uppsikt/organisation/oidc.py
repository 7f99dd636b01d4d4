"""Single sign-on with OpenID Connect (Entra ID, Keycloak, …), configured by environment.

Endpoints come from explicit settings or, when only the issuer is given, from the provider's
discovery document, fetched on first use so that password logins never wait on the provider.
A signed-in person is matched to an existing account by e-mail; new accounts are created only
when ``UPPSIKT_OIDC_CREATE_USERS=1`` (and get no role until an administrator gives one).
"""

from __future__ import annotations

import functools

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from uppsikt.core.permissions import SYSTEM

DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


@functools.cache
def _discovery(issuer: str) -> dict:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.json()


def get_setting(attr: str, *default):
    if attr in DISCOVERED and not getattr(settings, attr, ""):
        issuer = getattr(settings, "UPPSIKT_OIDC_ISSUER", "")
        if issuer:
            return _discovery(issuer)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


class Backend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The parent reads every endpoint here; defer that to the first sign-on.
        self.UserModel = get_user_model()
        self._ready = False

    get_settings = staticmethod(get_setting)

    def authenticate(self, request, **kwargs):
        if request is None or "code" not in request.GET or "state" not in request.GET:
            return None
        if not self._ready:
            super().__init__()
            self._ready = True
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def create_user(self, claims):
        from uppsikt.organisation import services

        email = claims["email"].strip()
        user = services.account_create(
            actor=SYSTEM,
            username=self._free_username(email),
            password=None,
            email=email,
        )
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        return user

    def _free_username(self, email: str) -> str:
        base = email.split("@")[0][:140] or "user"
        name, n = base, 1
        while self.UserModel.objects.filter(username=name).exists():
            n += 1
            name = f"{base}{n}"
        return name

    def update_user(self, user, claims):
        return user


class RequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(get_setting)


class CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(get_setting)


def _when_enabled(view):
    """Sign-on URLs answer 404 while sign-on is not configured."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


authenticate_view = login_not_required(_when_enabled(RequestView.as_view()))
callback_view = login_not_required(_when_enabled(CallbackView.as_view()))
