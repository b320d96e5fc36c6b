"""The team lead's figures: reachability per channel per week, backlog by age, contacts
joined per question."""

from datetime import date

import pytest
import time_machine

from loket.contact import stats
from loket.contact.services import answer_question
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db


def person(n):
    return {"name": f"Client {n}", "email": f"c{n}@example.org"}


@pytest.fixture
def week(receive, agent, settings):
    """Week of Monday 1 June 2026: three e-mail questions (due Monday 8 June) and one web
    question; one e-mail answered on time, one late, one still open and overdue; a joined
    phone call adds a contact but no question."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(at(2026, 6, 1, 12), tick=False):
        on_time = receive(ref="e1", **person(1), topic="status", received_at="2026-06-01T09:00:00+02:00")
        late = receive(ref="e2", **person(2), topic="status", received_at="2026-06-01T09:00:00+02:00")
        receive(ref="e3", **person(3), topic="status", received_at="2026-06-01T09:00:00+02:00")
        receive(ref="w1", **person(4), topic="fees", channel="web", received_at="2026-06-01T09:00:00+02:00")
        receive(ref="p1", **person(1), topic="status", channel="phone", received_at="2026-06-01T11:00:00+02:00")
    with time_machine.travel(at(2026, 6, 5, 12), tick=False):
        answer_question(question=on_time.contact.question, actor=agent, text="Op tijd.")
    with time_machine.travel(at(2026, 6, 10, 12), tick=False):
        answer_question(question=late.contact.question, actor=agent, text="Te laat.")


def test_reachability_per_channel_per_week(week):
    figures = stats.reachability(weeks=2, today=date(2026, 6, 12))
    assert figures["weeks"] == [date(2026, 6, 1), date(2026, 6, 8)]
    email = next(s for s in figures["series"] if s["channel"] == "email")
    assert email["points"][0] == {"week": date(2026, 6, 1), "due": 3, "met": 1, "share": 33.3}
    assert email["points"][1]["due"] == 0 and email["points"][1]["share"] is None
    web = next(s for s in figures["series"] if s["channel"] == "web")
    assert web["points"][0]["due"] == 1 and web["points"][0]["share"] == 0.0


def test_a_question_not_yet_due_does_not_count_against_the_norm(week):
    # On its due day (8 June) the open e-mail question is not yet late: only the two answered count.
    figures = stats.reachability(weeks=2, today=date(2026, 6, 8))
    email = next(s for s in figures["series"] if s["channel"] == "email")
    assert (email["points"][0]["due"], email["points"][0]["share"]) == (2, 50.0)


def test_backlog_by_age(week):
    rows = {r["age"]: r for r in stats.backlog_by_age(today=date(2026, 6, 12))}
    assert rows["11–20"] == {"age": "11–20", "open": 2, "overdue": 2}
    assert sum(r["open"] for r in rows.values()) == 2


def test_contacts_per_question(week):
    figures = stats.contacts_per_question()
    assert figures["rows"][:2] == [{"contacts": "1", "questions": 3}, {"contacts": "2", "questions": 1}]
    assert (figures["questions"], figures["contacts"], figures["mean"]) == (4, 5, 1.25)
