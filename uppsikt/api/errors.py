"""One error body for every answer of the API that is not a success:
``{"error": {"code": …, "message": …, "details": …}}``, the message in Swedish."""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = str(message)
        self.details = details
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, details=None, headers=None):
    response = JsonResponse(
        {"error": {"code": code, "message": str(message), "details": details}}, status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


DEFAULTS = {
    400: ("bad_request", lambda: _("Begäran kunde inte läsas.")),
    401: ("unauthenticated", lambda: _("Ange en giltig API-nyckel (Authorization: Bearer …).")),
    403: ("forbidden", lambda: _("Nyckeln saknar behörighet för detta.")),
    404: ("not_found", lambda: _("Det som efterfrågades finns inte.")),
    405: ("method_not_allowed", lambda: _("Metoden stöds inte för den här adressen.")),
    409: ("conflict", lambda: _("Begäran krockar med det som redan finns.")),
    422: ("invalid", lambda: _("Begäran innehåller fel.")),
    429: ("rate_limited", lambda: _("För många anrop. Försök igen om en stund.")),
    500: ("server_error", lambda: _("Ett fel uppstod i servern.")),
}


def default_error(status: int, details=None, headers=None):
    code, message = DEFAULTS.get(status, ("error", lambda: _("Begäran misslyckades.")))
    return error_response(status, code, message(), details, headers)


def not_found_view(request, *args, **kwargs):
    """Any address under the API that names nothing."""
    return default_error(404)


def _is_error_shape(response) -> bool:
    if "json" not in response.get("Content-Type", ""):
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("error"), dict)


def normalise(response):
    """An error answered by something else than our handlers (405 from the router, 404 for
    an unknown host name) gets the one error shape."""
    if response.status_code < 400 or getattr(response, "streaming", False):
        return response
    if _is_error_shape(response):
        return response
    fixed = default_error(response.status_code)
    for name in ("Allow", "Retry-After"):
        if response.has_header(name):
            fixed[name] = response[name]
    return fixed


def not_modified() -> HttpResponse:
    return HttpResponse(status=304)


__all__ = ["ApiError", "Http404", "error_response", "default_error", "normalise", "logger"]
