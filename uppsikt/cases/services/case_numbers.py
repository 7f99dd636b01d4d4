"""Case numbers (docs/definitions.md §5): the format, a series' pattern and its row lock, and
the checks of a number typed by hand."""

from __future__ import annotations

import re
import string

from django.conf import settings
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.models import Body, Organisation

from ..models import RegisterSeries

DEFAULT_NUMBER_FORMAT = "{prefix}{yy}{number:04d}"

# A series counts far beyond any register's need, and within the counter the database keeps.
MAX_RUNNING_NUMBER = 999_999_999


def number_format() -> str:
    return getattr(settings, "UPPSIKT_CASE_NUMBER_FORMAT", DEFAULT_NUMBER_FORMAT)


def format_case_number(*, prefix: str, year: int, number: int) -> str:
    """``RS``, 2024, 1521 → ``RS241521``; past 9999 the number simply grows a digit."""
    return number_format().format(prefix=prefix, yy=f"{year % 100:02d}", yyyy=year, number=number)


def _number_pattern(*, prefix: str, year: int) -> re.Pattern:
    """A regular expression for the numbers of one series, its running number as a group."""
    pattern = ""
    for literal, field, spec, _conv in string.Formatter().parse(number_format()):
        pattern += re.escape(literal)
        if field is None:
            continue
        if field == "prefix":
            pattern += re.escape(prefix)
        elif field == "yy":
            pattern += f"{year % 100:02d}"
        elif field == "yyyy":
            pattern += str(year)
        elif field == "number":
            width = int(spec.strip("0d") or 1) if spec else 1
            pattern += rf"(?P<number>[0-9]{{{width},}})"
    return re.compile(pattern)


def _series_for_update(*, organisation: Organisation, prefix: str, year: int) -> RegisterSeries:
    # Insert the series row if missing (a concurrent insert waits, then does nothing), then lock
    # it: registrations in one series take their numbers one after the other.
    RegisterSeries.objects.bulk_create(
        [RegisterSeries(organisation=organisation, prefix=prefix, year=year)],
        ignore_conflicts=True,
    )
    return RegisterSeries.objects.select_for_update().get(
        organisation=organisation, prefix=prefix, year=year
    )


def _register_prefix(body: Body) -> str:
    prefix = body.effective_register_prefix
    if not prefix:
        raise DomainError(
            _("%(body)s har inget diarieprefix och kan inte registrera ärenden.")
            % {"body": body.name}
        )
    return prefix


def _typed_sequence(*, typed: str, prefix: str, year: int, last_number: int) -> int:
    """The running number of ``typed``, a case number typed by hand: it must belong to the
    series of ``prefix`` and ``year`` and come after ``last_number``, the last one taken."""
    match = _number_pattern(prefix=prefix, year=year).fullmatch(typed)
    if match is None:
        raise DomainError(
            _(
                "Diarienumret %(typed)s hör inte till serien %(prefix)s för %(year)s "
                "(formatet är t.ex. %(example)s)."
            )
            % {
                "typed": typed,
                "prefix": prefix,
                "year": year,
                "example": format_case_number(prefix=prefix, year=year, number=1),
            }
        )
    digits = match.group("number")
    if len(digits.lstrip("0")) > len(str(MAX_RUNNING_NUMBER)) or int(digits) > MAX_RUNNING_NUMBER:
        raise DomainError(
            _("Löpnumret i %(typed)s är för stort (högst %(max)s).")
            % {"typed": typed, "max": MAX_RUNNING_NUMBER}
        )
    sequence = int(digits)
    if sequence <= last_number or sequence == 0:
        raise DomainError(
            _(
                "Diarienumret %(typed)s bryter serien: senast tagna nummer är %(last)s, och "
                "ett nummer används aldrig två gånger."
            )
            % {
                "typed": typed,
                "last": format_case_number(prefix=prefix, year=year, number=last_number)
                if last_number
                else "–",
            }
        )
    return sequence
