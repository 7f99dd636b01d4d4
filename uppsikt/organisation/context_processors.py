"""The navigation every page shows: the organisation's bodies and förvaltningar."""

from django.db.models import Q

from .models import Body, Unit
from .selectors import organisation_current


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    organisation = organisation_current()
    if organisation is None:
        return {"nav_organisation": None}
    bodies = Body.objects.filter(organisation=organisation, is_active=True).exclude(
        kind=Body.Kind.SUBCOMMITTEE
    )
    administrations = Unit.objects.filter(
        Q(parent__isnull=True) | Q(kind=Unit.Kind.ADMINISTRATION),
        organisation=organisation,
        is_active=True,
        depth=0,
    )
    return {
        "nav_organisation": organisation,
        "nav_bodies": list(bodies.order_by("position", "name").only("code", "name", "kind")),
        "nav_units": list(administrations.order_by("position", "name").only("code", "name")),
    }
