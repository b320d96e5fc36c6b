"""Labels for the codes of a case in templates (the status annotated by a subquery has no
get_…_display), and a case's days left and penalty: written in Python because the queue shows
them on each of its 50 rows (two included templates a row were a fifth of its CPU); the
output is exactly that of the templates they replaced (tests/cases/test_standing_labels.py)."""

from django import template
from django.template.defaultfilters import date as date_filter, floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from ..choices import Status

register = template.Library()


@register.filter
def status_label(code):
    try:
        return Status(code).label
    except ValueError:
        return code or "—"


def _count(singular: str, plural: str, n: int) -> str:
    """As {% blocktranslate count n=… %}: the number localised and escaped."""
    return ngettext(singular, plural, n) % {"n": conditional_escape(localize(n))}


@register.filter
def days_text(s):
    """The days left of a Standing, or how late it is."""
    if s.days_left is None:
        return mark_safe(gettext("no statutory period"))  # a template's own text: not escaped
    if s.days_left < 0:
        return format_html(
            '<span class="loket-overdue">{}</span>', mark_safe(_count("%(n)s day late", "%(n)s days late", s.days_late))
        )
    return mark_safe(_count("%(n)s day left", "%(n)s days left", s.days_left))


@register.filter
def penalty_text(s):
    """The penalty a Standing owes, or the notice of default that starts it."""
    if s.penalty_owed:
        days = _count("%(n)s day", "%(n)s days", s.penalty_days)
        return mark_safe(f"€ {conditional_escape(floatformat(s.penalty_owed, 0))} ({days})")
    if s.notice_on:
        day = conditional_escape(localize(date_filter(s.notice_on, "j M Y")))
        return mark_safe(gettext("notice of default %(day)s, none owed yet") % {"day": day})
    return mark_safe("—")
