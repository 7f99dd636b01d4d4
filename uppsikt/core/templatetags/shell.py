"""The parts of every page around its content."""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from uppsikt.core.jinja import render_fragment_kept

register = template.Library()

# The context's menu switches, set by each app's context processor from the person's roles.
NAV_FLAGS = (
    "nav_tree",
    "nav_finance",
    "nav_planning",
    "nav_followup",
    "nav_control",
    "nav_cases",
    "nav_dialogues",
    "nav_workforce",
    "nav_manage",
    "nav_audit",
)


@register.simple_tag(takes_context=True)
def site_nav(context) -> str:
    """The main menu of a signed-in page. It shows only the person's menu switches, the menu's
    bodies and förvaltningar, and which entry is the current page, so it is rendered once for
    each such set of values (and language) and kept (``render_fragment_kept``): the dozen
    addresses and texts are not looked up again on every page."""
    request = context["request"]
    flags = {name: bool(context.get(name)) for name in NAV_FLAGS}
    bodies = tuple(context.get("nav_bodies") or ())
    units = tuple(context.get("nav_units") or ())
    match = request.resolver_match
    app_name = (match.app_name if match else "") or ""
    url_name = (match.url_name if match else "") or ""
    namespace = (match.namespace if match else "") or ""
    # the current page among the bodies and förvaltningar, only when it is one of them
    path = request.path if any(e.url == request.path for e in (*bodies, *units)) else ""
    values = {
        "flags": flags,
        "bodies": bodies,
        "units": units,
        "app_name": app_name,
        "url_name": url_name,
        "namespace": namespace,
        "path": path,
    }
    key = (tuple(flags.values()), bodies, units, app_name, url_name, namespace, path)
    return render_fragment_kept("core/site_nav.html", values, key=key)


# Markers for the values of one request in a kept header: control characters, which no text
# of a page holds and escaping leaves as they are.
_MARKS = {name: f"\x00{name}\x00" for name in ("search", "csrf", "next", "unread", "name")}


@functools.cache
def _languages() -> tuple[tuple[str, str], ...]:
    """The languages of the language menu, each named in itself ("Svenska", "English")."""
    return tuple(
        (code, capfirst(translation.get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    )


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """The header of a page: the organisation's name and logo, the search, the language menu,
    the notifications and the person's account. Rendered once per organisation, logo, language
    and the few switches it shows, and kept; the person's name, the search words, the address
    to come back to, the form token and the unread count are filled in on every request
    (escaped), so the kept HTML holds nothing of one person."""
    request = context["request"]
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    organisation = context.get("nav_organisation")
    match = request.resolver_match
    unread = int(context.get("notifications_unread") or 0)
    values = {
        "signed_in": signed_in,
        "logo_url": context.get("brand_logo_url") or "",
        "logo_alt": context.get("brand_logo_alt") or "",
        "organisation_name": organisation.name if organisation else "",
        "notifications_current": bool(match and match.app_name == "notifications"),
        "unread": bool(unread),
        "language": translation.get_language(),
        "languages": _languages(),
        "marks": _MARKS,
    }
    key = tuple(v for k, v in values.items() if k not in {"languages", "marks"})
    html = render_fragment_kept("core/site_header.html", values, key=key)
    filled = {
        "csrf": get_token(request),
        "next": request.get_full_path(),
        "search": str(context.get("search_query") or ""),
        "unread": str(unread),
        "name": user.display_name() if signed_in else "",
    }
    for name, value in filled.items():  # a value never holds a marker for the next
        html = html.replace(_MARKS[name], escape(value.replace("\x00", "")))
    return mark_safe(html)  # noqa: S308 - a kept autoescaped fragment, each value escaped
