"""Helpers for pages that write many rows in Python (the case and contact queues, My Loket):
what a template would do per row, done once per page."""

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import ngettext


def url_maker(name: str):
    """``reverse(name, args=[pk])`` for every row of a list at the price of one reverse()."""
    mark = 987654321987
    head, _, tail = reverse(name, args=[mark]).rpartition(str(mark))
    return lambda pk: f"{head}{int(pk)}{tail}"


def count_text(singular: str, plural: str, n: int) -> str:
    """As {% blocktranslate count n=… %}{{ n }} …: the number localised and escaped."""
    return ngettext(singular, plural, n) % {"n": conditional_escape(localize(n))}
