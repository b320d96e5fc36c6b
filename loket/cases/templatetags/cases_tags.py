"""Labels for the codes of a case in templates (the status annotated by a subquery has no
get_…_display), and a case's days left and penalty: written in Python because the queue shows
them on each of its 50 rows (two included templates a row were a fifth of its CPU); the
output is exactly that of the templates they replaced (tests/cases/test_standing_labels.py)."""

from functools import cache

from django import template
from django.template.defaultfilters import date as date_filter, floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from loket.core.rows import count_text, url_maker

from ..choices import Status
from ..models import Case

register = template.Library()


@register.filter
def status_label(code):
    try:
        return Status(code).label
    except ValueError:
        return code or "—"


@register.filter
def days_text(s):
    """The days left of a Standing, or how late it is."""
    if s.days_left is None:
        return mark_safe(gettext("no statutory period"))  # a template's own text: not escaped
    if s.days_left < 0:
        return format_html(
            '<span class="loket-overdue">{}</span>',
            mark_safe(count_text("%(n)s day late", "%(n)s days late", s.days_late)),
        )
    return mark_safe(count_text("%(n)s day left", "%(n)s days left", s.days_left))


@register.filter
def penalty_text(s):
    """The penalty a Standing owes, or the notice of default that starts it."""
    if s.penalty_owed:
        days = count_text("%(n)s day", "%(n)s days", s.penalty_days)
        return mark_safe(f"€ {conditional_escape(floatformat(s.penalty_owed, 0))} ({days})")
    if s.notice_on:
        day = conditional_escape(localize(date_filter(s.notice_on, "j M Y")))
        return mark_safe(gettext("notice of default %(day)s, none owed yet") % {"day": day})
    return mark_safe("—")


_ROW = (
    '<tr class="utrecht-table__row">\n'
    '    <th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" href="{url}">{reference}</a></th>\n'
    '    <td class="utrecht-table__cell">{kind}, {track}</td>\n'
    '    <td class="utrecht-table__cell">{team}</td>\n'
    '    <td class="utrecht-table__cell">{client}</td>\n'
    '    <td class="utrecht-table__cell">{status}</td>\n'
    '    <td class="utrecht-table__cell">{due}</td>\n'
    '    <td class="utrecht-table__cell">{days}</td>\n'
    '    <td class="utrecht-table__cell">{penalty}</td>\n'
    "  </tr>"
)


@register.simple_tag
def queue_rows(rows):
    """The queue's rows (cases with ``standing``), as the loop of cases/queue.html wrote them:
    the same markup, escaped the same way (tests/cases/test_standing_labels.py), without the
    template language's cost per cell and with each label made once per page."""
    url = url_maker("desk:cases:detail")  # reverse() per row cost 2 ms a page
    kinds = dict(Case._meta.get_field("kind").flatchoices)
    tracks = dict(Case._meta.get_field("track").flatchoices)
    # each label made once per page (functools.cache for this call only): 50 rows repeat a
    # few kinds, tracks, statuses, days and teams, and each label costs a translation lookup
    kind = cache(lambda value: conditional_escape(str(kinds.get(value, value))))
    track = cache(lambda value: conditional_escape(str(tracks.get(value, value))))
    status = cache(lambda code: conditional_escape(status_label(code)))
    due = cache(lambda day: conditional_escape(date_filter(day, "j M Y")) if day else "—")
    days = cache(lambda days_left, days_late: days_text(_Days(days_left, days_late)))
    owed = cache(lambda owed, days, notice: penalty_text(_Owed(owed, days, notice)))
    out = []
    for case in rows:
        s = case.standing
        out.append(
            _ROW.format(
                url=conditional_escape(url(case.pk)),
                reference=conditional_escape(case.reference),
                kind=kind(case.kind),
                track=track(case.track),
                team=conditional_escape(str(case.team)),
                client=conditional_escape(str(case.client) if case.client else "—"),
                status=status(case.current_status),
                due=due(s.due_on),
                days=days(s.days_left, s.days_late),
                penalty=owed(s.penalty_owed, s.penalty_days, s.notice_on),
            )
        )
    return mark_safe("".join(out))


class _Days:
    """What days_text reads of a Standing."""

    def __init__(self, days_left, days_late):
        self.days_left, self.days_late = days_left, days_late


class _Owed:
    """What penalty_text reads of a Standing."""

    def __init__(self, penalty_owed, penalty_days, notice_on):
        self.penalty_owed, self.penalty_days, self.notice_on = penalty_owed, penalty_days, notice_on
