"""Numbers and ids from request input, parsed safely: only ASCII digits, within the range the
database keeps. Anything else is :class:`BadInput` (400, or a message where a view catches
domain errors) — never a ``ValueError``, an ``OverflowError`` or a database error.

Views never call ``int()`` on request data; they call these (or use a form field).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .exceptions import BadInput

# BigAutoField and BigIntegerField: a signed 64-bit integer.
MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")
INTEGER = re.compile(r"-?[0-9]{1,18}")


def parse_id(value, *, required: bool = True) -> int | None:
    """A database id (a positive integer) from request input.

    An empty value is ``None`` when not ``required``; anything that is not an id raises
    :class:`BadInput`.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise BadInput(_("Ett val saknas."))
        return None
    if not DIGITS.fullmatch(text) or not 0 < int(text) <= MAX_ID:
        raise BadInput(_("Ogiltigt val: %(value)s.") % {"value": text[:40]})
    return int(text)


def parse_ids(values: Iterable) -> list[int]:
    """Ids from a list of request values (a multiple choice); empty values are skipped."""
    return [i for i in (parse_id(v, required=False) for v in values) if i is not None]


def parse_int(value, *, minimum: int, maximum: int, default: int | None = None) -> int | None:
    """An integer between ``minimum`` and ``maximum`` from request input; ``default`` when empty."""
    text = "" if value is None else str(value).strip()
    if not text:
        return default
    if not INTEGER.fullmatch(text) or not minimum <= int(text) <= maximum:
        raise BadInput(
            _("Ange ett heltal från %(min)d till %(max)d.") % {"min": minimum, "max": maximum}
        )
    return int(text)
