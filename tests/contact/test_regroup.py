"""Questions joined after the fact: when an agent confirms who sent a contact under
review, or when two clients turn out to be one person, their open questions on one topic
within the window become one (logged, undoable)."""

import pytest
import time_machine
from django.test import TestCase

from loket.clients.models import ReviewItem
from loket.clients.services import confirm_review, merge_clients
from loket.contact import signals
from loket.contact.models import Contact, Question, QuestionMerge
from loket.contact.services import undo_merge
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 20, 12), tick=False):
        yield


def test_a_confirmed_contact_joins_the_clients_open_question(receive, agent, under_review):
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
    b = receive(
        ref="b",
        name="Mohamed Aly",
        birth_date="1990",
        channel="letter",
        body="Status van mijn aanvraag?",
        received_at="2026-06-03T10:00:00+02:00",
    )
    assert b.contact.match_outcome == "review" and b.contact.question_id != a.contact.question_id
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirm_review(item=ReviewItem.objects.get(source="b"), client=a.contact.client, actor=agent)
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    merge = QuestionMerge.objects.get()
    assert merge.actor is None and "review" in merge.reason


def test_merged_clients_get_one_question_per_matter(receive, agent):
    a = receive(
        ref="a",
        name="Amina Yusuf",
        email="amina@example.org",
        topic="status",
        channel="web",
        received_at="2026-06-01T10:00:00+02:00",
    )
    b = receive(
        ref="b",
        name="Sara Haile",
        email="sara@example.org",
        topic="status",
        channel="web",
        received_at="2026-06-05T10:00:00+02:00",
    )
    receive(
        ref="c",
        name="Sara Haile",
        email="sara@example.org",
        topic="fees",
        channel="web",
        received_at="2026-06-05T11:00:00+02:00",
    )
    receive(
        ref="d",
        name="Sara Haile",
        email="sara@example.org",
        topic="status",
        channel="web",
        received_at="2026-03-01T10:00:00+01:00",
    )  # months earlier: another matter
    assert len({a.contact.client_id, b.contact.client_id}) == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    questions = {r: Contact.objects.get(ref=r).question_id for r in "abcd"}
    assert questions["a"] == questions["b"]
    assert len({questions["a"], questions["c"], questions["d"]}) == 3
    undo_merge(merge=QuestionMerge.objects.get(), actor=agent, reason="not the same matter")
    assert Contact.objects.get(ref="b").question_id == b.contact.question_id


def test_an_import_regroups_once_it_has_finished(receive, agent):
    """During an import the merges regroup nothing; the clients are recorded, and their
    questions joined at the end."""
    from loket.contact.models import RegroupDue
    from loket.contact.services.bulk import Importer

    a = receive(ref="a", name="Amina Yusuf", email="amina@example.org", topic="status", channel="web")
    b = receive(ref="b", name="Sara Haile", email="sara@example.org", topic="status", channel="web")
    signals.defer_regrouping()
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            record = merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    finally:
        signals.resume_regrouping()
    assert Contact.objects.get(ref="b").question_id == b.contact.question_id  # not yet
    RegroupDue.objects.create(client_id=record.keep_id)  # as the import's batch does
    importer = Importer(actor="import")
    importer.regroup()
    assert importer.report.regrouped == 1 and record.keep_id == a.contact.client_id
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    assert not RegroupDue.objects.exists()


def test_undoing_a_client_merge_parts_the_questions_it_joined(receive, agent):
    """Issue 16 item 3: a merge that is undone also undoes what it caused."""
    from loket.clients.services import undo_merge as undo_client_merge

    a = receive(ref="a", name="Amina Yusuf", email="amina@example.org", topic="status", channel="web",
                received_at="2026-06-01T10:00:00+02:00")  # fmt: skip
    b = receive(ref="b", name="Sara Haile", email="sara@example.org", topic="status", channel="web",
                received_at="2026-06-05T10:00:00+02:00")  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_merge = merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    assert QuestionMerge.objects.get().client_merge == client_merge
    with TestCase.captureOnCommitCallbacks(execute=True):
        undo_client_merge(merge=client_merge, actor=agent, reason="two people after all")
    assert Contact.objects.get(ref="b").question_id == b.contact.question_id
    assert Question.objects.get(pk=b.contact.question_id).status == "open"
    parted = QuestionMerge.objects.get()
    assert parted.undone_at is not None and "client merge" in parted.undo_reason


def test_a_question_answered_since_stays_joined_and_the_log_says_why(receive, agent):
    from loket.clients.services import undo_merge as undo_client_merge
    from loket.core.audit_models import AuditEntry

    a = receive(ref="a", name="Amina Yusuf", email="amina@example.org", topic="status", channel="web",
                received_at="2026-06-01T10:00:00+02:00")  # fmt: skip
    b = receive(ref="b", name="Sara Haile", email="sara@example.org", topic="status", channel="web",
                received_at="2026-06-05T10:00:00+02:00")  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_merge = merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    Question.objects.filter(pk=a.contact.question_id).update(status="answered")
    with TestCase.captureOnCommitCallbacks(execute=True):
        undo_client_merge(merge=client_merge, actor=agent, reason="two people after all")
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    assert AuditEntry.objects.filter(action="contact.question.not_parted").exists()


_TWO_MERGES = [  # one person: the third and fourth contacts each merge a client into the first's
    dict(ref="c1", name="Yohannes Tesfay", birth_date="1991-04-02", v_number="1111111111", topic="status"),
    dict(ref="c2", phone="+31611111111", topic="status"),
    dict(ref="c3", email="yt@example.org", topic="status"),
    dict(ref="c4", v_number="1111111111", phone="+31611111111", topic="status"),
    dict(ref="c5", v_number="1111111111", email="yt@example.org", topic="status"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["import", "one at a time"])
@pytest.mark.parametrize("undone, parted, joined", [("c2", "c2", "c3"), ("c3", "c3", "c2")])
def test_undoing_one_of_an_imports_merges_parts_only_its_questions(receive, how, undone, parted, joined):
    """Issue 16 item 3 after an import, which regroups once at its end: each question it
    joins is credited to the merge that made the two clients one person, as regrouping at
    each merge credits it. (All went to the client's newest merge: undoing the first
    parted nothing, undoing the second parted both.)"""
    import json

    from loket.clients.models import ClientMerge
    from loket.clients.services import undo_merge as undo_client_merge
    from loket.contact.services import import_jsonl
    from tests.contact.conftest import line

    if how == "import":
        report = import_jsonl([json.dumps(line(**row)) + "\n" for row in _TWO_MERGES])
        assert report.stored == 5 and report.regrouped == 2
    else:
        for row in _TWO_MERGES:
            receive(**row)

    def question(ref):
        return Contact.objects.get(ref=ref).question.resolved().pk

    assert question("c1") == question("c2") == question("c3")
    merge = ClientMerge.objects.get(merged=Contact.objects.get(ref=undone).client_id)
    undo_client_merge(merge=merge, actor="import", reason="two people after all")
    assert question(parted) != question("c1")
    assert question(joined) == question("c1")
