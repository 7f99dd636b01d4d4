"""Shared by the finance commands: choosing the organisation and a unit."""

from django.core.management.base import CommandError

from uppsikt.organisation.models import Organisation, Unit


def organisation_for(slug: str | None) -> Organisation:
    if slug:
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"Organisationen {slug} finns inte.") from exc
    count = Organisation.objects.count()
    if count == 1:
        return Organisation.objects.get()
    if count == 0:
        raise CommandError(
            "Det finns ingen organisation: läs in enheter först (uppsikt import units)."
        )
    raise CommandError("Det finns flera organisationer: ange --organisation KORTNAMN.")


def unit_for(organisation: Organisation, code: str | None) -> Unit | None:
    if not code:
        return None
    try:
        return Unit.objects.get(organisation=organisation, code=code)
    except Unit.DoesNotExist as exc:
        raise CommandError(f"Enheten {code} finns inte.") from exc


def month_for(text: str) -> tuple[int, int]:
    from uppsikt.finance.selectors import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise CommandError(f"Ogiltig månad {text!r}: skriv ÅÅÅÅ-MM, t.ex. 2024-04.") from exc
