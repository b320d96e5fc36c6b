"""Two clients merged: their open questions are joined once the merge has committed. The
merge's own transaction records that this is due, so a process killed between the commit
and the regrouping leaves the work on file, and the next import or ``regroup_task``
finishes it."""

from django.test import TestCase

from loket.clients.services import merge_clients
from loket.contact.models import Contact, RegroupDue
from loket.contact.tasks import regroup_task


def _two_files_staff_find_one_person(receive):
    a = receive(ref="a", name="Amina Yusuf", email="amina@example.org", topic="status", channel="web")
    b = receive(ref="b", name="Sara Haile", email="sara@example.org", topic="status", channel="web")
    assert a.contact.client_id != b.contact.client_id and a.contact.question_id != b.contact.question_id
    return a, b


def test_the_questions_are_joined_once_the_merge_has_committed(receive, agent):
    a, b = _two_files_staff_find_one_person(receive)
    with TestCase.captureOnCommitCallbacks(execute=True):
        merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    assert not RegroupDue.objects.exists()


def test_a_kill_between_the_merge_and_its_regrouping_leaves_the_work_on_file(receive, agent):
    a, b = _two_files_staff_find_one_person(receive)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the process dies as the merge commits
        merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
    assert list(RegroupDue.objects.values_list("client_id", flat=True)) == [a.contact.client_id]
    assert Contact.objects.get(ref="b").question_id == b.contact.question_id  # not joined yet
    assert regroup_task.call() == {"questions_joined": 1}
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    assert not RegroupDue.objects.exists()
    assert regroup_task.call() == {"questions_joined": 0}  # nothing left, nothing twice
