"""The work queue's rows, written by the question_rows tag, read exactly as the template loop
they replaced did, in Dutch and in English."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from loket.clients.models import Client
from loket.contact.models import Question
from loket.core.models import User

# The queue's rows as contact/queue.html's loop wrote them, before the question_rows tag.
OLD_ROWS = Template(
    '{% load i18n %}{% for q in page %}<tr class="utrecht-table__row">\n'
    '    <td class="utrecht-table__cell"><a class="utrecht-link" href="{% url \'desk:contact:question\' q.pk %}">'
    "{{ q.reference }}</a> {{ q.subject|truncatechars:60 }}</td>\n"
    '    <td class="utrecht-table__cell">{% if q.client %}{{ q.client }}{% else %}<em>{% translate "to be confirmed" %}'
    "</em>{% endif %}</td>\n"
    '    <td class="utrecht-table__cell">{{ q.topic_label }}</td>\n'
    '    <td class="utrecht-table__cell">{{ q.channel_label }}</td>\n'
    '    <td class="utrecht-table__cell">{{ q.contact_count }}</td>\n'
    '    <td class="utrecht-table__cell">{{ q.due_on|date:"j M Y" }}</td>\n'
    '    <td class="utrecht-table__cell">{% if q.days_overdue %}<span class="loket-overdue">{% blocktranslate count '
    "n=q.days_overdue %}{{ n }} day overdue{% plural %}{{ n }} days overdue{% endblocktranslate %}</span>{% else %}"
    "—{% endif %}</td>\n"
    '    <td class="utrecht-table__cell">{{ q.owner.get_username|default:"—" }}</td>\n'
    "  </tr>{% endfor %}"
)


def _questions():
    rows = []
    for pk, (client, owner, subject, due, count, overdue) in enumerate(
        [
            (
                Client(pk=3, display_name="<b>Amal</b> & Haddad"),
                User(username="agent<1>"),
                "Waar blijft mijn pas?",
                date(2026, 3, 1),
                1,
                0,
            ),
            (None, None, "<script> & " + "x" * 80, None, 12345, 1),
            (Client(pk=7, display_name=""), None, "", date(2026, 12, 24), 0, 23),
        ],
        start=1,
    ):
        q = Question(pk=pk, subject=subject, due_on=due, client=client, owner=owner)
        q.contact_count, q.days_overdue = count, overdue
        q.topic_label, q.channel_label = "status <aanvraag>", "e-mail & post"
        rows.append(q)
    return rows


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_question_rows_read_as_the_template_did(language):
    page = _questions()
    with translation.override(language):
        new = Template("{% load contact_tags %}{% question_rows page %}").render(Context({"page": page}))
        assert new == OLD_ROWS.render(Context({"page": page}))
    assert "&lt;script&gt;" in new and "<script>" not in new


def test_an_overdue_question_reads_in_dutch():
    with translation.override("nl"):
        new = Template("{% load contact_tags %}{% question_rows page %}").render(Context({"page": _questions()[2:]}))
    assert '<span class="loket-overdue">23 dagen te laat</span>' in new
    assert "<em>nog te bevestigen</em>" not in new  # a client without a name is still a client
