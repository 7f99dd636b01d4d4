"""Template filters for Swedish formatting; builtin in every template.

{{ amount|money:"tkr" }}   {{ variance|money_signed:"mnkr" }}
{{ share|percent:2 }}      {{ change|percent_signed:1 }}
{{ count|number }}         {{ day|sv_date }}
{{ text|unbroken_dates }}
"""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from uppsikt.core import formatting

register = template.Library()


@register.filter
def money(value, unit="tkr"):
    return formatting.format_money(value, unit)


@register.filter
def money_signed(value, unit="tkr"):
    return formatting.format_money(value, unit, signed=True)


@register.filter
def percent(value, decimals=1):
    return formatting.format_percent(value, int(decimals))


@register.filter
def percent_signed(value, decimals=1):
    return formatting.format_percent(value, int(decimals), signed=True)


@register.filter
def number(value, decimals=0):
    return formatting.format_number(value, int(decimals))


@register.filter
def sv_date(value):
    return formatting.format_date(value)


@register.filter
def money_figure(value, unit="mnkr"):
    """The number alone, for a table whose caption states the unit: ``−9,0``."""
    scale, decimals = formatting.MONEY_UNITS[unit]
    if value is None:
        return formatting.DASH
    return formatting.format_number(formatting.to_decimal(value) / scale, decimals)


@register.filter
def money_figure_signed(value, unit="mnkr"):
    scale, decimals = formatting.MONEY_UNITS[unit]
    if value is None:
        return formatting.DASH
    return formatting.format_number(formatting.to_decimal(value) / scale, decimals, signed=True)


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@register.filter(needs_autoescape=True)
def unbroken_dates(value, autoescape=True):
    """Free text (a record's description, a status) with each ISO date in it kept on one line:
    ``"Protokollsutdrag 2021-11-09 § 398"`` → ``Protokollsutdrag <span class="date">2021-11-09
    </span> § 398``, the text escaped."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(_ISO_DATE.sub(lambda m: f'<span class="date">{m.group(0)}</span>', text))  # noqa: S308 - escaped above; dates are digits
