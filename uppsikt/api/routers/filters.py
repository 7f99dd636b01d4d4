"""The filters the routers share: a unit or a body by its code, a month as ``ÅÅÅÅ-MM``."""

from __future__ import annotations

import re

from .. import selectors
from ..access import bad_filter

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def unit_filter(request, code: str | None, name: str = "unit"):
    if code is None:
        return None
    found = selectors.unit_by_code(organisation=request.organisation, code=code)
    if found is None:
        raise bad_filter(name)
    return found


def body_filter(request, code: str | None, name: str = "body"):
    if code is None:
        return None
    found = selectors.body_by_code(organisation=request.organisation, code=code)
    if found is None:
        raise bad_filter(name)
    return found


def month_filter(text: str | None, name: str = "period") -> tuple[int, int] | None:
    """``2025-03`` → (2025, 3); None when not given; 422 when it is no month."""
    if text is None:
        return None
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise bad_filter(name)
    return int(match.group(1)), int(match.group(2))
