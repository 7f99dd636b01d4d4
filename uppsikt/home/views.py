"""``/``: the signed-in person's home (what waits for them, by their roles), or for the
public the organisation's front door (the notice board and the latest published minutes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone

from uppsikt.core.jinja import render_fragment
from uppsikt.core.kept_pages import kept_page
from uppsikt.meetings import selectors as meetings
from uppsikt.notifications import selectors as notifications
from uppsikt.organisation.permissions import has_permission
from uppsikt.organisation.tenancy import organisation_of

from .sections import home_sections


@kept_page
@login_not_required
def home(request):
    organisation = organisation_of(request)
    if not request.user.is_authenticated:
        return front_door(request, organisation)
    if not has_permission(request.user, "organisation.view"):
        return render(request, "organisation/no_role.html")
    if organisation is None:
        return render(request, "organisation/empty.html")
    today = timezone.localdate()
    sections = home_sections(request, organisation=organisation, today=today)
    return render(
        request,
        "home/home.html",
        {
            "organisation": organisation,
            "sections": sections,
            "sections_html": render_fragment(
                "home/sections.html", {"sections": sections, "today": today}, request
            ),
            "today": today,
            "latest_notifications": notifications.latest_unread(
                user=request.user, organisation=organisation
            ),
        },
    )


def front_door(request, organisation):
    """What anyone may read: the organisation's name, the notice board, the latest published
    minutes, and the way in."""
    context = {"organisation": organisation, "notices": [], "minutes": []}
    if organisation is not None:
        context["notices"] = meetings.latest_notices(organisation=organisation)
        context["minutes"] = meetings.latest_published_minutes(organisation=organisation)
    return render(request, "home/front_door.html", context)
