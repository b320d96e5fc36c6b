"""``{{ value|day }}`` and ``{{ value|moment }}``: the same text as ``|date:"DATE_FORMAT"`` and
``|date:"DATETIME_FORMAT"``, remembered per value, time zone and language. A page that lists a
client's file formats a hundred dates, most of them the same few days, and Django formats each
anew (the format looked up and parsed, the month name translated): bench/portal.py."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

_MAX = 4096
_seen: dict[tuple, str] = {}


def clear() -> None:
    """Forget what was formatted (a translator's correction of a month name was loaded)."""
    _seen.clear()


def _formatted(value, format_name: str, key: tuple) -> str:
    key = (format_name, get_language(), *key)
    text = _seen.get(key)
    if text is None:
        if len(_seen) >= _MAX:
            _seen.clear()
        text = _seen[key] = formats.date_format(value, format_name)
    return text


@register.filter(expects_localtime=True, is_safe=False)
def day(value):
    """The day of ``value`` (a date, or a moment in the current time zone) in DATE_FORMAT."""
    if not isinstance(value, date):
        return ""
    if isinstance(value, datetime):
        value = value.date()  # already in the current time zone (expects_localtime)
    return _formatted(value, "DATE_FORMAT", (value,))


@register.filter(expects_localtime=True, is_safe=False)
def moment(value):
    """``value`` (a moment, in the current time zone) in DATETIME_FORMAT."""
    if not isinstance(value, datetime):
        return ""
    # an aware moment equals the same instant in any zone: the zone's name is part of the key
    return _formatted(value, "DATETIME_FORMAT", (value, str(value.tzinfo)))
