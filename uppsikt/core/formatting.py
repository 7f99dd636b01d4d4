"""Swedish number and date formatting, for every screen and document (docs/definitions.md §2).

Figures are computed unrounded and rounded once, here, half away from zero, to the figure's
own number of decimals. Thousands are separated by a non-breaking space, the decimal sign is a
comma, a negative number has a real minus sign (U+2212), and a signed figure shows ``+``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "\u2013"  # shown for a missing or suppressed figure

Number = Decimal | int | float

# A hyphen-minus that starts a number: at the start, after a space or an opening bracket, not
# inside a word, a date (2024-04-30), a range (1-14) or a code (RS-2024).
_TYPED_MINUS = re.compile(r"(?<![\w\-\u2212/.,])-(?=\d)")

MONEY_UNITS: dict[str, tuple[Decimal, int]] = {
    # unit: (kronor per unit, default decimals)
    "kr": (Decimal(1), 0),
    "tkr": (Decimal(1000), 0),
    "mnkr": (Decimal(1_000_000), 1),
}


def to_decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest decimal that round-trips: 11.045 stays 11.045.
        return Decimal(repr(value))
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise TypeError(f"not a number: {value!r}") from exc


def round_half_away(value: Number, decimals: int = 0) -> Decimal:
    """Round half away from zero (2,5 → 3; −2,5 → −3)."""
    exponent = Decimal(1).scaleb(-decimals)
    return to_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return NBSP.join(parts)


def format_number(value: Number | None, decimals: int = 0, *, signed: bool = False) -> str:
    """``14438`` → ``14 438``; ``-9`` with one decimal → ``−9,0``; signed ``14.4`` → ``+14,4``.

    A figure that rounds to zero is shown without a sign.
    """
    if value is None:
        return DASH
    if type(value) is int and decimals == 0:  # a count: nothing to round (the common case)
        if value == 0:
            return "0"
        body = _group(str(abs(value)))
        if value < 0:
            return MINUS + body
        return ("+" + body) if signed else body
    rounded = round_half_away(value, decimals)
    negative = rounded < 0
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    body = _group(whole) + ("," + fraction if fraction else "")
    if rounded == 0:
        return body
    if negative:
        return MINUS + body
    return ("+" + body) if signed else body


def format_money(
    value: Number | None, unit: str = "tkr", decimals: int | None = None, *, signed: bool = False
) -> str:
    """An amount in kronor shown in ``kr``, ``tkr`` or ``mnkr``: ``−9 000 000`` → ``−9,0 mnkr``."""
    if value is None:
        return DASH
    try:
        scale, default_decimals = MONEY_UNITS[unit]
    except KeyError as exc:
        raise ValueError(f"unknown money unit: {unit}") from exc
    places = default_decimals if decimals is None else decimals
    return f"{format_number(to_decimal(value) / scale, places, signed=signed)}{NBSP}{unit}"


def format_percent(value: Number | None, decimals: int = 1, *, signed: bool = False) -> str:
    """A percentage (already × 100): ``11.0496`` with two decimals → ``11,05 %``."""
    if value is None:
        return DASH
    return f"{format_number(value, decimals, signed=signed)}{NBSP}%"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """ISO dates, as Swedish documents write them: ``2024-04-30``; times in Europe/Stockholm."""
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def typographic_minus(text: str) -> str:
    """Typed text with the real minus sign where a person wrote a hyphen before a number:
    ``"Resultatet blev -9,0 mnkr (-2 %)"`` → ``"Resultatet blev −9,0 mnkr (−2 %)"``; dates,
    ranges and codes (``2024-04-30``, ``dag 1-14``, ``RS-2024``) keep their hyphen."""
    return _TYPED_MINUS.sub(MINUS, text)
