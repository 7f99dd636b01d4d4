"""The period of a batch row, from how a client writes it: a year, a tertial, a quarter, a
month, or one day."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PATTERN = re.compile(r"^([0-9]{4})(?:-(?:([0-9]{2})|T([1-3])|Q([1-4])))?$")


def period_bounds(period: str) -> tuple[dt.date, dt.date] | None:
    """``2025`` → the year; ``2025-T2`` → May–August; ``2025-Q1`` → January–March;
    ``2025-03`` → March. ``None`` when it is none of them."""
    match = _PATTERN.fullmatch(period)
    if match is None:
        return None
    year = int(match.group(1))
    if year < 1900 or year > 2200:
        return None
    month, tertial, quarter = match.group(2), match.group(3), match.group(4)
    if month is not None:
        first = last = int(month)
        if not 1 <= first <= 12:
            return None
    elif tertial is not None:
        first = (int(tertial) - 1) * 4 + 1
        last = first + 3
    elif quarter is not None:
        first = (int(quarter) - 1) * 3 + 1
        last = first + 2
    else:
        first, last = 1, 12
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
