"""Which organisation a request or a command works in: the one way to find it (docs/adr/0009).

A request's organisation follows from its host name: ``UPPSIKT_ORGANISATIONS`` maps host names
to organisations' short names (``slug``). A database with one organisation needs no mapping:
every host name is that organisation's. With several, a host name that is not mapped answers
404; there is no "first organisation" to fall back on.

``OrganisationMiddleware`` (after the authentication middleware) sets ``request.organisation``,
found the first time a view asks for it, and opens the organisation context of
``core.current_organisation`` for the request, so that the permission checks count only the
roles held in this organisation and the audit trail knows whose a change is.

Commands name the organisation with ``--organisation`` (its short name), needed only when the
database holds several: ``organisation_for_command``.
"""

from __future__ import annotations

import copy
from functools import wraps

from django.conf import settings
from django.core.management.base import CommandError
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject

from uppsikt.core.current_organisation import organisation_context

from . import reference
from .models import Organisation

_UNRESOLVED = object()


def host_mapping() -> dict[str, str]:
    """Host name (lower case, without port) → organisation short name, from the setting."""
    return {
        host.strip().lower(): slug.strip()
        for host, slug in (getattr(settings, "UPPSIKT_ORGANISATIONS", None) or {}).items()
    }


def base_url_for(organisation: Organisation) -> str:
    """The address links in e-mail about ``organisation`` start with (no trailing slash).

    ``UPPSIKT_BASE_URL`` gives the scheme and port; with several organisations its host name is
    replaced by the first host name ``UPPSIKT_ORGANISATIONS`` maps to this organisation, so a
    link is always answered by the organisation it is about (an unmapped host name answers 404
    once there are several)."""
    from urllib.parse import urlsplit, urlunsplit

    base = (getattr(settings, "UPPSIKT_BASE_URL", "") or "").rstrip("/")
    hosts = sorted(host for host, slug in host_mapping().items() if slug == organisation.slug)
    if not base or not hosts:
        return base
    parts = urlsplit(base)
    netloc = hosts[0] + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def organisation_for_host(host: str) -> Organisation | None:
    """The organisation of a host name (``example.se`` or ``example.se:8000``); ``None`` when
    the database holds no organisation. Raises ``Http404`` for a host name that names none:
    mapped to a short name that does not exist, or not mapped while there are several."""
    domain, _port = split_domain_port(host)
    slug = host_mapping().get(domain or host.lower())
    if slug is not None:
        organisation = reference.organisation_copy(
            ("organisation", slug), lambda: Organisation.objects.filter(slug=slug).first()
        )
        if organisation is None:
            raise Http404(f"Organisationen {slug} finns inte.")
        return organisation
    found = reference.remembered(
        ("organisations",), lambda: tuple(Organisation.objects.order_by("pk")[:2])
    )
    if len(found) > 1:
        raise Http404("Adressen hör inte till någon organisation.")
    return copy.copy(found[0]) if found else None


def organisation_of(request) -> Organisation | None:
    """The request's organisation (found once per request), or ``None`` when the database holds
    none (a new installation); ``Http404`` for a host name that belongs to no organisation."""
    organisation = getattr(request, "_uppsikt_organisation", _UNRESOLVED)
    if organisation is _UNRESOLVED:
        organisation = organisation_for_host(request.get_host())
        request._uppsikt_organisation = organisation
    return organisation


def _required(request) -> Organisation:
    organisation = organisation_of(request)
    if organisation is None:
        raise Http404("Ingen organisation är inläst.")
    return organisation


def _id(request) -> int | None:
    """For ``core.current_organisation``: None when the host name names no organisation (no
    role counts there; the view answers 404 when it needs the organisation)."""
    try:
        organisation = organisation_of(request)
    except Http404:
        return None
    return organisation.pk if organisation is not None else None


class OrganisationMiddleware:
    """Sets ``request.organisation`` (found when first used; 404 when the host name belongs to
    no organisation or there is none) and works the request in that organisation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = SimpleLazyObject(lambda: _required(request))
        with organisation_context(lambda: _id(request)):
            return self.get_response(request)


def in_job_organisation(job):
    """For a background job's function (under ``@task()``): work in the organisation of its
    ``organisation_id`` argument, as the request that started it did, so that the checks in
    the services count only the roles held there."""

    @wraps(job)
    def run(*args, organisation_id: int, **kwargs):
        with organisation_context(lambda: organisation_id):
            return job(*args, organisation_id=organisation_id, **kwargs)

    return run


def document_scope(organisation_id: int) -> str:
    """An organisation's key in the documents app, which knows no organisations: the scope of
    its document template, and the first part of its documents' subjects (``7/RS/2024-UR1``),
    as two organisations may both have a body RS."""
    return str(organisation_id)


def organisation_for_command(slug: str | None) -> Organisation:
    """The organisation a command works on: the one ``--organisation`` names by its short name,
    or the only one there is. A ``CommandError`` in Swedish otherwise."""
    if slug:
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"Organisationen {slug} finns inte.") from exc
    organisations = list(Organisation.objects.order_by("slug"))
    if not organisations:
        raise CommandError(
            "Det finns ingen organisation: läs in enheter (uppsikt import units) "
            "eller demon (uppsikt demo) först."
        )
    if len(organisations) > 1:
        slugs = ", ".join(o.slug for o in organisations)
        raise CommandError(
            f"Det finns flera organisationer: ange --organisation KORTNAMN (ett av {slugs})."
        )
    return organisations[0]
