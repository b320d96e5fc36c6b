"""Staff decide on another connection WHILE an import's batch runs (after the batch read its
questions, before it commits). The batch joins its contacts to the questions as it read
them: where staff closed, merged or split one meanwhile, the contact is stored where no
one-at-a-time order (batch first, or staff first) would put it."""

import json

import pytest
from django.db import connection  # noqa: F401 (skipif)

from loket.clients.models import Client, ReviewItem
from loket.clients.services import ContactIdentity, confirm_review, register_client
from loket.contact.choices import QuestionStatus
from loket.contact.inputs import clean_contact
from loket.contact.models import Contact, Question
from loket.contact.services import import_index, import_jsonl, receive_contact
from tests.attack_tmp.conftest import Elsewhere
from tests.contact.conftest import line

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once"),
]


def _receive(**fields):
    return receive_contact(data=clean_contact(line(**fields)), actor="mail").contact


def _import_with_staff_after_preload(monkeypatch, staff_work, *rows):
    read = import_index.CachedIndex.preload
    staff = []

    def then_staff(index, items):
        read(index, items)  # the batch has read its questions; staff act now, and commit
        if not staff:
            staff.append(Elsewhere(staff_work))
            assert staff[0].wait(10), "staff blocked by the batch"
            assert staff[0].failures == []

    monkeypatch.setattr(import_index.CachedIndex, "preload", then_staff)
    report = import_jsonl([json.dumps(line(**row)) + "\n" for row in rows], batch_size=10)
    assert report.bad == []
    assert staff, "the hook did not run"
    return report


def test_review_confirmed_during_batch_reply_lands_on_merged_question(monkeypatch):
    """Amal has an open question Q0 on "status". Her second contact r1 (an unknown phone)
    goes to review and opens Q1 (no client). An import brings r2, a reply to r1. While its
    batch runs, staff confirm r1 as Amal: Q1 gets her and is regrouped into Q0 (MERGED).

    Expected (either order one at a time): r2 ends on the open question Q0 (staff first: the
    thread resolves to Q0; batch first: the regroup moves r2 with Q1's contacts to Q0), and
    Q0's last contact is r2's.
    Actual: r2 is stored on Q1, a MERGED question; Q0 never hears of it."""
    amal = register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678"), actor="counter"
    )
    q0 = _receive(ref="q0", name="Amal Haddad", phone="0612345678", topic="status").question
    r1 = _receive(ref="r1", name="Amal Haddad", phone="0611112222", topic="status", message_id="<r1@x>",
                  received_at="2026-06-02T10:00:00+02:00")  # fmt: skip
    assert r1.match_outcome == "review" and r1.question_id != q0.pk

    def staff_confirm():
        item = ReviewItem.objects.get(source="r1")
        confirm_review(item=item, client=Client.objects.get(pk=amal.pk), actor="staff")

    _import_with_staff_after_preload(
        monkeypatch,
        staff_confirm,
        dict(ref="r2", in_reply_to="<r1@x>", topic="status", received_at="2026-06-03T10:00:00+02:00"),
    )
    assert Question.objects.get(pk=r1.question_id).status == QuestionStatus.MERGED  # staff's regroup happened
    r2 = Contact.objects.get(ref="r2")
    assert r2.question.status == QuestionStatus.OPEN, f"r2 stored on question {r2.question_id} ({r2.question.status})"
    assert r2.question_id == q0.pk


def test_question_answered_during_batch_reply_joins_answered_question_left_open(monkeypatch, make_user):
    """r1 opened Q1. An import brings r2, a reply to r1. While its batch runs, an agent answers
    Q1 (status ANSWERED, every contact on it closed).

    Expected: staff first: r2 opens a new question that follows Q1; batch first: r2 is on Q1
    and closed with the answer (``closed_at`` set).
    Actual: r2 is on the ANSWERED Q1 with ``closed_at`` empty: an unanswered contact inside
    an answered question, which no order one at a time gives."""
    from loket.contact.services.answers import answer_question
    from loket.core.roles import Role

    agent = make_user(Role.CONTACT_AGENT, username="agent")
    r1 = _receive(ref="r1", name="Amal Haddad", email="amal@example.org", topic="status", message_id="<r1@x>")

    def staff_answer():
        answer_question(question=Question.objects.get(pk=r1.question_id), actor=agent, text="Uw verblijf is verlengd.",
                        channel="letter")  # fmt: skip

    _import_with_staff_after_preload(
        monkeypatch,
        staff_answer,
        dict(ref="r2", in_reply_to="<r1@x>", topic="status", received_at="2026-06-03T10:00:00+02:00"),
    )
    assert Question.objects.get(pk=r1.question_id).status == QuestionStatus.ANSWERED
    r2 = Contact.objects.get(ref="r2")
    if r2.question_id == r1.question_id:  # batch first: closed with the answer
        assert r2.closed_at is not None, "r2 is an open contact on an answered question"
    else:  # staff first: a follow-up question
        assert r2.question.status == QuestionStatus.OPEN and r2.question.follows_id == r1.question_id


def test_questions_merged_during_batch_reply_lands_on_merged_question(monkeypatch, make_user):
    """Amal's questions Q0 and Q1 are open. An import brings r2, a reply to r1 (on Q1). While
    its batch runs, an agent merges Q1 into Q0 (Q1 MERGED, its contacts moved to Q0).

    Expected: r2 on Q0 (staff first: the thread resolves to Q0; batch first: the merge moves r2).
    Actual: r2 is stored on the MERGED Q1, outside the question the agent kept."""
    from loket.contact.services.questions import merge_questions
    from loket.core.roles import Role

    agent = make_user(Role.CONTACT_AGENT, username="agent")
    q0 = _receive(ref="q0", name="Amal Haddad", email="amal@example.org", topic="status").question
    r1 = _receive(ref="r1", name="Amal Haddad", email="amal@example.org", topic="address", message_id="<r1@x>")
    assert r1.question_id != q0.pk

    def staff_merge():
        merge_questions(keep=Question.objects.get(pk=q0.pk), merge=Question.objects.get(pk=r1.question_id),
                        actor=agent, reason="one matter")  # fmt: skip

    _import_with_staff_after_preload(
        monkeypatch,
        staff_merge,
        dict(ref="r2", in_reply_to="<r1@x>", topic="address", received_at="2026-06-03T10:00:00+02:00"),
    )
    assert Contact.objects.get(ref="r1").question_id == q0.pk  # the agent's merge stands
    r2 = Contact.objects.get(ref="r2")
    assert r2.question_id == q0.pk, f"r2 stored on question {r2.question_id} ({r2.question.status})"
