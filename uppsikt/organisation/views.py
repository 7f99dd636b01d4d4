"""Pages of the organisation: overview, bodies, units, people (thin views; the search is in reports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .models import Body, Person, Unit
from .permissions import has_permission, require_permission
from .tenancy import organisation_of


@require_permission("organisation.view")
def overview(request):
    """The organisation at a glance: its bodies and its unit tree."""
    organisation = organisation_of(request)
    if organisation is None:
        return render(request, "organisation/empty.html")
    return render(
        request,
        "organisation/home.html",
        {
            "organisation": organisation,
            "body_groups": selectors.bodies_by_kind(organisation=organisation),
            "tree": selectors.unit_tree(organisation=organisation),
        },
    )


@require_permission("organisation.view")
def body_list(request):
    organisation = request.organisation
    return render(
        request,
        "organisation/body_list.html",
        {
            "organisation": organisation,
            "body_groups": selectors.bodies_by_kind(organisation=organisation),
        },
    )


@require_permission("organisation.view")
def body_detail(request, code: str):
    organisation = request.organisation
    try:
        body = selectors.body_get(organisation=organisation, code=code)
    except Body.DoesNotExist as exc:
        raise Http404 from exc
    today = timezone.localdate()
    return render(
        request,
        "organisation/body_detail.html",
        {
            "organisation": organisation,
            "body": body,
            "seats": selectors.memberships_current(body=body, on=today),
            "today": today,
            "subcommittees": body.children.filter(is_active=True).order_by("position", "name"),
            "units": selectors.units_serving(body=body),
            "can_archive": has_permission(request.user, "archive.export", body),
        },
    )


@require_permission("organisation.view")
def unit_list(request):
    organisation = request.organisation
    return render(
        request,
        "organisation/unit_list.html",
        {"organisation": organisation, "tree": selectors.unit_tree(organisation=organisation)},
    )


@require_permission("organisation.view")
def unit_detail(request, code: str):
    organisation = request.organisation
    try:
        unit = selectors.unit_get(organisation=organisation, code=code)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "organisation": organisation,
            "unit": unit,
            "ancestors": selectors.unit_ancestors(unit=unit),
            "children": selectors.unit_children(unit=unit),
            "tree": selectors.unit_tree(organisation=organisation, root=unit),
        },
    )


@require_permission("organisation.view")
def person_detail(request, pk: int):
    organisation = request.organisation
    try:
        person = selectors.person_get(organisation=organisation, pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "organisation/person_detail.html",
        {"organisation": organisation, "person": person, "today": timezone.localdate()},
    )


@login_not_required
def logo(request):
    """The organisation's own logo (PNG), open to all: the front door shows it too. 404 when
    it has uploaded none."""
    from django.http import HttpResponse

    from uppsikt.documents import logo as doc_logo
    from uppsikt.documents import selectors as doc_selectors

    from .tenancy import document_scope

    organisation = organisation_of(request)
    if organisation is None:
        raise Http404
    row = doc_selectors.template_current(scope=doc_logo.logo_scope(document_scope(organisation.pk)))
    if row is None:
        raise Http404
    response = HttpResponse(bytes(row.content), content_type="image/png")
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
