"""Shared by the finance commands: choosing a unit and a month (the organisation:
``organisation.tenancy.organisation_for_command``)."""

from django.core.management.base import CommandError

from uppsikt.organisation.models import Organisation, Unit


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
