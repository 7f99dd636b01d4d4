"""The navigation every page shows: the organisation's bodies and förvaltningar."""

from django.db.models import Q
from django.http import Http404

from . import reference
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
    return {
        **admin,
        "nav_organisation": organisation,
        "nav_tree": True,
        **reference.remembered(("menu", organisation.pk), lambda: _menu(organisation)),
    }


def _menu(organisation) -> dict:
    """The menu's bodies (subcommittees aside) and förvaltningar, as names and addresses."""
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
        "nav_bodies": [
            reference.MenuEntry(b.name, b.get_absolute_url())
            for b in bodies.order_by("position", "name").only("code", "name")
        ],
        "nav_units": [
            reference.MenuEntry(u.name, u.get_absolute_url())
            for u in administrations.order_by("position", "name").only("code", "name")
        ],
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
    checksum = reference.remembered(
        ("logo", organisation.pk),
        lambda: (
            DocumentTemplate.objects.filter(
                scope=doc_logo.logo_scope(document_scope(organisation.pk)), active=True
            )
            .values_list("checksum", flat=True)
            .first()
        ),
    )
    if not checksum:
        return {}
    from django.urls import reverse

    return {
        "brand_logo_url": f"{reverse('organisation:logo')}?v={checksum[:12]}",
        "brand_logo_alt": organisation.name,
    }
