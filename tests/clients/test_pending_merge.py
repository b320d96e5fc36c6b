"""A merge inside an import: before it, the batch writes only what waits for the two
clients it joins (``pending.flush_for``), the rest when the batch ends; its audit entries
join the batch's own in one append to the chain. The decisions stay those of one contact
at a time (tests/clients/test_batch_linking.py)."""

from contextlib import nullcontext

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


@pytest.mark.django_db
def test_the_view_follows_merges_as_the_database_holds_them(monkeypatch):
    """The batch's view follows each merge in memory: the merged client's phone, address,
    case and V-number are found on the kept client, a phone both held leads there too, the
    merged client's name finds the kept client, and merges chain, all as one contact at a
    time decides; the view reads none of the clients' details again after a merge."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    identities = [
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991-04-02", phone="+31600000001", case_ref="NL00"),
        ContactIdentity(v_number="1111111111", case_ref="NL01"),
        ContactIdentity(email="yt@example.org", phone="+31611111111"),
        ContactIdentity(v_number="1111111111", email="yt@example.org"),  # the second and third: merged
        ContactIdentity(case_ref="NL00", v_number="1111111111"),  # the first and those: merged again
        ContactIdentity(phone="+31600000001", email="yt@example.org"),
        ContactIdentity(case_ref="NL01", name="Yohannes Tesfay"),
        ContactIdentity(phone="+31611111111", v_number="1111111111"),
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991-04-02"),
        ContactIdentity(name="Amal Haddad", birth_date="1985-01-01", case_ref="NL02"),
        ContactIdentity(email="amal@example.org", phone="+31622222222"),
        ContactIdentity(case_ref="NL02", email="amal@example.org", phone="+31633333333"),  # merged
        ContactIdentity(phone="+31622222222"),
        ContactIdentity(name="Amal Haddad", birth_date="1985-01-01", phone="+31633333333"),
    ]
    queries = CaptureQueriesContext(connection)
    sequential, batched = _one_by_one_and_batched(identities, monkeypatch, watch=queries)

    assert sum(row[3] for row in sequential[0]) >= 3  # merges, one of them of a client merged into before
    assert batched == sequential
    assert len(set().union(*sequential[1])) == len(identities)  # every contact ended on a client
    # the register was empty, so the batch read no client's details at its start; nor after a merge
    assert not [q for q in queries.captured_queries if "LEFT JOIN clients_representative r" in q["sql"]]


@pytest.mark.django_db
def test_a_merge_with_a_represented_client_on_file_decides_as_one_at_a_time(monkeypatch):
    """A client on file with a lawyer is merged with one the batch made: the kept client
    has the lawyer (it had none), and a later contact from the lawyer's phone is weighed
    against the clients the lawyer represents, as one contact at a time."""
    from loket.clients.services import register_representative
    from loket.clients.services.registry import create_from_identity

    lawyer = register_representative(name="Mr. Ria Advocaat", phone="+31201234567", actor="import")
    on_file = create_from_identity(parse_identity(ContactIdentity(name="Sara Ali", v_number="2222222222")))
    Client.objects.filter(pk=on_file.pk).update(representative=lawyer)
    identities = [
        ContactIdentity(case_ref="NL09", email="sara@example.org", birth_date="1990-05-05"),
        ContactIdentity(v_number="2222222222", case_ref="NL09"),  # the client on file and the new one
        ContactIdentity(phone="+31201234567", name="Sara Ali"),  # the lawyer writes
        ContactIdentity(email="sara@example.org", name="Sara Ali", birth_date="1990-05-05"),
    ]
    sequential, batched = _one_by_one_and_batched(identities, monkeypatch)

    assert sequential[0][1][3] == 1  # the second contact merged the two
    assert batched == sequential


_P = "+31611111111"
_CHAIN = [  # two merges chaining in one batch: A into B, then B into C
    ContactIdentity(v_number="1111111111", email="ec@example.org"),  # C
    ContactIdentity(phone=_P, email="eb@example.org", case_ref="ZK-1"),  # B
    ContactIdentity(name="Amal Haddad", email="ea@example.org"),  # A
    ContactIdentity(name="Amal Haddad", email="ea@example.org", phone=_P),  # A gets the phone B holds
    ContactIdentity(email="ea@example.org", case_ref="ZK-1"),  # A into B (A's phone row stays on A)
    ContactIdentity(v_number="1111111111", case_ref="ZK-1"),  # B into C: B holds nothing the batch asks
    ContactIdentity(phone=_P),  # held by A (now leading to C) and by C: one client
]


def _one_by_one_and_batched(identities, monkeypatch, watch=None):
    """The outcome of linking one contact at a time and of one batch, each rolled back
    (``watch``, a context manager, is around the batch only)."""
    from tests.clients.test_batch_linking import _fresh, _outcome

    refs = [f"c{i}" for i in range(len(identities))]
    sequential = _fresh(
        lambda: _outcome([linking.link_contact(identity=i, actor="import", source=r) for i, r in zip(identities, refs)])
    )
    with monkeypatch.context() as patched, nullcontext() if watch is None else watch:
        patched.setattr(linking, "_link_parsed", lambda *a, **k: pytest.fail("fell back to one at a time"))
        batched = _fresh(lambda: _outcome(link_contacts(identities=identities, actor="import", sources=refs)))
    return sequential, batched


@pytest.mark.django_db
def test_a_chain_of_merges_in_one_batch_leads_to_the_last_client(monkeypatch):
    """Found by an attack: after B went into C, the view still took A to live on in B
    (only clients still holding a value the batch asked about were followed), so the last
    contact's phone seemed shared by two clients and went to review."""
    sequential, batched = _one_by_one_and_batched(_CHAIN, monkeypatch)
    assert [row[3] for row in sequential[0]] == [0, 0, 0, 0, 1, 1, 0]
    assert sequential[0][6][:3] == ("linked", 1.0, ["phone exact", "birth date unknown"])
    assert batched == sequential


@pytest.mark.django_db
def test_past_fifty_holders_of_a_phone_a_merge_keeps_their_order(monkeypatch):
    """Found by an attack: the database offers the first ``MAX_HOLDERS`` holders of a value
    by row id, and a merge keeps the moved row's id; the view put the moved holder last,
    and a later contact was offered another client for review than one at a time."""
    import random

    rng = random.Random(5)
    syllables = ["ka", "lo", "mi", "ran", "tes", "fu", "bor", "zel", "qui", "dan", "wex", "yor", "pim", "sha"]

    def word():
        return "".join(rng.choice(syllables) for _ in range(3)).capitalize()

    identities = [
        ContactIdentity(name="Amal Haddad", phone=_P, email="e1@example.org"),
        *(ContactIdentity(name=f"{word()} {word()}", birth_date=f"{1950 + i}", phone=_P) for i in range(55)),
        ContactIdentity(v_number="1111111111", birth_date="1985-01-01", nationality="SY"),
        ContactIdentity(v_number="1111111111", email="e1@example.org"),  # the first holder merged: its row moves
        ContactIdentity(phone=_P, birth_date="1985-01-01", nationality="SY"),
    ]
    sequential, batched = _one_by_one_and_batched(identities, monkeypatch)
    assert sequential[0][-2][3] == 1 and sequential[0][-1][0] == "review"
    assert batched == sequential
