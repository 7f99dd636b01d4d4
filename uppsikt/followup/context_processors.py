"""The planning and follow-up links in the navigation."""

from uppsikt.organisation.permissions import has_permission_anywhere


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_planning": has_permission_anywhere(user, "planning.view"),
        "nav_followup": has_permission_anywhere(user, "planning.view"),
    }
