"""Item 2 of the brief: contacts from the same client about the same matter, on any
channel, join one question: the same thread, the same case reference, or the same topic
within a window."""

import pytest
import time_machine
from django.test import TestCase, override_settings

from loket.contact.models import Question
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db

ALI = {"name": "Mohammed Ali", "email": "m.ali@example.org", "birth_date": "1990-05-12"}
SARA = {"name": "Sara Haile", "email": "sara.h@example.org", "birth_date": "1985-02-01"}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 7, 1, 12), tick=False):
        yield


def test_same_topic_on_another_channel_joins(receive):
    email = receive(ref="e1", **ALI, subject="Verhuisd", body="Mijn nieuwe adres is Kerkstraat 1")
    call = receive(
        ref="p1",
        channel="phone",
        received_at="2026-06-02T09:00:00+02:00",
        topic="address",
        name="Muhammad Ali",
        email="m.ali@example.org",
        phone="0612345678",
    )
    visit = receive(
        ref="c1",
        channel="counter",
        received_at="2026-06-05T11:00:00+02:00",
        topic="address",
        phone="0612345678",
        name="Mohammed Ali",
    )
    assert email.contact.client_id == call.contact.client_id == visit.contact.client_id
    assert email.contact.question_id == call.contact.question_id == visit.contact.question_id
    assert (call.rule, visit.rule) == ("topic", "topic")
    assert Question.objects.count() == 1


def test_another_topic_is_another_question(receive):
    a = receive(ref="a", **ALI, topic="address", channel="web")
    b = receive(ref="b", **ALI, topic="fees", channel="web", received_at="2026-06-02T10:00:00+02:00")
    assert a.contact.question_id != b.contact.question_id


def test_another_client_is_another_question(receive):
    a = receive(ref="a", **ALI, topic="address", channel="web")
    b = receive(ref="b", **SARA, topic="address", channel="web")
    assert a.contact.client_id != b.contact.client_id
    assert a.contact.question_id != b.contact.question_id


def test_outside_the_window_is_a_new_question(receive):
    a = receive(ref="a", **ALI, topic="status", channel="web")
    b = receive(ref="b", **ALI, topic="status", channel="web", received_at="2026-06-16T10:00:01+02:00")
    c = receive(ref="c", **ALI, topic="status", channel="web", received_at="2026-06-20T10:00:00+02:00")
    assert a.contact.question_id != b.contact.question_id
    assert b.contact.question_id == c.contact.question_id


@override_settings(CONTACT_QUESTION_WINDOW_DAYS=30)
def test_the_window_is_configurable(receive):
    a = receive(ref="a", **ALI, topic="status", channel="web")
    b = receive(ref="b", **ALI, topic="status", channel="web", received_at="2026-06-25T10:00:00+02:00")
    assert a.contact.question_id == b.contact.question_id


def test_the_window_counts_from_the_last_contact(receive):
    for n, day in enumerate([1, 12, 23], start=1):
        last = receive(
            ref=f"r{n}", **ALI, topic="status", channel="web", received_at=f"2026-06-{day:02d}T10:00:00+02:00"
        )
    assert Question.objects.count() == 1
    assert last.contact.question.contacts.count() == 3


def test_same_case_reference_joins_a_letter_whose_sender_is_not_yet_confirmed(receive):
    a = receive(ref="a", **ALI, topic="fees", channel="web", case_ref="IND-2026-1")
    b = receive(
        ref="b",
        channel="letter",
        received_at="2026-06-08T10:00:00+02:00",
        name="Mr M. Aly",
        case_ref="IND-2026-1",
        body="Betreft de leges die ik betaalde",
    )
    assert b.rule == "case"
    assert a.contact.question_id == b.contact.question_id


def test_same_case_reference_on_another_topic_is_another_matter(receive):
    a = receive(ref="a", **ALI, topic="fees", channel="web", case_ref="IND-2026-1")
    b = receive(
        ref="b", **ALI, topic="document", channel="web", case_ref="IND-2026-1", received_at="2026-06-02T10:00:00+02:00"
    )
    assert a.contact.question_id != b.contact.question_id


def test_a_contact_of_unknown_topic_joins_its_case(receive):
    a = receive(ref="a", **ALI, topic="fees", channel="web", case_ref="IND-2026-1")
    b = receive(
        ref="b",
        **ALI,
        channel="letter",
        case_ref="IND-2026-1",
        body="Graag uw reactie.",
        received_at="2026-06-03T10:00:00+02:00",
    )
    assert b.contact.topic == "other" and b.contact.question_id == a.contact.question_id


def test_different_case_references_do_not_join_on_topic(receive):
    a = receive(ref="a", **ALI, topic="status", channel="web", case_ref="IND-2026-1")
    b = receive(ref="b", **ALI, topic="status", channel="web", case_ref="IND-2026-2")
    assert a.contact.question_id != b.contact.question_id


def test_a_reply_to_an_answered_question_follows_it_up(receive, agent):
    from loket.contact.services import answer_question

    first = receive(ref="a", **ALI, message_id="<q1@x>", subject="Status", body="Wanneer beslist u?")
    answer_question(question=first.contact.question, actor=agent, text="Binnen vier weken.")
    reply = receive(
        ref="b",
        **ALI,
        message_id="<q2@x>",
        in_reply_to="<q1@x>",
        received_at="2026-06-03T10:00:00+02:00",
        subject="Re: Status",
        body="Dank u, maar wanneer precies?",
    )
    assert reply.contact.question_id != first.contact.question_id
    assert reply.contact.question.follows_id == first.contact.question_id


def test_a_reply_to_our_answer_threads_back(receive, agent):
    from loket.contact.services import answer_question

    first = receive(ref="a", **ALI, message_id="<q1@x>", subject="Status", body="Wanneer beslist u?")
    answer = answer_question(question=first.contact.question, actor=agent, text="Binnen vier weken.")
    reply = receive(
        ref="b",
        email="other@example.org",
        name="Someone",
        in_reply_to=answer.message_id,
        message_id="<q3@x>",
        received_at="2026-06-03T10:00:00+02:00",
        body="Dank",
    )
    assert reply.contact.question.follows_id == first.contact.question_id


def test_joined_contacts_make_no_separate_work(receive, agent):
    from loket.contact.selectors import contact_counts, work_queue

    receive(ref="a", **ALI, topic="address", channel="web")
    receive(ref="b", **ALI, topic="address", channel="phone", received_at="2026-06-02T10:00:00+02:00")
    receive(ref="c", **ALI, topic="address", channel="email", received_at="2026-06-03T10:00:00+02:00")
    queue = list(work_queue(agent))
    assert len(queue) == 1 and contact_counts([queue[0].pk]) == {queue[0].pk: 3}


def test_a_contact_under_review_waits_for_its_client(receive, agent, under_review):
    """A name alone that resembles a client on file is for an agent to confirm; once the
    clients app's review is decided, the contact and its question get the client."""
    from loket.clients.models import ReviewItem
    from loket.clients.services import confirm_review

    a = receive(
        ref="a",
        name="Mohammed Ali",
        birth_date="1990-05-12",
        nationality="SY",
        topic="status",
        channel="web",
        email="m.ali@example.org",
    )
    under_review("b")
    b = receive(ref="b", name="Mohamed Aly", birth_date="1990", channel="letter", body="Status van mijn aanvraag?")
    assert b.contact.match_outcome == "review" and b.contact.client_id is None
    assert b.contact.question.client_id is None
    item = ReviewItem.objects.get(source="b")
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirm_review(item=item, client=a.contact.client, actor=agent)
    b.contact.refresh_from_db()
    assert b.contact.client_id == a.contact.client_id
    assert b.contact.question.client_id == a.contact.client_id


def test_a_tie_goes_to_the_oldest_question_whatever_the_order_of_the_candidates():
    """Issue 12 (3): two questions equally near (the contact falls inside both); which one is
    chosen must not depend on the order an index lists them in (an import's cache and a fresh
    read of the database list them differently)."""
    from datetime import timedelta

    from loket.contact.choices import QuestionStatus
    from loket.contact.inputs import clean_contact
    from loket.contact.services.grouping import choose
    from tests.contact.conftest import line

    def question(pk, opened, last):
        return Question(
            pk=pk,
            client_id=7,
            topic="status",
            status=QuestionStatus.OPEN,
            case_ref="",
            opened_at=opened,
            last_contact_at=last,
        )

    older = question(3, at(2026, 6, 1, 10), at(2026, 6, 5, 10))
    newer = question(9, at(2026, 6, 2, 10), at(2026, 6, 4, 10))
    data = clean_contact(
        line(ref="x", name="Sara Haile", topic="status", channel="web", received_at="2026-06-03T10:00:00+02:00")
    )

    class Index:
        def __init__(self, questions):
            self.questions = questions

        def by_thread(self, ids, own_id):
            return None

        def open_questions(self, client_id, case_ref):
            return self.questions

    for order in ([older, newer], [newer, older]):
        chosen = choose(data, client_id=7, topic="status", index=Index(order), span=timedelta(days=14))
        assert chosen.question is older and chosen.rule == "topic"
