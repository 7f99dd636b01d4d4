"""Shared by the workforce commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from uppsikt.organisation.models import Organisation


def organisation_for(slug: str | None) -> Organisation:
    if slug:
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"Organisationen {slug} finns inte.") from exc
    count = Organisation.objects.count()
    if count == 0:
        raise CommandError(
            "Ingen organisation finns; läs in enheterna först (uppsikt import units)."
        )
    if count > 1:
        raise CommandError("Det finns flera organisationer: ange --organisation KORTNAMN.")
    return Organisation.objects.get()
