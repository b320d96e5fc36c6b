"""Issue 16 item 4: the window in which contacts on one topic join a question is learned from
the register (the pauses between e-mails and the e-mails they answer), within a floor and a
ceiling, not fixed at 14 days."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from loket.contact.models import Contact, Question, QuestionWindow
from loket.contact.services import import_jsonl
from loket.contact.services.question_window import (
    CEILING_DAYS,
    MIN_REPLIES,
    current_window,
    estimate_window,
    forget_current,
    learn,
)
from tests.contact.conftest import at, line

pytestmark = pytest.mark.django_db

ALI = {"name": "Mohammed Ali", "email": "m.ali@example.org", "birth_date": "1990-05-12"}


@pytest.fixture(autouse=True)
def _fresh():
    forget_current()
    with time_machine.travel(at(2026, 9, 1, 12), tick=False):
        yield
    forget_current()


def threads_on_file(days_to_reply: float, n: int = MIN_REPLIES) -> None:
    """``n`` e-mails on file, each answered by the client ``days_to_reply`` days later."""
    start = at(2025, 1, 1, 9)
    question = Question.objects.create(
        channel="email", opened_at=start, last_contact_at=start, norm_days=5, due_on=start.date()
    )
    rows = []
    for i in range(n):
        sent = start + timedelta(days=i)
        rows.append(Contact(ref=f"m{i}", channel="email", received_at=sent, question=question, message_id=f"<m{i}@x>"))
        rows.append(
            Contact(
                ref=f"r{i}",
                channel="email",
                received_at=sent + timedelta(days=days_to_reply),
                question=question,
                message_id=f"<r{i}@x>",
                in_reply_to=f"<m{i}@x>",
            )
        )
    Contact.objects.bulk_create(rows)


def two_contacts_days_apart(receive, days: int):
    first = receive(ref="a", **ALI, topic="status", channel="web", received_at="2026-06-01T10:00:00+02:00")
    later = (at(2026, 6, 1, 10) + timedelta(days=days)).isoformat()
    second = receive(ref="b", **ALI, topic="status", channel="phone", received_at=later)
    return first.contact, second.contact


def test_a_register_of_slow_replies_keeps_a_question_open_for_them(receive):
    threads_on_file(days_to_reply=20)
    estimate = estimate_window()
    assert estimate.days >= 20
    first, second = two_contacts_days_apart(receive, 19)
    assert first.question_id == second.question_id


def test_a_register_of_quick_replies_keeps_the_short_window(receive):
    threads_on_file(days_to_reply=2)
    assert estimate_window().days == 14
    first, second = two_contacts_days_apart(receive, 19)
    assert first.question_id != second.question_id


def test_a_register_of_very_late_replies_is_held_to_the_ceiling():
    threads_on_file(days_to_reply=300)
    assert estimate_window().days == CEILING_DAYS
    assert current_window() == timedelta(days=CEILING_DAYS)


def test_too_few_replies_leave_the_window_in_use():
    threads_on_file(days_to_reply=20, n=MIN_REPLIES - 1)
    assert estimate_window() is None
    assert not QuestionWindow.objects.exists()
    assert current_window() == timedelta(days=14)


@override_settings(CONTACT_QUESTION_WINDOW_DAYS=30)
def test_the_setting_is_the_floor():
    assert learn([2.0] * MIN_REPLIES).days == 30
    assert learn([40.0] * MIN_REPLIES).days == 40


def test_the_import_groups_with_the_learned_window():
    threads_on_file(days_to_reply=20)
    out = io.StringIO()
    call_command("contact", "estimate-window", stdout=out)
    assert out.getvalue().strip() == "50 replies: 95% came within 20.0 days; the window is now 20.0 days"
    lines = [
        line(ref="a", **ALI, topic="status", channel="web", received_at="2026-06-01T10:00:00+02:00"),
        line(ref="b", **ALI, topic="status", channel="web", received_at="2026-06-19T10:00:00+02:00"),
    ]
    import_jsonl([json.dumps(one) for one in lines])
    assert Contact.objects.get(ref="a").question_id == Contact.objects.get(ref="b").question_id
