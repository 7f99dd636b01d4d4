"""The header's counter of unread notifications."""

from django.http import Http404

from uppsikt.organisation.tenancy import organisation_of

from .selectors import unread_count


def counter(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    try:
        organisation = organisation_of(request)
    except Http404:
        return {}
    if organisation is None:
        return {}
    return {"notifications_unread": unread_count(user=request.user, organisation=organisation)}
