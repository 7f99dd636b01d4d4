"""The API's reads for its administration page."""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Organisation

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
