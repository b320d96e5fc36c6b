"""``{{ value|day }}`` and ``{{ value|moment }}``: the same text as ``|date:"DATE_FORMAT"`` and
``|date:"DATETIME_FORMAT"``, remembered per value, time zone and language. A page that lists a
client's file formats a hundred dates, most of them the same few days, and Django formats each
anew (the format looked up and parsed, the month name translated): bench/portal.py."""

from __future__ import annotations

import functools
from datetime import date, datetime

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _format(value, format_name: str, language: str | None, zone: str) -> str:
    """``language`` and ``zone`` are part of the key only: Django reads both from the
    active settings, and the same instant reads differently in another zone."""
    return formats.date_format(value, format_name)


def clear() -> None:
    """Forget what was formatted (a translator's correction of a month name was loaded)."""
    _format.cache_clear()


@register.filter(expects_localtime=True, is_safe=False)
def day(value):
    """The day of ``value`` (a date, or a moment in the current time zone) in DATE_FORMAT."""
    if not isinstance(value, date):
        return ""
    if isinstance(value, datetime):
        value = value.date()  # already in the current time zone (expects_localtime)
    return _format(value, "DATE_FORMAT", get_language(), "")


@register.filter(expects_localtime=True, is_safe=False)
def moment(value):
    """``value`` (a moment, in the current time zone) in DATETIME_FORMAT."""
    if not isinstance(value, datetime):
        return ""
    # an aware moment equals the same instant in any zone: the zone's name is part of the key
    return _format(value, "DATETIME_FORMAT", get_language(), str(value.tzinfo))
