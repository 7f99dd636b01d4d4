"""The Jinja2 environment, for the few fragments rendered many times per request (a to-do list
of forty forms): Jinja2 compiles templates to Python and renders them several times faster than
the Django template language. Pages themselves stay Django templates; a fragment is rendered
with ``render_fragment`` and placed in its page as HTML.

Translations use Django's catalogues (``{{ _("…") }}``, which ``makemessages`` also finds),
and the Swedish formatting filters are the same functions as in ``core.templatetags.sv``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from jinja2 import Environment

from uppsikt.core.templatetags import sv


def environment(**options) -> Environment:
    options.pop("autoescape", None)
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True, **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals["pgettext"] = translation.pgettext
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    for name in ("money", "money_signed", "percent", "percent_signed", "number", "sv_date"):
        env.filters[name] = getattr(sv, name)
    # Django's escaping (an apostrophe as &#x27;, where Jinja2 writes &#39;): a fragment that
    # replaces part of a Django template gives the same bytes with it
    env.filters["django_escape"] = escape
    return env


# What a process keeps: at most this many fragments and this many characters of HTML in all
# (the menus of every page kind and role, a few progress tables of some 100 kB each, the to-do
# lists of a few thousand units of a few kB each).
_KEPT_MAX = 8192
_KEPT_CHARS = 16 * 1024 * 1024
_kept: OrderedDict[tuple, str] = OrderedDict()
_kept_chars = 0
_kept_lock = threading.Lock()


def render_fragment_kept(template_name: str, context: dict, *, key: Hashable) -> str:
    """Render a Jinja2 fragment without forms, or hand out the HTML it gave for the same
    ``key`` before (within ``_KEPT_MAX`` fragments and ``_KEPT_CHARS`` characters per process,
    the least recently used first out).

    ``key`` holds every value the fragment shows, so a kept fragment is never out of date:
    a page that reads its figures in a few queries anyway saves the rendering of hundreds of
    rows when they are as they were (the progress of a period between two submissions)."""
    full_key = (template_name, translation.get_language(), key)
    with _kept_lock:
        html = _kept.get(full_key)
        if html is not None:
            _kept.move_to_end(full_key)
            return html
    html = render_fragment_shared(template_name, context)
    global _kept_chars
    with _kept_lock:
        if full_key not in _kept:
            _kept[full_key] = html
            _kept_chars += len(html)
        while len(_kept) > _KEPT_MAX or _kept_chars > _KEPT_CHARS:
            _kept_chars -= len(_kept.popitem(last=False)[1])
    return html


def render_fragment_shared(template_name: str, context: dict) -> str:
    """Render a Jinja2 fragment without forms as safe HTML, with no form token in its context:
    HTML handed to more than one person (core.kept_pages.shared) carries nothing of the one
    it was first made for."""
    template = engines["jinja2"].get_template(template_name)
    return mark_safe(template.template.render(context))  # noqa: S308 - autoescaped template


def render_fragment(template_name: str, context: dict, request) -> str:
    """Render a Jinja2 fragment (with ``csrf_token`` for its forms) as safe HTML."""
    return render_fragment_shared(template_name, {**context, "csrf_token": get_token(request)})
