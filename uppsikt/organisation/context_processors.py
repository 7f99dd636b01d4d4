"""The navigation every page shows: the organisation's bodies and förvaltningar."""

from django.db.models import Q
from django.http import Http404

from .models import Body, Unit
from .permissions import has_permission_anywhere
from .tenancy import organisation_of


def navigation(request):
    try:
        organisation = organisation_of(request)
    except Http404:  # the host name belongs to no organisation: the 404 page, without menus
        return {}
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        # the public sees the organisation's name in the header, and no menus
        return {"nav_organisation": organisation}
    admin = {
        "nav_manage": has_permission_anywhere(request.user, "organisation.manage"),
        "nav_audit": has_permission_anywhere(request.user, "audit.view"),
        "nav_finance": has_permission_anywhere(request.user, "finance.view"),
    }
    if organisation is None or not has_permission_anywhere(request.user, "organisation.view"):
        return {"nav_organisation": organisation, **admin}
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
        **admin,
        "nav_organisation": organisation,
        "nav_tree": True,
        "nav_bodies": list(bodies.order_by("position", "name").only("code", "name", "kind")),
        "nav_units": list(administrations.order_by("position", "name").only("code", "name")),
    }


def brand(request):
    """The organisation's own logo in the site's header, for everyone (the front door too):
    its address with the logo's checksum, so a new logo is fetched at once; empty without one."""
    from uppsikt.documents import logo as doc_logo
    from uppsikt.documents.models import DocumentTemplate

    from .tenancy import document_scope

    try:
        organisation = organisation_of(request)
    except Http404:
        return {}
    if organisation is None:
        return {}
    checksum = (
        DocumentTemplate.objects.filter(
            scope=doc_logo.logo_scope(document_scope(organisation.pk)), active=True
        )
        .values_list("checksum", flat=True)
        .first()
    )
    if not checksum:
        return {}
    from django.urls import reverse

    return {
        "brand_logo_url": f"{reverse('organisation:logo')}?v={checksum[:12]}",
        "brand_logo_alt": organisation.name,
    }
