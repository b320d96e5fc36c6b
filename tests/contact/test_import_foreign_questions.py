"""Staff work on questions while an import runs: confirm a review, merge two clients, take a
contact at the desk. The import's grouping index (questions it met, carried from batch to
batch) must not undo that work or miss it: the import ends as linking one contact at a time
would have (found by an attack: a reply in a later batch set a confirmed question's client
back to none, and was stored on a question a merge had closed)."""

import json

import pytest
from django.db import connection

from loket.clients.models import Client, ReviewItem
from loket.clients.services import ContactIdentity, confirm_review, merge_clients, register_client
from loket.contact.choices import QuestionStatus
from loket.contact.inputs import clean_contact
from loket.contact.models import Contact, Question
from loket.contact.services import import_index, import_jsonl, receive_contact
from tests.clients.test_foreign_writes import _elsewhere
from tests.contact.conftest import at, line

on_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once: PostgreSQL")


def _stream(*steps):
    """Import lines; a callable among them runs when the import has stored every line before it
    (one line per batch)."""
    for step in steps:
        if callable(step):
            step()
        else:
            yield json.dumps(line(**step)) + "\n"


def _import(*steps):
    report = import_jsonl(_stream(*steps), batch_size=1)
    assert report.bad == []
    return report


def _amal():
    return register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678"), actor="counter"
    )


@pytest.fixture
def indexes(monkeypatch):
    """How many grouping indexes the import started (one: carried over every batch)."""
    made = []
    original = import_index.CachedIndex.__init__
    monkeypatch.setattr(import_index.CachedIndex, "__init__", lambda index: made.append(1) or original(index))
    return made


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_what_staff_gave_a_question_while_the_batch_ran_is_kept(monkeypatch):
    """Someone else gives the question a client, a case reference and a later contact after
    the batch read it: the batch sees that before it writes, reads the question again and
    joins the reply to it as it is now; what was given stays."""
    amal = _amal()
    first = receive_contact(
        data=clean_contact(line(ref="r1", name="", email="", message_id="<r1@x>", subject="Verblijf")), actor="mail"
    )
    question = first.contact.question
    assert question.client_id is None
    read, changed = import_index.CachedIndex.preload, []

    def then_staff(index, items):
        read(index, items)  # the batch has read the question; on file it changes now
        if not changed:  # on another connection (SQLite: the batch holds the write lock from its start)
            changed.append(1)
            _elsewhere(
                lambda: Question.objects.filter(pk=question.pk).update(
                    client=amal, case_ref="ZK1234567", last_contact_at=at(2026, 6, 20, 9), opened_at=at(2026, 5, 30, 9)
                )
            )

    monkeypatch.setattr(import_index.CachedIndex, "preload", then_staff)
    _import(dict(ref="r2", in_reply_to="<r1@x>", message_id="<r2@x>", received_at="2026-06-05T10:00:00+02:00"))
    question.refresh_from_db()
    assert Contact.objects.get(ref="r2").question_id == question.pk
    assert question.client_id == amal.pk and question.case_ref == "ZK1234567"
    assert question.last_contact_at == at(2026, 6, 20, 9) and question.opened_at == at(2026, 5, 30, 9)


@pytest.mark.django_db
def test_a_later_contact_still_moves_the_question_on():
    """What the batch's own contacts change is still written: the question's last contact."""
    first = receive_contact(data=clean_contact(line(ref="r1", message_id="<r1@x>")), actor="mail")
    _import(dict(ref="r2", in_reply_to="<r1@x>", received_at="2026-06-09T10:00:00+02:00", case_ref="ZK7654321"))
    question = Question.objects.get(pk=first.contact.question_id)
    assert question.last_contact_at == at(2026, 6, 9, 10) and question.case_ref == "ZK7654321"


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_a_review_confirmed_between_batches_keeps_its_client(indexes):
    amal = _amal()

    def staff_confirm():
        item = ReviewItem.objects.get(source="r1")
        _elsewhere(lambda: confirm_review(item=item, client=Client.objects.get(pk=amal.pk), actor="staff"))

    _import(
        dict(ref="r1", name="Amal Haddad", phone="0611112222", message_id="<r1@x>", subject="Mijn verblijf"),
        staff_confirm,
        dict(ref="r2", in_reply_to="<r1@x>", received_at="2026-06-02T10:00:00+02:00", body="Nog een vraag"),
        dict(ref="r3", name="Amal Haddad", phone="0612345678", received_at="2026-06-03T10:00:00+02:00"),
    )
    r1, r2, r3 = (Contact.objects.get(ref=ref) for ref in ("r1", "r2", "r3"))
    assert r1.match_outcome == "linked" and r1.client_id == amal.pk
    assert r2.question_id == r3.question_id == r1.question_id  # the reply, and the client's next contact
    question = Question.objects.get(pk=r1.question_id)
    assert question.client_id == amal.pk and question.last_contact_at == at(2026, 6, 3, 10)
    assert len(indexes) == 2  # read afresh once, after the other connection's commit


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_a_reply_after_staff_merged_the_clients_goes_to_the_open_question():
    closed = []

    def staff_merge():
        keep, merge = (Contact.objects.get(ref=ref).client for ref in ("m1", "m2"))
        closed.append(Contact.objects.get(ref="m2").question_id)
        _elsewhere(lambda: merge_clients(keep=keep, merge=merge, actor="staff", reason="one person"))

    _import(
        dict(ref="m1", name="Yusuf Karimi", email="yusuf@example.org", subject="Verlenging", topic="family"),
        dict(ref="m2", name="Youssef Karimi", phone="0687654321", message_id="<m2@x>", topic="family"),
        staff_merge,
        dict(ref="m3", in_reply_to="<m2@x>", received_at="2026-06-04T10:00:00+02:00", topic="family"),
    )
    m1, m2, m3 = (Contact.objects.get(ref=ref) for ref in ("m1", "m2", "m3"))
    assert m1.client_id != m2.client_id  # two clients until staff merged them
    assert Question.objects.get(pk=closed[0]).status == QuestionStatus.MERGED
    open_question = Question.objects.get(pk=m1.question_id)
    assert open_question.status == QuestionStatus.OPEN
    assert m2.question_id == m3.question_id == open_question.pk
    assert open_question.last_contact_at == at(2026, 6, 4, 10)


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_a_question_opened_at_the_desk_between_batches_is_joined():
    amal = _amal()
    desk = []

    def at_the_desk():
        def receive():
            desk.append(
                receive_contact(
                    data=clean_contact(line(ref="d1", channel="counter", name="Amal Haddad", phone="0612345678",
                                            topic="address", received_at="2026-06-02T10:00:00+02:00")),
                    actor="desk",
                )
            )  # fmt: skip

        _elsewhere(receive)

    _import(
        dict(ref="i1", name="Amal Haddad", phone="0612345678", topic="status"),
        at_the_desk,
        dict(
            ref="i2", name="Amal Haddad", phone="0612345678", topic="address", received_at="2026-06-03T10:00:00+02:00"
        ),
    )
    (taken,) = desk
    assert taken.contact.client_id == amal.pk
    assert Contact.objects.get(ref="i2").question_id == taken.contact.question_id


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_the_index_is_carried_while_nobody_else_writes(indexes):
    from loket.core import audit

    _import(
        dict(ref="c1", name="Amal Haddad", phone="0612345678"),
        lambda: _elsewhere(lambda: audit.record(actor="someone", action="core.test.elsewhere")),
        dict(ref="c2", name="Amal Haddad", phone="0612345678", received_at="2026-06-02T10:00:00+02:00"),
        dict(ref="c3", name="Amal Haddad", phone="0612345678", received_at="2026-06-03T10:00:00+02:00"),
    )
    assert len(indexes) == 1
    assert Contact.objects.get(ref="c3").question_id == Contact.objects.get(ref="c1").question_id
    with connection.cursor() as cursor:  # the import stopped listening when it ended
        cursor.execute("SELECT pg_listening_channels()")
        assert cursor.fetchall() == []


@pytest.mark.django_db
@on_postgresql
def test_every_table_the_index_reads_notifies_on_change():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND t.tgenabled = 'O'",
            [import_index.questions_changed.name],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(import_index.questions_changed.tables)
