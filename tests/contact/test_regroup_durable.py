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


SURNAMES = [
    "Abera",
    "Bakri",
    "Chowdhury",
    "Dimitrov",
    "Eriksen",
    "Fofana",
    "Gashi",
    "Hakimi",
    "Ibrahimovic",
    "Jovanovic",
    "Kowalczyk",
    "Lindqvist",
    "Mensah",
    "Nakamura",
    "Okonkwo",
    "Petrenko",
    "Quispe",
    "Rahimi",
    "Sokolova",
    "Tesfamariam",
    "Umarov",
    "Vasquez",
    "Wojcik",
    "Xhaka",
    "Yilmaz",
    "Zeleke",
    "Achterberg",
    "Bouzid",
]


def _pairs_merged_by_a_killed_process(receive, agent, pairs: int) -> list:
    """``pairs`` people, each on two clients that staff merged, the process killed each time."""
    kept = []
    for n in range(pairs):
        family = SURNAMES[2 * n : 2 * n + 2] if pairs > 2 else SURNAMES[-2 - 2 * n : len(SURNAMES) - 2 * n]
        a = receive(ref=f"a{pairs}-{n}", name=f"Amina {family[0]}", email=f"a{pairs}-{n}@example.org", channel="web")
        b = receive(ref=f"b{pairs}-{n}", name=f"Sara {family[1]}", email=f"b{pairs}-{n}@example.org", channel="web")
        with TestCase.captureOnCommitCallbacks(execute=False):
            merge_clients(keep=a.contact.client, merge=b.contact.client, actor=agent, reason="one person")
        kept.append(a.contact)
    return kept


def test_many_clients_left_to_regroup_are_finished_a_hundred_at_a_time(receive, agent):
    """An import that merged a thousand clients regroups them at its end: the statements per
    hundred clients do not grow with the clients, only with the questions joined."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.contact.services.questions import finish_regroups

    counts = {}
    for pairs in (2, 12):
        kept = _pairs_merged_by_a_killed_process(receive, agent, pairs)
        with CaptureQueriesContext(connection) as ctx:
            assert finish_regroups(actor="regroup", reason="clients merged during an import") == pairs
        counts[pairs] = len(ctx.captured_queries)
        for contact in kept:  # each person's two questions are one now
            assert Contact.objects.filter(ref="b" + contact.ref[1:]).get().question_id == contact.question_id
        assert not RegroupDue.objects.exists()
    # per question joined: the contacts and the tasks moved, both questions written, the record
    assert counts[12] - counts[2] == 10 * 5
