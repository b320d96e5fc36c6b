"""Staff change a question on another connection while an import's batch runs: after the
batch read its questions and before it commits. Each contact must still end where linking
it one at a time would put it, in one order or the other, and neither side may fail (found
by an attack: replies were stored on questions staff had merged or answered meanwhile, and
an agent's answer deadlocked with the batch, which stopped the import)."""

import json

import pytest
from django.db import connection  # noqa: F401 (the skipif below)

from loket.clients.models import Client, ReviewItem
from loket.clients.services import ContactIdentity, confirm_review, register_client
from loket.contact.choices import QuestionStatus
from loket.contact.inputs import clean_contact
from loket.contact.models import Contact, Question, RegroupDue
from loket.contact.services import import_index, import_jsonl, receive_contact
from loket.core.roles import Role
from tests.concurrency import Elsewhere
from tests.contact.conftest import at, line

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once: PostgreSQL"),
]


def _receive(**fields):
    return receive_contact(data=clean_contact(line(**fields)), actor="mail").contact


def _import_while(monkeypatch, staff_work, *rows, when=lambda items: True, batch_size=10):
    """Import ``rows``; once a batch has read its questions (and ``when`` its contacts), staff
    do ``staff_work`` elsewhere; the batch goes on when they have committed."""
    read, staff = import_index.CachedIndex.preload, []

    def then_staff(index, items):
        items = list(items)
        read(index, items)
        if not staff and when(items):
            staff.append(Elsewhere(staff_work))
            assert staff[0].wait(10), "staff waited for the batch"
            assert staff[0].failures == []

    monkeypatch.setattr(import_index.CachedIndex, "preload", then_staff)
    report = import_jsonl((json.dumps(line(**row)) + "\n" for row in rows), batch_size=batch_size)
    assert report.bad == [] and staff
    return report


def test_a_review_confirmed_meanwhile_sends_the_reply_to_the_clients_question(monkeypatch):
    """r1 (Amal, from an unknown phone) went to review and opened its own question. Staff
    confirm it as Amal while the batch stores r2, a reply to r1: r1's question joins Amal's
    open one, and r2 must be there too."""
    amal = register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678"), actor="counter"
    )
    q0 = _receive(ref="q0", name="Amal Haddad", phone="0612345678", topic="status").question
    r1 = _receive(ref="r1", name="Amal Haddad", phone="0611112222", topic="status", message_id="<r1@x>",
                  received_at="2026-06-02T10:00:00+02:00")  # fmt: skip
    assert r1.match_outcome == "review" and r1.question_id != q0.pk

    def confirm():
        confirm_review(item=ReviewItem.objects.get(source="r1"), client=Client.objects.get(pk=amal.pk), actor="staff")

    _import_while(
        monkeypatch,
        confirm,
        dict(ref="r2", in_reply_to="<r1@x>", topic="status", received_at="2026-06-03T10:00:00+02:00"),
    )
    assert Question.objects.get(pk=r1.question_id).status == QuestionStatus.MERGED
    q0.refresh_from_db()
    assert Contact.objects.get(ref="r2").question_id == q0.pk
    assert q0.status == QuestionStatus.OPEN and q0.last_contact_at.date().isoformat() == "2026-06-03"


@pytest.mark.parametrize(
    "sender",
    [{}, {"name": "Amal Haddad", "email": "amal@example.org"}],
    ids=["anonymous reply", "identified reply"],
)
def test_a_question_answered_meanwhile_gets_the_reply_as_a_new_question(monkeypatch, make_user, sender):
    """An agent answers r1's question while the batch stores r2, a reply to r1. Identified,
    r2 is linked (which used to lock the audit log) before the batch reads its questions:
    the batch takes that lock last, as staff do, so the agent's answer goes through at once
    (it was a deadlock), and r2 opens a question that follows the answered one."""
    from loket.contact.services import answer_question

    agent = make_user(Role.CONTACT_AGENT, username="agent")
    r1 = _receive(ref="r1", name="Amal Haddad", email="amal@example.org", topic="status", message_id="<r1@x>")

    def answer():
        answer_question(
            question=Question.objects.get(pk=r1.question_id), actor=agent, text="Verlengd.", channel="letter"
        )

    _import_while(
        monkeypatch,
        answer,
        dict(ref="r2", in_reply_to="<r1@x>", topic="status", received_at="2026-06-03T10:00:00+02:00", **sender),
    )
    assert Question.objects.get(pk=r1.question_id).status == QuestionStatus.ANSWERED
    follow_up = Contact.objects.get(ref="r2").question
    assert follow_up.pk != r1.question_id
    assert follow_up.status == QuestionStatus.OPEN and follow_up.follows_id == r1.question_id


def test_questions_merged_meanwhile_get_the_reply_on_the_kept_one(monkeypatch, make_user):
    from loket.contact.services import merge_questions

    agent = make_user(Role.CONTACT_AGENT, username="agent")
    q0 = _receive(ref="q0", name="Amal Haddad", email="amal@example.org", topic="status").question
    r1 = _receive(ref="r1", name="Amal Haddad", email="amal@example.org", topic="address", message_id="<r1@x>")

    def merge():
        merge_questions(keep=Question.objects.get(pk=q0.pk), merge=Question.objects.get(pk=r1.question_id),
                        actor=agent, reason="one matter")  # fmt: skip

    _import_while(
        monkeypatch,
        merge,
        dict(ref="r2", in_reply_to="<r1@x>", topic="address", received_at="2026-06-03T10:00:00+02:00"),
    )
    assert Contact.objects.get(ref="r1").question_id == Contact.objects.get(ref="r2").question_id == q0.pk


def test_regrouping_in_the_background_meanwhile_leaves_no_reply_behind(monkeypatch):
    """Batch 1 merges client B into A (A is due to regroup); while batch 2 stores a reply to
    B's question, the task worker regroups A: B's question joins A's, and so must the reply."""
    from loket.contact.tasks import regroup_task

    a = register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", v_number="1234567890"), actor="counter"
    )
    register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990", email="amal@example.org"), actor="counter"
    )
    qa = _receive(ref="qa", name="Amal Haddad", v_number="1234567890", topic="status").question
    qb = _receive(ref="qb", name="Amal Haddad", email="amal@example.org", topic="status", message_id="<qb@x>",
                  received_at="2026-06-02T10:00:00+02:00").question  # fmt: skip

    def task():
        assert RegroupDue.objects.filter(client_id=a.pk).exists()
        regroup_task.call()

    _import_while(
        monkeypatch,
        task,
        dict(ref="x1", name="Amal Haddad", v_number="1234567890", email="amal@example.org", topic="status",
             received_at="2026-06-03T10:00:00+02:00"),
        dict(ref="x2", in_reply_to="<qb@x>", topic="status", received_at="2026-06-04T10:00:00+02:00"),
        when=lambda items: any(data.ref == "x2" for data, _link in items),
        batch_size=1,
    )  # fmt: skip
    assert Question.objects.get(pk=qb.pk).status == QuestionStatus.MERGED
    assert {Contact.objects.get(ref=ref).question_id for ref in ("qa", "qb", "x1", "x2")} == {qa.pk}


def test_a_contact_split_off_meanwhile_no_longer_dates_the_question(monkeypatch, make_user):
    """The question holds c1 (1 June) and c2 (2 June). While the batch stores r3, a reply to
    c2, an agent splits c1 off: the question starts on 2 June, and the batch must not write
    its copy (read before, opened on 1 June) back over that."""
    from loket.contact.services import split_question

    agent = make_user(Role.CONTACT_AGENT, username="agent")
    c1 = _receive(ref="c1", message_id="<c1@x>", received_at="2026-06-01T10:00:00+02:00")
    c2 = _receive(ref="c2", message_id="<c2@x>", in_reply_to="<c1@x>", received_at="2026-06-02T10:00:00+02:00")
    assert c1.question_id == c2.question_id

    def split():
        split_question(question=Question.objects.get(pk=c1.question_id), contact_ids=[c1.pk], actor=agent,
                       reason="another matter")  # fmt: skip

    _import_while(monkeypatch, split, dict(ref="r3", in_reply_to="<c2@x>", received_at="2026-06-05T10:00:00+02:00"))
    question = Question.objects.get(pk=c2.question_id)
    assert set(question.contacts.values_list("ref", flat=True)) == {"c2", "r3"}
    assert (question.opened_at, question.last_contact_at) == (at(2026, 6, 2, 10), at(2026, 6, 5, 10))


def test_a_merge_of_questions_undone_meanwhile_gives_the_question_its_own_deadline_back(monkeypatch, make_user):
    from loket.contact.models import QuestionMerge
    from loket.contact.services import merge_questions, undo_merge

    agent = make_user(Role.CONTACT_AGENT, username="agent")
    own = _receive(ref="a1", message_id="<a1@x>", name="Amal Haddad", email="amal@example.org", topic="status",
                   received_at="2026-06-05T10:00:00+02:00").question  # fmt: skip
    other = _receive(ref="b1", name="Amal Haddad", email="amal@example.org", topic="address",
                     received_at="2026-05-01T10:00:00+02:00").question  # fmt: skip
    assert other.due_on < own.due_on
    merge_questions(keep=own, merge=other, actor=agent, reason="one matter")
    assert Question.objects.get(pk=own.pk).due_on == other.due_on

    def undo():
        undo_merge(merge=QuestionMerge.objects.get(keep=own), actor=agent, reason="two matters")

    _import_while(
        monkeypatch, undo, dict(ref="a2", in_reply_to="<a1@x>", topic="status", received_at="2026-06-06T10:00:00+02:00")
    )
    assert Contact.objects.get(ref="a2").question_id == own.pk
    assert Question.objects.get(pk=own.pk).due_on == own.due_on
