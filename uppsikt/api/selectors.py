"""The API's reads for its administration page."""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Body, Organisation, Person, Unit

from .models import ApiToken


def tokens_of(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(organisation=organisation)
        .select_related("owner", "created_by")
        .prefetch_related("units", "bodies")
        .order_by("-created_at", "-pk")
    )


def token_get(*, organisation: Organisation, pk: int) -> ApiToken:
    found = ApiToken.objects.filter(organisation=organisation, pk=pk).first()
    if found is None:
        raise NotFound("Nyckeln finns inte.")
    return found


# --- the endpoints' reads: each within the organisation, the lists in a stable order ------


def bodies(*, organisation: Organisation, modified_since=None) -> QuerySet[Body]:
    qs = Body.objects.filter(organisation=organisation).select_related("parent")
    return _since(qs, modified_since)


def body_by_code(*, organisation: Organisation, code: str) -> Body | None:
    return Body.objects.filter(organisation=organisation, code=code).first()


def units(*, organisation: Organisation, body: Body | None = None, modified_since=None):
    qs = Unit.objects.filter(organisation=organisation).select_related("parent", "body")
    if body is not None:
        qs = qs.filter(body=body)
    return _since(qs, modified_since)


def unit_by_code(*, organisation: Organisation, code: str) -> Unit | None:
    return (
        Unit.objects.filter(organisation=organisation, code=code)
        .select_related("parent", "body")
        .first()
    )


def people(*, organisation: Organisation, unit: Unit | None = None, modified_since=None):
    """Active people; the endpoint shows names, titles and units only."""
    qs = Person.objects.filter(organisation=organisation, is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return _since(qs, modified_since)


def _since(qs, modified_since):
    return qs.filter(updated_at__gte=modified_since) if modified_since else qs
