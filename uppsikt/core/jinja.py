"""The Jinja2 environment, for the few fragments rendered many times per request (a to-do list
of forty forms): Jinja2 compiles templates to Python and renders them several times faster than
the Django template language. Pages themselves stay Django templates; a fragment is rendered
with ``render_fragment`` and placed in its page as HTML.

Translations use Django's catalogues (``{{ _("…") }}``, which ``makemessages`` also finds),
and the Swedish formatting filters are the same functions as in ``core.templatetags.sv``.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from jinja2 import Environment

from uppsikt.core.templatetags import sv


def environment(**options) -> Environment:
    options.pop("autoescape", None)
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True, **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.globals["url"] = lambda name, *args: reverse(name, args=args)
    for name in ("money", "money_signed", "percent", "percent_signed", "number", "sv_date"):
        env.filters[name] = getattr(sv, name)
    return env


def render_fragment(template_name: str, context: dict, request) -> str:
    """Render a Jinja2 fragment (with ``csrf_token`` for its forms) as safe HTML."""
    template = engines["jinja2"].get_template(template_name)
    context = {**context, "csrf_token": get_token(request)}
    return mark_safe(template.template.render(context))  # noqa: S308 - autoescaped template
