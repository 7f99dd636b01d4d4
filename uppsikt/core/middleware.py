"""Request-wide rules: a strict Content-Security-Policy (scripts and styles only from this site,
never inline), domain and database errors as 403/400 pages, NUL characters refused with 400."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "UPPSIKT_CSP", DEFAULT_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every response that is not a static file (those
    are served above this middleware): pages and downloads hold personal figures, secret
    material and the ledger, and must stay out of shared caches, proxies and the browser's
    disk cache, also after signing out on a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers["Cache-Control"] = "no-store, private"
        return response


class DomainErrorMiddleware:
    """A service's ``NotPermitted`` that reaches a view becomes a 403 page, a selector's
    ``NotFound`` a 404 page, and a database's ``DataError`` (a value it cannot keep) a 400 page:
    none is a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError

        from .exceptions import NotFound, NotPermitted
        from .views import bad_request, forbidden, not_found

        if isinstance(exception, NotPermitted):
            return forbidden(request, exception)
        if isinstance(exception, NotFound):
            return not_found(request, exception)
        if isinstance(exception, DataError):
            # a value the database cannot keep (too long, out of range) that no check caught:
            # the request is refused, not answered with a server error
            logger.warning("Refused input the database cannot keep: %s", exception)
            return bad_request(request, exception)
        return None


class RequestInputMiddleware:
    """A NUL character in the path, a query or a form field is refused with 400 before any view
    runs: no database keeps it in text, and no form sends it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import BadRequest

        if _has_nul(request):
            raise BadRequest("NUL in request input")
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.method == "POST":
        for upload in request.FILES.values():
            if "\x00" in (upload.name or ""):
                return True
    return False
