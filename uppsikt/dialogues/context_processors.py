"""The dialogues' link in the navigation."""

from uppsikt.organisation.permissions import has_permission_anywhere


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_dialogues": has_permission_anywhere(user, "dialogues.view")}
