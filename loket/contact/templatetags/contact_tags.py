"""The contact work queue's rows, written in Python: the queue shows 50 questions a page and
the template language's cost per cell was most of the page's CPU (bench/load_profile.py).
The output is exactly that of the loop it replaced (tests/contact/test_queue_rows.py)."""

from functools import cache

from django import template
from django.template.defaultfilters import date as date_filter, truncatechars
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from loket.core.rows import count_text, url_maker

register = template.Library()

_ROW = (
    '<tr class="utrecht-table__row">\n'
    '    <td class="utrecht-table__cell"><a class="utrecht-link" href="{url}">{reference}</a> {subject}</td>\n'
    '    <td class="utrecht-table__cell">{client}</td>\n'
    '    <td class="utrecht-table__cell">{topic}</td>\n'
    '    <td class="utrecht-table__cell">{channel}</td>\n'
    '    <td class="utrecht-table__cell">{contacts}</td>\n'
    '    <td class="utrecht-table__cell">{due}</td>\n'
    '    <td class="utrecht-table__cell">{overdue}</td>\n'
    '    <td class="utrecht-table__cell">{owner}</td>\n'
    "  </tr>"
)


def _overdue(days: int) -> str:
    if not days:
        return "—"
    text = count_text("%(n)s day overdue", "%(n)s days overdue", days)
    return f'<span class="loket-overdue">{text}</span>'


@register.simple_tag
def question_rows(questions):
    """The queue's rows: questions with ``contact_count``, ``days_overdue``, ``topic_label``
    and ``channel_label`` set (contact.views.queue)."""
    url = url_maker("desk:contact:question")
    to_confirm = gettext("to be confirmed")  # outside the f-string, where makemessages finds it
    to_confirm = f"<em>{conditional_escape(to_confirm)}</em>"
    due = cache(lambda day: conditional_escape(date_filter(day, "j M Y")))
    overdue = cache(_overdue)
    out = []
    for q in questions:
        owner = q.owner.get_username() if q.owner is not None else ""
        out.append(
            _ROW.format(
                url=conditional_escape(url(q.pk)),
                reference=conditional_escape(q.reference),
                subject=conditional_escape(truncatechars(q.subject, 60)),
                client=conditional_escape(str(q.client)) if q.client is not None else to_confirm,
                topic=conditional_escape(q.topic_label),
                channel=conditional_escape(q.channel_label),
                contacts=conditional_escape(localize(q.contact_count)),
                due=due(q.due_on),
                overdue=overdue(q.days_overdue),
                owner=conditional_escape(owner) if owner else "—",
            )
        )
    return mark_safe("".join(out))
