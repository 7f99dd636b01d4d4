"""What the finance services share: amounts in öre and the month a forecast is made."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError


def _check_as_of(year: int, as_of: tuple[int, int]) -> None:
    """A forecast is made at the end of a month of the year it forecasts."""
    if as_of[0] != year or not 1 <= as_of[1] <= 12:
        raise DomainError(_("Prognosmånaden måste ligga i prognosåret."))


def _ore(amount: Decimal) -> int:
    if not Decimal(amount).is_finite() or abs(Decimal(amount)) >= 10**12:
        raise DomainError(_("Beloppet är orimligt stort."))
    value = Decimal(amount) * 100
    if value != value.to_integral_value():
        raise DomainError(_("Belopp anges i kronor med högst två decimaler."))
    return int(value)
