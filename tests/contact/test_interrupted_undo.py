"""Issue 16, item 3, attacked: undoing a client merge is cut short (the process killed, an
error) before the questions it joined are parted. Both happen, or neither."""

import pytest
import time_machine
from django.test import TestCase

from loket.clients.models import Client
from loket.clients.services import merge_clients, undo_merge
from loket.contact.models import Contact
from loket.contact.services import questions
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 20, 12), tick=False):
        yield


class Killed(Exception):
    pass


def test_an_undo_cut_short_before_its_questions_are_parted_leaves_the_merge(receive, agent, monkeypatch):
    a = receive(ref="a", name="Amina Yusuf", email="amina@example.org", topic="status", channel="web")
    b = receive(ref="b", name="Sara Haile", email="sara@example.org", topic="status", channel="web")
    with TestCase.captureOnCommitCallbacks(execute=True):
        record = merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id

    def killed(**_kwargs):
        raise Killed

    monkeypatch.setattr(questions, "part_questions", killed)
    with pytest.raises(Killed), TestCase.captureOnCommitCallbacks(execute=True):
        undo_merge(merge=record, actor=agent, reason="two people after all")
    record.refresh_from_db()
    # before: the merge was undone (two people again) while their contacts stayed in one question
    assert record.undone_at is None and Client.objects.get(pk=b.contact.client_id).merged_into_id == a.contact.client_id
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
