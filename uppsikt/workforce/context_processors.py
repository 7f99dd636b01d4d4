"""The staff-indicator link in the navigation, for those who may see the figures."""

from uppsikt.organisation.permissions import has_permission_anywhere


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_workforce": has_permission_anywhere(user, "workforce.view")}
