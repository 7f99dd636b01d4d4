"""``/api/v1/``: the API's views, each answering with an ETag (304 to a matching
If-None-Match) and errors in the one shape; open to token calls without a session."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.urls import URLPattern, URLResolver, re_path
from django.utils.http import parse_etags, quote_etag

from .api import api
from .errors import normalise, not_found_view, not_modified


def _etag(request, response):
    if request.method != "GET" or response.status_code != 200:
        return response
    if getattr(response, "streaming", False):
        return response
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
    response["ETag"] = etag
    asked = request.headers.get("If-None-Match")
    if asked and (asked.strip() == "*" or etag in parse_etags(asked)):
        unchanged = not_modified()
        unchanged["ETag"] = etag
        return unchanged
    return response


def api_view(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _etag(request, normalise(view(request, *args, **kwargs)))

    wrapped.login_required = False  # a token call has no session (LoginRequiredMiddleware)
    wrapped.csrf_exempt = True
    return wrapped


def _wrap(patterns):
    for p in patterns:
        if isinstance(p, URLResolver):
            _wrap(p.url_patterns)
        elif isinstance(p, URLPattern):
            p.callback = api_view(p.callback)
    return patterns


patterns, _ninja_app, _namespace = api.urls
app_name = "api"
urlpatterns = [
    *_wrap(patterns),
    re_path(r"^.*$", api_view(not_found_view)),  # unnamed: nothing links to it
]
