"""Staff merge two clients while an import's batch runs (after it read what it needs): a
contact of that batch carrying both clients' identifiers must still be stored, on the
client that was kept, as linking it alone would. The batch's own merge finds the client
merged already and the batch starts again one contact at a time (found by an attack:
the ValidationError stopped the whole import)."""

import json

import pytest
from django.db import connection  # noqa: F401 (the skipif below)

from loket.clients.models import Client
from loket.clients.services import ContactIdentity, link_contacts, linking, merge_clients, register_client
from loket.clients.services.batchview import BatchView
from loket.clients.services.merging import AlreadyMerged
from loket.contact.models import Contact
from loket.contact.services import import_jsonl
from tests.clients.test_foreign_writes import _elsewhere
from tests.contact.conftest import line


def _two_clients():
    a = register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", v_number="1234567890"), actor="counter"
    )
    b = register_client(
        identity=ContactIdentity(name="Amal Haddad", birth_date="1990", email="amal@example.org"), actor="counter"
    )
    return a, b


@pytest.mark.django_db
def test_a_merge_made_meanwhile_sends_the_batch_one_contact_at_a_time(monkeypatch):
    a, b = _two_clients()
    merge = linking.merge_clients
    refused = []

    def merged_meanwhile(**kwargs):
        if not refused:  # as merge_clients finds it when staff merged the pair since the batch read it
            refused.append(kwargs["merge"].pk)
            raise AlreadyMerged("This client was already merged into another.")
        return merge(**kwargs)

    monkeypatch.setattr(linking, "merge_clients", merged_meanwhile)
    results = link_contacts(
        identities=[
            ContactIdentity(name="Yusuf Karimi", email="yk@example.org"),
            ContactIdentity(name="Amal Haddad", v_number="1234567890", email="amal@example.org"),
        ],
        actor="import",
        sources=["x1", "x2"],
    )
    assert refused == [b.pk]
    assert [r.outcome for r in results] == ["new", "linked"]
    assert results[1].client.resolved().pk == a.pk and len(results[1].merges) == 1
    assert Client.objects.filter(display_name="Yusuf Karimi").count() == 1  # the first batch's work undone once


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two writers at once: PostgreSQL")
def test_staff_merge_while_a_batch_runs_leaves_the_import_whole(monkeypatch):
    a, b = _two_clients()
    loads = []
    load, extend = BatchView.load, BatchView.extend

    def then_staff_merge(view, identities):
        if any(p.v_number == "1234567890" for p in identities) and not loads:
            loads.append(1)
            _elsewhere(lambda: merge_clients(keep=Client.objects.get(pk=a.pk), merge=Client.objects.get(pk=b.pk),
                                             actor="staff", reason="one person"))  # fmt: skip
        return view

    monkeypatch.setattr(BatchView, "load", lambda view, ids: then_staff_merge(load(view, ids), ids))
    monkeypatch.setattr(BatchView, "extend", lambda view, ids: then_staff_merge(extend(view, ids), ids))
    rows = [
        dict(ref="x1", name="Yusuf Karimi", email="yk@example.org"),
        dict(ref="x2", name="Amal Haddad", v_number="1234567890", email="amal@example.org"),
    ]
    report = import_jsonl([json.dumps(line(**row)) + "\n" for row in rows], batch_size=1)

    assert loads == [1]
    assert report.stored == 2 and report.bad == []
    assert Contact.objects.get(ref="x2").client.resolved().pk == a.pk
