"""The parts of every page around its content."""

from __future__ import annotations

from django import template

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
