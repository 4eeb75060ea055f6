"""Template filters that write dates, times and money the way the slips must show them.

Thin wrappers over ``paperwork.formatting``; blank for a missing value so a time not yet reached
(a result not returned yet) prints as an empty cell, never as "None".
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from motcua.paperwork import formatting

register = template.Library()


def _blank_if_none(function):
    def wrapper(value, *args):
        return "" if value is None or value == "" else function(value, *args)

    wrapper.__name__ = function.__name__
    return wrapper


@register.filter
@_blank_if_none
def short_date(value):
    return formatting.short_date(value)


@register.filter
@_blank_if_none
def time_and_date(value):
    return formatting.time_and_date(value)


@register.filter
@_blank_if_none
def hour_minute(value):
    return f"{formatting.local(value):%H:%M}"


@register.filter
@_blank_if_none
def long_date(value):
    return formatting.long_date(value)


@register.filter
@_blank_if_none
def money(value):
    return formatting.money(value)


@register.filter
@_blank_if_none
def two_digits(value):
    return formatting.two_digits(value)


@register.filter
@_blank_if_none
def vn_upper(value):
    """Capitals for agency names; Python's upper() handles Vietnamese letters and đ -> Đ."""
    return str(value).upper()


@register.filter
@_blank_if_none
def breakable_code(value):
    """A dossier code that may wrap after its hyphens in a narrow column (the tracking book)."""
    return mark_safe(escape(value).replace("-", "-<wbr>"))  # noqa: S308 - escaped just above
