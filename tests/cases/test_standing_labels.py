"""The queue's days left and penalty, written in Python for speed, read exactly as the
templates they replaced did, in Dutch and English."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings, strategies as st

from loket.cases.selectors import Standing

# The two included templates as they were (cases/_days.html and cases/_penalty.html).
OLD_DAYS = Template(
    '{% load i18n %}{% if s.days_left is None %}{% translate "no statutory period" %}{% elif s.days_left < 0 %}'
    '<span class="loket-overdue">{% blocktranslate count n=s.days_late %}{{ n }} day late{% plural %}{{ n }} days '
    "late{% endblocktranslate %}</span>{% else %}{% blocktranslate count n=s.days_left %}{{ n }} day left"
    "{% plural %}{{ n }} days left{% endblocktranslate %}{% endif %}"
)
OLD_PENALTY = Template(
    "{% load i18n %}{% if s.penalty_owed %}€ {{ s.penalty_owed|floatformat:0 }} ({% blocktranslate count "
    "n=s.penalty_days %}{{ n }} day{% plural %}{{ n }} days{% endblocktranslate %}){% elif s.notice_on %}"
    '{% blocktranslate with day=s.notice_on|date:"j M Y" %}notice of default {{ day }}, none owed yet'
    "{% endblocktranslate %}{% else %}—{% endif %}"
)
NEW = Template("{% load cases_tags %}{{ s|days_text }}|{{ s|penalty_text }}")

standings = st.builds(
    Standing,
    due_on=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    days_left=st.none() | st.integers(min_value=-5000, max_value=5000),
    penalty_days=st.integers(min_value=0, max_value=5000),
    penalty_owed=st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2),
    notice_on=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)


@settings(max_examples=200, deadline=None)
@given(s=standings, language=st.sampled_from(["nl", "en"]))
def test_days_and_penalty_read_as_the_templates_did(s, language):
    with translation.override(language):
        old = OLD_DAYS.render(Context({"s": s})) + "|" + OLD_PENALTY.render(Context({"s": s}))
        assert NEW.render(Context({"s": s})) == old


def test_a_late_case_reads_in_dutch():
    s = Standing(date(2026, 1, 1), -3, 3, Decimal("69.00"), date(2025, 12, 20) + timedelta(days=1))
    with translation.override("nl"):
        assert NEW.render(Context({"s": s})) == '<span class="loket-overdue">3 dagen te laat</span>|€ 69 (3 dagen)'


# The queue's rows as cases/queue.html's loop wrote them, before the queue_rows tag.
OLD_ROWS = Template(
    '{% load cases_tags %}{% for case in rows %}<tr class="utrecht-table__row">\n'
    '    <th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" '
    "href=\"{% url 'desk:cases:detail' case.pk %}\">{{ case.reference }}</a></th>\n"
    '    <td class="utrecht-table__cell">{{ case.get_kind_display }}, {{ case.get_track_display }}</td>\n'
    '    <td class="utrecht-table__cell">{{ case.team }}</td>\n'
    '    <td class="utrecht-table__cell">{{ case.client|default:"—" }}</td>\n'
    '    <td class="utrecht-table__cell">{{ case.current_status|status_label }}</td>\n'
    '    <td class="utrecht-table__cell">{{ case.standing.due_on|date:"j M Y"|default:"—" }}</td>\n'
    '    <td class="utrecht-table__cell">{{ case.standing|days_text }}</td>\n'
    '    <td class="utrecht-table__cell">{{ case.standing|penalty_text }}</td>\n'
    "  </tr>{% endfor %}"
)


def test_the_queue_rows_read_as_the_template_did():
    from loket.cases.models import Case
    from loket.clients.models import Client
    from loket.core.models import OrgUnit

    team = OrgUnit(code="T&1", name='Team <"Bezwaar"> & co')
    rows = []
    for pk, (client, status, s) in enumerate(
        [
            (
                Client(display_name="<b>Amal</b> & Haddad"),
                "received",
                Standing(date(2026, 3, 1), 12, 0, Decimal(0), None),
            ),
            (None, "in_progress", Standing(None, None, 0, Decimal(0), None)),
            (
                Client(pk=7, display_name=""),
                "no-such-status",
                Standing(date(2026, 1, 1), -3, 3, Decimal("69.5"), date(2025, 12, 21)),
            ),
            (Client(display_name="Olena"), None, Standing(date(2026, 2, 1), -1, 0, Decimal(0), date(2026, 2, 3))),
        ],
        start=1,
    ):
        case = Case(pk=pk, reference=f"Z-{pk}<&>", kind="objection", track="asylum", team=team, client=client)
        case.current_status, case.standing = status, s
        rows.append(case)
    for language in ("nl", "en"):
        with translation.override(language):
            new = Template("{% load cases_tags %}{% queue_rows rows %}").render(Context({"rows": rows}))
            assert new == OLD_ROWS.render(Context({"rows": rows}))
