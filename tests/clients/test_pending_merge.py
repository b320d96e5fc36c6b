"""A merge inside an import: before it, the batch writes only what waits for the two
clients it joins (``pending.flush_for``), the rest when the batch ends; its audit entries
join the batch's own in one append to the chain. The decisions stay those of one contact
at a time (tests/clients/test_batch_linking.py)."""

import pytest

from loket.clients.models import Client, ClientPhone, Representative
from loket.clients.services import ContactIdentity, link_contacts, linking, pending
from loket.clients.services.identity import parse_identity
from loket.core import audit
from loket.core.audit_models import AuditEntry


@pytest.mark.django_db
def test_a_merge_in_an_import_writes_only_the_rows_of_the_clients_it_joins(monkeypatch):
    identities = [
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991-04-02", v_number="1111111111"),
        ContactIdentity(name="Amal Haddad", birth_date="1985-01-01", phone="+31622222222"),  # merged with nobody
        ContactIdentity(phone="+31611111111", email="yt@example.org"),
        ContactIdentity(v_number="1111111111", phone="+31611111111"),  # the first and third: one person
    ]
    on_file = {}
    merge = linking.merge_clients

    def look_then_merge(**kwargs):
        on_file["joined"] = sorted(
            ClientPhone.objects.filter(client__in=[kwargs["keep"], kwargs["merge"]]).values_list("number", flat=True)
        )
        on_file["other"] = ClientPhone.objects.filter(number="+31622222222").count()
        on_file["clients"] = Client.objects.count()
        return merge(**kwargs)

    monkeypatch.setattr(linking, "merge_clients", look_then_merge)
    results = link_contacts(identities=identities, actor="import", sources=["c1", "c2", "c3", "c4"])

    assert [r.outcome for r in results] == ["new", "new", "new", "linked"] and len(results[3].merges) == 1
    # the merge saw both its clients as they were; Amal Haddad's client and phone still waited
    assert on_file == {"joined": ["+31611111111"], "other": 0, "clients": 2}
    # and were written when the batch ended
    assert ClientPhone.objects.filter(number="+31622222222", client=results[1].client).exists()
    merged = Client.objects.get(pk=results[2].client.pk)
    assert merged.merged_into_id == results[0].client.pk
    assert list(results[0].client.phones.values_list("number", flat=True)) == ["+31611111111"]


@pytest.mark.django_db
def test_after_a_merge_the_view_reads_waiting_represented_clients_with_the_rest():
    """The view reads the clients of the representatives it holds afresh after a merge; a
    client made in the batch with a representative is written first, or it would go missing."""
    lawyer = Representative.objects.create(name="Mr. Ria Advocaat", phone="+31201234567")
    other = Client.objects.create(display_name="Someone else")
    with pending.batch() as batch:
        batch.load([parse_identity(ContactIdentity(phone="+31201234567"))])
        client = Client(display_name="Sara Ali", representative=lawyer)
        pending.insert_client(client)
        batch.refresh({other.pk})
        assert batch.view.represented[lawyer.pk] == [client.pk]


@pytest.mark.django_db
def test_the_merges_of_a_batch_are_logged_with_the_batch_in_one_append(monkeypatch):
    identities = [
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991-04-02", v_number="1111111111"),
        ContactIdentity(phone="+31611111111"),
        ContactIdentity(name="Amal Haddad", birth_date="1985-01-01", v_number="2222222222"),
        ContactIdentity(email="amal@example.org"),
        ContactIdentity(v_number="1111111111", phone="+31611111111"),  # first and second: merged
        ContactIdentity(v_number="2222222222", email="amal@example.org"),  # third and fourth: merged
    ]
    appends = []
    record_many = audit.record_many
    monkeypatch.setattr(
        audit, "record_many", lambda entries, **kw: appends.append(len(entries)) or record_many(entries, **kw)
    )
    before = AuditEntry.objects.count()
    results = link_contacts(identities=identities, actor="import", sources=[f"c{i}" for i in range(6)])

    assert [len(r.merges) for r in results] == [0, 0, 0, 0, 1, 1]
    assert appends == [5]  # two entries per merge and the batch's own, the chain's head locked once
    logged = list(AuditEntry.objects.order_by("seq")[before:].values_list("action", "object_id", "data"))
    assert [action for action, _id, _data in logged] == ["clients.client.merged"] * 4 + ["clients.batch_linked"]
    for merge, (first, second) in zip((results[4].merges[0], results[5].merges[0]), (logged[0:2], logged[2:4])):
        assert {first[1], second[1]} == {str(merge.keep_id), str(merge.merged_id)}
        assert first[2]["merge"] == second[2]["merge"] == merge.pk
    assert logged[4][2]["merges"] == 2


@pytest.mark.django_db
def test_what_a_merging_contact_adds_waits_with_the_batch():
    """After a merge the view reads the kept client again, and the new e-mail address the
    contact brings waits with the batch's other rows: one INSERT for the batch's addresses
    (it used to be written at once, after reading the client's names and addresses again)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    identities = [
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991-04-02", v_number="1111111111"),
        ContactIdentity(phone="+31611111111"),
        ContactIdentity(name="Amal Haddad", birth_date="1985-01-01", email="amal@example.org"),
        ContactIdentity(v_number="1111111111", phone="+31611111111", email="yt@example.org"),  # merges 1 and 2
    ]
    with CaptureQueriesContext(connection) as queries:
        results = link_contacts(identities=identities, actor="import", sources=["c1", "c2", "c3", "c4"])

    assert [r.outcome for r in results] == ["new", "new", "new", "linked"] and len(results[3].merges) == 1
    kept = Client.objects.get(pk=results[0].client.pk)
    assert sorted(kept.emails.values_list("address", flat=True)) == ["yt@example.org"]
    assert list(kept.phones.values_list("number", flat=True)) == ["+31611111111"]
    assert sorted(results[2].client.emails.values_list("address", flat=True)) == ["amal@example.org"]
    statements = [q["sql"] for q in queries.captured_queries]
    assert sum('INSERT INTO "clients_clientemail"' in s for s in statements) == 1
