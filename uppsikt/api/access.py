"""The checks of the endpoints: what the calling token may do, said in Swedish when not."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import tokens
from .errors import ApiError


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", _("Nyckeln saknar behörighet för detta."))


def require(request, permission: str, scope=None) -> None:
    if not tokens.token_may(request.auth, permission, scope):
        raise forbidden()


def require_anywhere(request, *permissions: str) -> None:
    if not any(tokens.token_may_anywhere(request.auth, p) for p in permissions):
        raise forbidden()


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Det som efterfrågades finns inte."))


def bad_filter(name: str) -> ApiError:
    return ApiError(
        422,
        "invalid",
        _("Filtret %(name)s känns inte igen.") % {"name": name},
        details=[{"field": name}],
    )
