"""A merge staff ask for waits only briefly for clients an import's batch holds: the batch
holds the clients it merged until it commits, and staff who hold another client the batch
goes on to merge would be a deadlock that PostgreSQL may break by stopping the import
(found by an attack). Staff are asked to try again instead; the import goes on."""

import json

import pytest
from django.db import connection
from django.utils import translation

from loket.clients.models import Client
from loket.clients.services import ContactIdentity, linking, merge_clients, register_client
from loket.clients.services.merging import ClientsBusy
from loket.contact.models import Contact
from loket.contact.services import import_jsonl
from tests.concurrency import Elsewhere
from tests.contact.conftest import line

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once: PostgreSQL"),
]


def test_staff_merging_clients_an_import_merges_are_asked_to_try_again(monkeypatch):
    """Four clients of one person, A < C < B < D by id. The batch merges B into A (x1), then D
    into C (x2). Between the two, staff merge B into C: they lock C and wait for B."""
    person = dict(name="Amal Haddad")
    a = register_client(identity=ContactIdentity(**person, birth_date="1990-02-03", v_number="1234567890"), actor="c")
    c = register_client(identity=ContactIdentity(**person, phone="0612345678"), actor="c")
    b = register_client(identity=ContactIdentity(**person, email="amal@example.org"), actor="c")
    d = register_client(identity=ContactIdentity(**person, case_ref="ZK1234567"), actor="c")
    assert a.pk < c.pk < b.pk < d.pk
    real, staff = linking.merge_clients, []

    def merge_then_staff(**kwargs):
        record = real(**kwargs)
        if not staff:
            keep, merge = Client.objects.get(pk=c.pk), Client.objects.get(pk=b.pk)

            def merge_in_dutch():
                with translation.override("nl"):
                    merge_clients(keep=keep, merge=merge, actor="staff", reason="one person")

            staff.append(Elsewhere(merge_in_dutch))
            assert staff[0].wait(1.5), "staff still wait for the batch"
        return record

    monkeypatch.setattr(linking, "merge_clients", merge_then_staff)
    rows = [
        dict(ref="x1", name="Amal Haddad", v_number="1234567890", email="amal@example.org"),
        dict(ref="x2", name="Amal Haddad", phone="0612345678", case_ref="ZK1234567"),
    ]
    report = import_jsonl([json.dumps(line(**row)) + "\n" for row in rows], batch_size=10)
    assert report.bad == [] and report.stored == 2
    (refused,) = staff[0].join().failures
    assert isinstance(refused, ClientsBusy)
    assert refused.messages == [
        "Iemand anders wijzigt een van deze cliënten op dit moment (een import, bijvoorbeeld). "
        "Probeer het over een minuut opnieuw."
    ]
    x1, x2 = (Contact.objects.get(ref=ref).client.resolved().pk for ref in ("x1", "x2"))
    assert (x1, x2) == (a.pk, c.pk)
    assert Client.objects.get(pk=b.pk).merged_into_id == a.pk and Client.objects.get(pk=d.pk).merged_into_id == c.pk


def test_staff_merge_waits_as_long_as_it_likes_where_nobody_holds_the_clients():
    a = register_client(identity=ContactIdentity(name="Amal Haddad", phone="0612345678"), actor="c")
    b = register_client(identity=ContactIdentity(name="Amal Haddad", email="amal@example.org"), actor="c")
    merge_clients(keep=a, merge=b, actor="staff", reason="one person")
    assert Client.objects.get(pk=b.pk).merged_into_id == a.pk
    with connection.cursor() as cursor:  # the short wait was for the lock only
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"
