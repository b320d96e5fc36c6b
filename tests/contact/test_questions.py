"""Item 2 of the brief, by hand: agents take, merge and split questions; a merge can be
undone, is logged, and never loses a contact."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from loket.contact.models import Contact, Question, QuestionMerge, Task
from loket.contact.services import merge_questions, set_topic, split_question, take_question, undo_merge
from loket.core.audit import verify
from loket.core.audit_models import AuditEntry
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db
ALI = {"name": "Mohammed Ali", "email": "m.ali@example.org"}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 10, 12), tick=False):
        yield


@pytest.fixture
def two(receive):
    """Two questions of one client: a web form about fees (due 15 June) and a letter about
    status (due 19 June) that the agent sees are one matter."""
    a = receive(ref="a", **ALI, channel="web", topic="fees", received_at="2026-06-08T10:00:00+02:00")
    b = receive(ref="b", **ALI, channel="letter", topic="status", received_at="2026-06-05T10:00:00+02:00")
    receive(ref="b2", **ALI, channel="email", topic="status", received_at="2026-06-06T10:00:00+02:00")
    return a.contact.question, b.contact.question


def test_merge_moves_every_contact_and_keeps_the_earlier_deadline(two, agent):
    keep, other = two
    record = merge_questions(keep=keep, merge=other, actor=agent, reason="Same matter: the refund")
    keep.refresh_from_db()
    other.refresh_from_db()
    assert Contact.objects.filter(question=keep).count() == 3
    assert other.status == "merged" and other.merged_into_id == keep.pk
    assert keep.due_on == min(keep.due_on, other.due_on)
    assert str(keep.opened_at) == str(other.opened_at)
    assert sorted(record.contact_ids) == sorted(
        Contact.objects.filter(ref__in=["b", "b2"]).values_list("pk", flat=True)
    )
    assert AuditEntry.objects.filter(action="contact.question.merged", reason="Same matter: the refund").exists()
    assert verify() is None


def test_undo_puts_everything_back(two, agent):
    keep, other = two
    due_before, opened_before = keep.due_on, keep.opened_at
    record = merge_questions(keep=keep, merge=other, actor=agent, reason="Same matter")
    undo_merge(merge=record, actor=agent, reason="Not the same after all")
    keep.refresh_from_db()
    other.refresh_from_db()
    assert list(Contact.objects.filter(question=keep).values_list("ref", flat=True)) == ["a"]
    assert sorted(Contact.objects.filter(question=other).values_list("ref", flat=True)) == ["b", "b2"]
    assert (keep.due_on, keep.opened_at) == (due_before, opened_before)
    assert other.status == "open" and other.merged_into is None
    with pytest.raises(ValidationError):
        undo_merge(merge=record, actor=agent, reason="again")
    assert AuditEntry.objects.filter(action="contact.question.merge_undone").count() == 1


def test_undo_after_the_answer_is_refused_and_loses_nothing(two, agent, settings):
    from loket.contact.services import answer_question

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    keep, other = two
    record = merge_questions(keep=keep, merge=other, actor=agent, reason="Same matter")
    answer_question(question=keep, actor=agent, text="Antwoord")
    with pytest.raises(ValidationError):
        undo_merge(merge=record, actor=agent, reason="oops")
    assert Contact.objects.count() == 3 and Contact.objects.filter(question=keep).count() == 3


def test_merge_moves_open_tasks_too(receive, agent):
    from loket.contact.inputs import clean_contact
    from loket.contact.services import record_call
    from tests.contact.conftest import line

    a = receive(ref="a", **ALI, channel="web", topic="fees")
    call = record_call(
        actor=agent,
        data=clean_contact(
            line(
                channel="phone", topic="status", call_outcome="callback", received_at="2026-06-10T09:00:00+02:00", **ALI
            ),
            require_ref=False,
        ),
    )
    record = merge_questions(keep=a.contact.question, merge=call.contact.question, actor=agent, reason="one")
    assert Task.objects.get().question_id == a.contact.question_id
    undo_merge(merge=record, actor=agent, reason="two")
    assert Task.objects.get().question_id == call.contact.question_id


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_merge_needs_a_reason(two, agent, reason):
    with pytest.raises(ValidationError):
        merge_questions(keep=two[0], merge=two[1], actor=agent, reason=reason)
    assert not QuestionMerge.objects.exists()


def test_a_question_cannot_merge_with_itself(two, agent):
    with pytest.raises(ValidationError):
        merge_questions(keep=two[0], merge=two[0], actor=agent, reason="x")


def test_split_takes_contacts_into_a_new_question_with_its_own_deadline(two, agent):
    _, question = two
    letter = Contact.objects.get(ref="b")
    new = split_question(question=question, contact_ids=[letter.pk], actor=agent, reason="The letter is about fees")
    assert list(Contact.objects.filter(question=new).values_list("ref", flat=True)) == ["b"]
    assert list(Contact.objects.filter(question=question).values_list("ref", flat=True)) == ["b2"]
    assert new.channel == "letter" and new.norm_days == 10
    question.refresh_from_db()
    assert question.opened_at == Contact.objects.get(ref="b2").received_at
    assert AuditEntry.objects.filter(action="contact.question.split").exists()


@pytest.mark.parametrize("pick", ["all", "none", "foreign"])
def test_split_refuses_what_would_lose_or_steal_a_contact(two, agent, pick):
    keep, question = two
    ids = {
        "all": list(Contact.objects.filter(question=question).values_list("pk", flat=True)),
        "none": [],
        "foreign": list(Contact.objects.filter(question=keep).values_list("pk", flat=True)),
    }[pick]
    with pytest.raises(ValidationError):
        split_question(question=question, contact_ids=ids, actor=agent, reason="x")
    assert Question.objects.count() == 2


def test_take_and_hand_over(two, agent, lead, make_user):
    from loket.core.roles import Role

    question = two[0]
    take_question(question=question, actor=agent)
    question.refresh_from_db()
    assert question.owner == agent
    other_agent = make_user(Role.CONTACT_AGENT)
    with pytest.raises(PermissionDenied):
        take_question(question=question, actor=agent, owner=other_agent)
    take_question(question=question, actor=lead, owner=other_agent)
    question.refresh_from_db()
    assert question.owner == other_agent


def test_topic_can_be_corrected(two, agent):
    set_topic(question=two[0], topic="family", actor=agent)
    two[0].refresh_from_db()
    assert two[0].topic == "family"
    with pytest.raises(ValidationError):
        set_topic(question=two[0], topic="weather", actor=agent)


def test_someone_without_a_contact_role_cannot_merge(two, make_user):
    with pytest.raises(PermissionDenied):
        merge_questions(keep=two[0], merge=two[1], actor=make_user(), reason="x")
