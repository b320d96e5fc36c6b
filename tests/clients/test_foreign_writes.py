"""An import on PostgreSQL carries its view of the clients from batch to batch while no other
connection changes them, and reads afresh once one has (``foreign_writes``): the speed of
SQLite's path, without a batch deciding on what staff changed meanwhile."""

import threading

import pytest
from django.db import connection, connections, transaction

from loket.clients.models import ClientPhone
from loket.clients.services import ContactIdentity, foreign_writes, link_contacts, link_session
from loket.clients.services.batchview import BatchView

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's notifications"),
]


def _batch(*identities):
    with transaction.atomic():  # one transaction per batch, as the import
        return link_contacts(identities=list(identities), actor="import")


def _elsewhere(work):
    """Run ``work`` on another database connection (another thread), committed."""
    failures = []

    def run():
        try:
            with transaction.atomic():
                work()
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert failures == []


@pytest.fixture
def loads(monkeypatch):
    fresh = []
    original = BatchView.load
    monkeypatch.setattr(BatchView, "load", lambda view, ids: fresh.append(1) or original(view, ids))
    return fresh


def test_the_view_is_carried_while_nobody_else_writes(loads):
    with link_session():
        _batch(ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678"))
        _batch(ContactIdentity(name="Yusuf Karimi", birth_date="1985-01-02", email="yusuf@example.org"))
        (third,) = _batch(ContactIdentity(name="Amal Haddad", phone="0612345678"))
    assert len(loads) == 1  # read once, then carried over the batch's own commits
    assert third.outcome == "linked"


def test_a_change_by_another_connection_between_batches_is_seen(loads):
    """Staff add a phone number to a client between two batches. The batch after that must
    see it: a contact from that phone and the client's name finds the client."""
    with link_session():
        (first,) = _batch(ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678"))
        (unsure,) = _batch(ContactIdentity(name="Amal Haddad", phone="0611112222"))
        assert unsure.outcome == "review"  # a name alone: the phone is nobody's yet
        _elsewhere(lambda: ClientPhone.objects.create(client_id=first.client.pk, number="+31611112222"))
        (second,) = _batch(ContactIdentity(name="Amal Haddad", phone="0611112222"))
    assert second.outcome == "linked" and second.client == first.client
    assert "phone exact" in second.reasons
    assert len(loads) == 2  # the first batch, and the one after the other connection's commit


def test_a_write_elsewhere_that_touches_no_client_keeps_the_view(loads):
    from loket.core import audit

    with link_session():
        _batch(ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678"))
        _elsewhere(lambda: audit.record(actor="someone", action="core.test.elsewhere"))
        _batch(ContactIdentity(name="Amal Haddad", phone="0612345678"))
    assert len(loads) == 1


def test_inside_a_transaction_the_session_cannot_tell_and_reads_afresh(loads):
    """A LISTEN inside a transaction would start only at its commit: no carrying there."""
    with transaction.atomic(), link_session():
        assert foreign_writes.mark() is None
        link_contacts(identities=[ContactIdentity(name="Amal Haddad", phone="0612345678")], actor="import")
        link_contacts(identities=[ContactIdentity(name="Amal Haddad", phone="0612345678")], actor="import")
    assert len(loads) == 2


def test_the_connection_stops_listening_when_the_session_ends():
    def channels():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_listening_channels()")
            return [row[0] for row in cursor.fetchall()]

    with link_session():
        assert channels() == [foreign_writes.CHANNEL]
    assert channels() == []


def test_every_table_the_view_reads_notifies_on_change():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'loket_clients_changed' AND t.tgenabled = 'O'"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(foreign_writes.TABLES)
