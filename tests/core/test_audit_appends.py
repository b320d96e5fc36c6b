"""Appends to the audit chain: many writers at once keep one unbroken chain (the head row's
lock serialises them), and an entry written inside a use case costs three statements."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from loket.core import audit
from loket.core.audit_models import AuditEntry


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL: threads in this process")
def test_writers_at_once_keep_one_unbroken_chain():
    writers, each = 6, 15
    barrier, failures = threading.Barrier(writers), []

    def write(n: int):
        try:
            barrier.wait()
            for i in range(each):
                with transaction.atomic():  # as a use case does: its change and its entry
                    audit.record(actor=f"writer-{n}", action="core.test.appended", data={"i": i})
        except Exception as exc:  # reported below, in the main thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * each + 1))
    findings = audit.check()
    assert findings.problems == [] and findings.entries == writers * each


@pytest.mark.django_db
def test_an_entry_inside_a_use_case_costs_three_statements():
    audit.record(actor="system", action="core.test.first")  # the head row exists from here on
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        audit.record(actor="system", action="core.test.second")
    statements = [q["sql"].split()[0].upper() for q in ctx.captured_queries]
    assert statements == ["SELECT", "INSERT", "UPDATE"]
    assert audit.check().problems == []


@pytest.mark.django_db
def test_several_entries_of_one_use_case_move_the_head_once():
    """A merge of two clients writes an entry for each: one lock of the head, one insert."""
    audit.record(actor="system", action="core.test.first")
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        written = audit.record_many(
            [
                dict(action="core.test.second", object_type="clients.client", object_id=7, reason="one person"),
                dict(action="core.test.third", object_type="clients.client", object_id=8, data={"with": 7}),
            ],
            actor="anna",
        )
    statements = [q["sql"].split()[0].upper() for q in ctx.captured_queries]
    assert statements == ["SELECT", "INSERT", "UPDATE"]
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [(e.seq, e.action, e.object_id, e.actor) for e in entries] == [
        (1, "core.test.first", "", "system"),
        (2, "core.test.second", "7", "anna"),
        (3, "core.test.third", "8", "anna"),
    ]
    assert [e.pk for e in written] == [e.pk for e in entries[1:]]
    assert entries[2].prev_hash == entries[1].hash and entries[2].data == {"with": 7}
    assert audit.check().problems == []
