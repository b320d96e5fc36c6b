"""Item 3 of the brief: a service norm per channel and topic, due dates from the
project's calendar (working days: weekends and Dutch public holidays skipped), and a work
queue sorted by deadline that shows breaches."""

import json
from datetime import date

import pytest
import time_machine

from loket.contact.inputs import clean_contact
from loket.contact.models import Contact, ServiceNorm, Task
from loket.contact.selectors import overdue_days, work_queue
from loket.contact.services import record_call
from tests.contact.conftest import at, line

pytestmark = pytest.mark.django_db
ALI = {"name": "Mohammed Ali", "email": "m.ali@example.org"}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 20, 12), tick=False):
        yield


@pytest.mark.parametrize(
    "channel,received,due",
    [
        ("email", "2026-06-05T10:00:00+02:00", date(2026, 6, 12)),  # Friday + 5 working days
        ("email", "2026-05-13T10:00:00+02:00", date(2026, 5, 21)),  # Ascension Day (14 May) is skipped
        ("web", "2026-06-05T10:00:00+02:00", date(2026, 6, 12)),
        ("phone", "2026-06-05T10:00:00+02:00", date(2026, 6, 9)),  # call-back norm: 2 working days
        ("letter", "2026-06-05T10:00:00+02:00", date(2026, 6, 19)),  # 10 working days
        ("email", "2026-06-07T23:30:00+00:00", date(2026, 6, 15)),  # Monday 01:30 in Amsterdam, not Sunday
    ],
)
def test_due_date_by_the_norm_of_the_channel(receive, channel, received, due):
    question = receive(ref="x", channel=channel, received_at=received, topic="status", **ALI).contact.question
    assert question.due_on == due


def test_the_day_counts_in_the_services_zone_whatever_zone_is_active(receive):
    """A request that activated another time zone (a client abroad, say) still counts the
    norm from the day in Amsterdam: Sunday 19:30 in New York is Monday 01:30 there."""
    from django.utils import timezone

    with timezone.override("America/New_York"):
        question = receive(ref="x", received_at="2026-06-07T23:30:00+00:00", topic="status", **ALI).contact.question
    assert question.due_on == date(2026, 6, 15)


def test_a_norm_per_topic_overrides_the_channel_norm(receive):
    ServiceNorm.objects.create(channel="email", topic="naturalisation", working_days=10)
    q1 = receive(ref="a", received_at="2026-06-05T10:00:00+02:00", topic="naturalisation", **ALI).contact.question
    q2 = receive(
        ref="b", received_at="2026-06-05T10:00:00+02:00", topic="fees", name="Sara", email="sara@example.org"
    ).contact.question
    assert (q1.norm_days, q1.due_on) == (10, date(2026, 6, 19))
    assert (q2.norm_days, q2.due_on) == (5, date(2026, 6, 12))


def test_a_norm_changed_in_the_admin_applies_to_new_questions(receive):
    ServiceNorm.objects.filter(channel="email", topic="").update(working_days=3)
    assert receive(ref="a", received_at="2026-06-05T10:00:00+02:00", **ALI).contact.question.due_on == date(2026, 6, 10)


def test_a_promised_call_back_brings_the_deadline_forward(receive, agent):
    email = receive(ref="a", received_at="2026-06-18T10:00:00+02:00", topic="status", **ALI)
    assert email.contact.question.due_on == date(2026, 6, 25)
    data = clean_contact(
        line(channel="phone", received_at="2026-06-19T09:00:00+02:00", topic="status", call_outcome="callback", **ALI),
        require_ref=False,
    )
    call = record_call(actor=agent, data=data)
    assert call.contact.question_id == email.contact.question_id
    call.contact.question.refresh_from_db()
    assert call.contact.question.due_on == date(2026, 6, 23)  # 2 working days after Friday 19 June
    task = Task.objects.get()
    assert (task.kind, task.due_on, task.assigned_to) == ("callback", date(2026, 6, 23), agent)


def test_a_call_back_cannot_be_promised_for_the_past(agent):
    from django.core.exceptions import ValidationError

    data = clean_contact(
        line(channel="phone", received_at="2026-06-19T09:00:00+02:00", call_outcome="callback", **ALI),
        require_ref=False,
    )
    data.callback_by = date(2026, 6, 1)
    with pytest.raises(ValidationError):
        record_call(actor=agent, data=data)


def test_the_queue_is_sorted_by_deadline_and_shows_breaches(receive, agent):
    receive(ref="letter", channel="letter", received_at="2026-06-05T10:00:00+02:00", name="A", body="leges")
    receive(ref="mail", received_at="2026-06-05T10:00:00+02:00", topic="status", **ALI)
    receive(
        ref="call", channel="phone", received_at="2026-06-18T10:00:00+02:00", topic="fees", name="B", phone="0611111111"
    )
    queue = list(work_queue(agent, today=date(2026, 6, 20)))
    assert [q.due_on for q in queue] == [date(2026, 6, 12), date(2026, 6, 19), date(2026, 6, 22)]
    assert [overdue_days(q, date(2026, 6, 20)) for q in queue] == [8, 1, 0]


def test_queue_filters(receive, agent, make_user):
    from loket.contact.services import take_question

    mail = receive(ref="mail", received_at="2026-06-05T10:00:00+02:00", topic="status", **ALI)
    receive(
        ref="call", channel="phone", received_at="2026-06-19T10:00:00+02:00", topic="fees", name="B", phone="0611111111"
    )
    take_question(question=mail.contact.question, actor=agent)
    today = date(2026, 6, 20)
    assert [q.channel for q in work_queue(agent, channel="phone", today=today)] == ["phone"]
    assert [q.topic for q in work_queue(agent, topic="status", today=today)] == ["status"]
    assert [q.pk for q in work_queue(agent, overdue=True, today=today)] == [mail.contact.question_id]
    assert [q.pk for q in work_queue(agent, mine=True, today=today)] == [mail.contact.question_id]


@pytest.mark.parametrize("batch_size", [1, 10])
def test_an_imported_call_back_promise_is_kept_as_at_the_desk(db, batch_size):
    """An import stores a phone contact whose caller was promised a call-back as intake does:
    the question is due by then, and the call-back is a task (whether the question is new,
    joined in the same batch, or one of an earlier batch)."""
    from loket.contact.services import import_jsonl

    rows = [
        line(ref="a", received_at="2026-06-18T10:00:00+02:00", topic="status", **ALI),
        line(ref="b", channel="phone", received_at="2026-06-19T09:00:00+02:00", topic="status",
             call_outcome="callback", **ALI),
        line(ref="c", channel="phone", received_at="2026-06-19T11:00:00+02:00", topic="fees", name="B",
             phone="0611111111", call_outcome="callback"),
    ]  # fmt: skip
    report = import_jsonl([json.dumps(row) + "\n" for row in rows], batch_size=batch_size)
    assert report.bad == [] and report.stored == 3
    status, fees = (Contact.objects.get(ref=ref).question for ref in ("b", "c"))
    assert status == Contact.objects.get(ref="a").question
    assert status.due_on == fees.due_on == date(2026, 6, 23)  # 2 working days after Friday 19 June
    tasks = sorted(Task.objects.values_list("question_id", "kind", "due_on", "assigned_to"))
    assert tasks == sorted([(q.pk, "callback", date(2026, 6, 23), None) for q in (status, fees)])
