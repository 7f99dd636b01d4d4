"""A strict Content-Security-Policy: scripts and styles only from this site, never inline."""

from django.conf import settings

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
    """A service's ``NotPermitted`` that reaches a view becomes a 403 page, not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .exceptions import NotPermitted
        from .views import forbidden

        if isinstance(exception, NotPermitted):
            return forbidden(request, exception)
        return None
