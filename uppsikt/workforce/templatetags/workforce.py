"""Template filters for staff figures: a suppressed figure shows "–" with a footnote mark.

{{ value|staff_percent:2 }}   {{ hours|staff_number }}
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from uppsikt.core import formatting

register = template.Library()


def _suppressed():
    return format_html(
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>'
        '<sup class="footnote-mark" aria-hidden="true">1</sup>',
        formatting.DASH,
        _("visas inte, se not 1"),
    )


@register.filter
def staff_percent(value, decimals=2):
    if value is None:
        return _suppressed()
    return formatting.format_percent(value, int(decimals))


@register.filter
def staff_number(value, decimals=0):
    if value is None:
        return _suppressed()
    return formatting.format_number(value, int(decimals))


@register.filter
def lookup(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)
