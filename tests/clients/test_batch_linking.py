"""The batch form of linking (``link_contacts``, used by the bulk import) must take exactly the
decisions that ``link_contact`` takes when called once per contact in the same order."""

import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from django.db import connection, transaction

from loket.clients.models import Client, ReviewItem
from loket.clients.services import (
    ContactIdentity,
    InvalidIdentity,
    link_contact,
    link_contacts,
    link_session,
    linking,
    register_representative,
)
from loket.clients.services.batchview import BatchView
from loket.core.audit_models import AuditEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from contact_data import generate_all

FIELDS = ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref", "language")


class _Rollback(Exception):
    pass


def _data(persons=100, seed=9):
    data = generate_all(persons, seed)
    identities = [ContactIdentity(**{f: c.get(f, "") or "" for f in FIELDS}) for c in data["contacts"]]
    refs = [c["ref"] for c in data["contacts"]]
    for at, bad in (
        (10, ContactIdentity(name="Amal Haddad", phone="06-not-a-number")),
        (len(identities) // 2, ContactIdentity(name="Amal Haddad", birth_date="1990-02-30")),
    ):
        identities.insert(at, bad)  # they change nothing, and the contacts after them go on
        refs.insert(at, f"bad-{at}")
    return data["representatives"], identities, refs


def _register(representatives):
    for rep in representatives:
        register_representative(
            name=rep["name"], email=rep.get("email", ""), phone=rep.get("phone", ""), actor="import"
        )


def _outcome(results):
    """Per contact: outcome, score, reasons and the client it ends on (after every merge);
    and the partition of the contacts by that client (ids differ between runs)."""
    rows, groups = [], {}
    for i, result in enumerate(results):
        if isinstance(result, InvalidIdentity):
            rows.append(("invalid", sorted(result.message_dict)))
            continue
        rows.append(
            (result.outcome, round(result.score, 6), list(result.reasons), len(result.merges), len(result.candidates))
        )
        if result.client is not None:
            groups.setdefault(Client.objects.get(pk=result.client.pk).resolved().pk, set()).add(i)
    return (
        rows,
        {frozenset(g) for g in groups.values()},
        Client.objects.count(),
        ReviewItem.objects.count(),
        _stored(),
    )


def _stored():
    """Everything linking stored, without the ids (they differ between runs): per client its
    V-number, birth date, names, phones, addresses, cases and blocking keys; per review item
    its candidates' scores."""
    clients = sorted(
        (
            c.v_number or "",
            str(c.birth_date),
            c.nationality,
            c.merged_into_id is None,
            tuple(sorted(c.names.values_list("full_name", flat=True))),
            tuple(sorted(c.phones.values_list("number", flat=True))),
            tuple(sorted(c.emails.values_list("address", flat=True))),
            tuple(sorted(c.case_refs.values_list("reference", flat=True))),
            tuple(sorted(c.blocking_keys.values_list("key", flat=True))),
        )
        for c in Client.objects.all()
    )
    reviews = sorted(
        (item.source, item.score, tuple(item.reasons), tuple(sorted(item.candidates.values_list("score", flat=True))))
        for item in ReviewItem.objects.all()
    )
    return clients, reviews


def _fresh(run):
    """Run ``run`` on the database as it is now and undo everything it wrote."""
    out = {}
    try:
        with transaction.atomic():
            out["value"] = run()
            raise _Rollback
    except _Rollback:
        pass
    return out["value"]


@pytest.mark.django_db
def test_batches_decide_exactly_as_one_contact_at_a_time(monkeypatch):
    representatives, identities, refs = _data()

    def one_by_one():
        _register(representatives)
        results = []
        for identity, ref in zip(identities, refs):
            try:
                results.append(link_contact(identity=identity, actor="import", source=ref))
            except InvalidIdentity as exc:
                results.append(exc)
        return _outcome(results)

    def in_batches(size, session):
        _register(representatives)
        results = []
        with link_session() if session else nullcontext():
            for start in range(0, len(identities), size):
                results += link_contacts(
                    identities=identities[start : start + size], actor="import", sources=refs[start : start + size]
                )
        return _outcome(results)

    sequential = _fresh(one_by_one)

    def no_fallback(*args, **kwargs):
        raise AssertionError("the batch fell back to linking one contact at a time")

    # the batch must take its own (buffered) way, not its fallback after an IntegrityError
    monkeypatch.setattr(linking, "_link_parsed", no_fallback)
    assert len(sequential[0]) == len(identities) > 300  # 100 people: every way below, in 3 or 9 batches
    outcomes = {row[0] for row in sequential[0]}
    assert {"new", "linked", "review", "invalid"} <= outcomes  # the data set exercises every way
    assert sum(row[3] for row in sequential[0] if row[0] != "invalid") >= 2  # and merges within a batch
    fresh_loads = []
    original_load = BatchView.load
    monkeypatch.setattr(BatchView, "load", lambda view, ids: fresh_loads.append(1) or original_load(view, ids))
    # a session carries the view from batch to batch (on SQLite; on PostgreSQL only where it
    # can listen, outside a transaction such as this test's: tests/clients/test_foreign_writes.py)
    for size, session in ((120, False), (41, False), (120, True), (41, True)):
        fresh_loads.clear()
        batched = _fresh(lambda: in_batches(size, session))  # noqa: B023 (run at once)
        batches = -(-len(identities) // size)
        carried = session and connection.vendor == "sqlite"
        assert len(fresh_loads) == (1 if carried else batches)
        assert batched[0] == sequential[0]
        assert batched[1] == sequential[1]
        assert batched[2:4] == sequential[2:4]
        assert batched[4] == sequential[4]


@pytest.mark.django_db
def test_a_batch_writes_one_audit_entry_naming_the_clients_it_touched():
    results = link_contacts(
        actor="import",
        sources=["C1", "C2", "C3"],
        identities=[
            ContactIdentity(name="Ahmed Al-Hassan", birth_date="1988-03-14", v_number="1234567890"),
            ContactIdentity(name="Ahmed", birth_date="2023-02-30"),
            ContactIdentity(name="Achmed Alhassan", v_number="V12-3456-7890", phone="0612345678"),
        ],
    )
    entries = list(AuditEntry.objects.filter(action__startswith="clients."))
    assert [e.action for e in entries] == ["clients.batch_linked"]
    data = entries[0].data
    assert (data["contacts"], data["new"], data["linked"], data["invalid"]) == (3, 1, 1, 1)
    assert data["created_clients"] == [results[0].client.pk] and data["linked_clients"] == [results[0].client.pk]


@pytest.mark.django_db
def test_contacts_after_a_merge_in_the_same_batch_see_the_merged_client(monkeypatch):
    """A merge moves rows between two clients mid-batch: the contacts after it must find the
    kept client by the moved phone number and by its blocking keys, as one by one."""
    identities = [
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991-04-02", v_number="1111111111"),
        ContactIdentity(phone="+31611111111", email="yt@example.org"),
        ContactIdentity(v_number="1111111111", phone="+31611111111"),  # the two are one person: merged
        ContactIdentity(name="Yohannes Tesfay", phone="+31611111111"),
        ContactIdentity(name="Yohannes Tesfay", birth_date="1991"),
    ]
    refs = [f"c{i}" for i in range(len(identities))]

    def one_by_one():
        return _outcome([link_contact(identity=i, actor="import", source=r) for i, r in zip(identities, refs)])

    sequential = _fresh(one_by_one)
    monkeypatch.setattr(linking, "_link_parsed", lambda *a, **k: pytest.fail("fell back to one at a time"))
    batched = _fresh(lambda: _outcome(link_contacts(identities=identities, actor="import", sources=refs)))
    assert batched == sequential
    rows = sequential[0]
    assert rows[2][3] == 1 and "clients merged" in rows[2][2]
    assert rows[3][0] == "linked" and "phone exact" in rows[3][2] and any(r.startswith("name") for r in rows[3][2])
    assert rows[4][0] in ("linked", "review") and rows[4][4] >= 1  # found by its name and year of birth


@pytest.mark.django_db
def test_an_import_rewrites_only_the_blocking_keys_that_change():
    """A later contact makes a client's birth date more precise (same year) and adds a
    father's name: the keys already stored stay as they are (the same rows), the new
    spelling's keys are added, and the client ends with exactly the keys of its names."""
    from loket.clients import blocking
    from loket.clients.models import ClientBlockingKey
    from loket.clients.names import forms

    with link_session():
        first = link_contacts(
            actor="import",
            sources=["c1"],
            identities=[ContactIdentity(name="Yohannes Tesfay", birth_date="1991", phone="+31611111111")],
        )[0]
        client = first.client
        stored = dict(ClientBlockingKey.objects.filter(client=client).values_list("key", "pk"))
        later = link_contacts(
            actor="import",
            sources=["c2"],
            identities=[ContactIdentity(name="Yohannes Gebre Tesfay", birth_date="1991-04-02", phone="+31611111111")],
        )[0]
    assert later.outcome == "linked" and later.client.pk == client.pk
    client.refresh_from_db()
    assert str(client.birth_date) == "1991-04-02"
    names = sorted(client.names.values_list("full_name", flat=True))
    assert names == ["Yohannes Gebre Tesfay", "Yohannes Tesfay"]
    now = dict(ClientBlockingKey.objects.filter(client=client).values_list("key", "pk"))
    assert set(now) == blocking.client_keys([forms(n) for n in names], 1991)
    assert set(now) > set(stored)  # the new name brought keys of its own
    assert {key: now[key] for key in stored} == stored  # and the stored rows were left alone


@pytest.mark.django_db
def test_a_key_list_too_long_to_hold_is_read_from_the_database_as_one_by_one(monkeypatch):
    """Past blocking.MAX_POSTING clients a key's list is cut by the database; the batch then
    asks the database too (after writing what waits), and decides as one by one."""
    from loket.clients import blocking

    monkeypatch.setattr(blocking, "MAX_POSTING", 3)
    representatives, identities, refs = _data(persons=60, seed=9)

    def one_by_one():
        _register(representatives)
        results = []
        for identity, ref in zip(identities, refs):
            try:
                results.append(link_contact(identity=identity, actor="import", source=ref))
            except InvalidIdentity as exc:
                results.append(exc)
        return _outcome(results)

    def batched():
        _register(representatives)
        return _outcome(link_contacts(identities=identities, actor="import", sources=refs))

    sequential = _fresh(one_by_one)
    reads = []
    original = blocking.candidate_ids
    monkeypatch.setattr(blocking, "candidate_ids", lambda *a, **k: reads.append(1) or original(*a, **k))
    assert _fresh(batched) == sequential
    assert reads  # some lists were too long for the view: the database answered


@pytest.mark.django_db
def test_identities_read_ahead_are_taken_as_given(monkeypatch):
    """The import reads each identity in its reading process; linking then reads only the
    ones it was not given, and a bad one still gives its InvalidIdentity in its place."""
    good = ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="06 1234 5678")
    bad = ContactIdentity(name="Amal Haddad", v_number="12-not-a-number")
    ahead = linking.parse_identity(good)
    read_here = []
    original = linking.parse_identity
    monkeypatch.setattr(linking, "parse_identity", lambda identity: read_here.append(identity) or original(identity))
    results = link_contacts(identities=[good, bad, good], actor="import", parsed=[ahead, None, ahead])
    assert read_here == [bad]
    assert results[0].outcome == "new" and isinstance(results[1], InvalidIdentity)
    assert results[2].outcome == "linked" and results[2].client == results[0].client
    assert results[0].client.phones.get().number == "+31612345678"


@pytest.mark.django_db
def test_a_session_reads_afresh_after_another_connection_wrote(monkeypatch):
    """Between two batches of an import, staff add a phone number to a client (in another
    process: the database's mark changes). The next batch must see it: a contact from that
    phone alone finds the client."""
    from loket.clients.models import ClientPhone
    from loket.clients.services import foreign_writes

    marks = iter(range(100))
    monkeypatch.setattr(foreign_writes, "mark", lambda: next(marks))  # every batch: someone else wrote
    with link_session():
        (first,) = link_contacts(
            identities=[ContactIdentity(name="Amal Haddad", birth_date="1990-02-03", phone="0612345678")],
            actor="import",
        )
        (unsure,) = link_contacts(identities=[ContactIdentity(name="Amal Haddad", phone="0611112222")], actor="import")
        assert unsure.outcome == "review"  # a name alone: an agent decides; the phone is nobody's yet
        ClientPhone.objects.create(client=first.client, number="+31611112222")  # staff, between batches
        (second,) = link_contacts(identities=[ContactIdentity(name="Amal Haddad", phone="0611112222")], actor="import")
    assert second.outcome == "linked" and second.client == first.client
    assert "phone exact" in second.reasons


def test_the_database_mark_changes_only_for_other_connections(tmp_path):
    """What the session relies on, shown on two real SQLite connections to one file."""
    import sqlite3

    path = tmp_path / "mark.sqlite3"
    ours, theirs = sqlite3.connect(path), sqlite3.connect(path)
    ours.execute("CREATE TABLE t (x)")
    ours.commit()

    def mark():
        return ours.execute("PRAGMA data_version").fetchone()[0]

    before = mark()
    ours.execute("INSERT INTO t VALUES (1)")
    ours.commit()
    assert mark() == before  # our own commit: the view saw it go in
    theirs.execute("INSERT INTO t VALUES (2)")
    theirs.commit()
    assert mark() != before


@pytest.mark.django_db
def test_a_failed_batch_drops_the_carried_view(monkeypatch):
    """A batch that fails is undone, but its view held the rows it meant to write: the
    next batch must read afresh, and decide as if the failed batch never ran."""
    fresh_loads = []
    original_load = BatchView.load
    monkeypatch.setattr(BatchView, "load", lambda view, ids: fresh_loads.append(1) or original_load(view, ids))
    original_decide = linking.decide

    def decide(parsed):
        if parsed.name == "Boom":
            raise RuntimeError("disk full")
        return original_decide(parsed)

    monkeypatch.setattr(linking, "decide", decide)
    with link_session():
        link_contacts(identities=[ContactIdentity(name="Amal Haddad", birth_date="1990-02-03")], actor="import")
        with pytest.raises(RuntimeError):
            link_contacts(
                identities=[
                    ContactIdentity(name="Yusuf Karimi", birth_date="1985-01-02", phone="0612345678"),
                    ContactIdentity(name="Boom"),
                ],
                actor="import",
            )
        (again,) = link_contacts(identities=[ContactIdentity(name="Yusuf Karimi", phone="0612345678")], actor="import")
    assert again.outcome == "new"  # Yusuf's first contact was undone with its batch
    assert len(fresh_loads) == (2 if connection.vendor == "sqlite" else 3)


@pytest.mark.django_db
def test_the_view_ranks_candidates_as_the_database_does():
    """Most shared keys first, ties by the lower client id, at most MAX_CANDIDATES: the
    view's ranking and the database's must agree, ties included (many clients share the
    same number of keys with a common name)."""
    import random

    from loket.clients import blocking
    from loket.clients.models import ClientBlockingKey

    rng = random.Random(7)
    clients = Client.objects.bulk_create([Client() for _ in range(80)])
    keys = [101, 202, 303, 404, 505]
    ClientBlockingKey.objects.bulk_create(
        [ClientBlockingKey(client=c, key=k) for c in clients for k in keys if rng.random() < 0.45]
    )
    view = BatchView(flush=lambda: None)
    view.postings = {
        k: list(ClientBlockingKey.objects.filter(key=k).order_by("pk").values_list("client_id", flat=True))
        for k in keys
    }
    for _ in range(30):
        asked = set(rng.sample(keys, rng.randint(1, 5)))
        assert view.candidate_ids(asked) == blocking.candidate_ids(asked)
        assert len(view.candidate_ids(asked)) == min(
            blocking.MAX_CANDIDATES, len({c for k in asked for c in view.postings[k]})
        )


@pytest.mark.django_db
def test_a_list_too_long_is_cut_at_the_same_clients_however_its_rows_lie(monkeypatch):
    """Past MAX_POSTING a key's list is cut at the lowest client ids, whatever order its rows
    were written in: PostgreSQL without an ORDER BY reads them as they lie, and an import
    that rewrites only the keys that change leaves them in another order than one by one."""
    import random

    from loket.clients import blocking
    from loket.clients.models import ClientBlockingKey

    monkeypatch.setattr(blocking, "MAX_POSTING", 3)
    clients = [Client.objects.create(display_name=f"Client {i}") for i in range(8)]
    shuffled = clients[:]
    random.Random(4).shuffle(shuffled)
    ClientBlockingKey.objects.bulk_create([ClientBlockingKey(client=c, key=77) for c in shuffled])
    assert blocking.candidate_ids({77}) == [c.pk for c in clients[:3]]


@pytest.mark.django_db
def test_past_max_holders_the_database_keeps_the_first_stored_as_the_view_does():
    """Sixty clients on one phone number (a lawyer's office): the database and the batch
    view both keep the first MAX_HOLDERS in the order the numbers were stored, also after
    rows were touched (PostgreSQL moves an updated row to the end of its table)."""
    from loket.clients import selectors
    from loket.clients.models import ClientPhone

    clients = [Client.objects.create(display_name=f"Client {i}") for i in range(60)]
    phones = [ClientPhone.objects.create(client=c, number="+31201234567") for c in clients]
    ClientPhone.objects.filter(pk__in=[p.pk for p in phones[:10]]).update(number="+31201234567")
    Client.objects.filter(pk__in=[c.pk for c in clients[:10]]).update(display_name="Touched")
    expected = [c.pk for c in clients[: selectors.MAX_HOLDERS]]
    assert selectors.exact_hits(phone="+31201234567").phone == expected
    view = BatchView(flush=lambda: None).load([linking.parse_identity(ContactIdentity(phone="0201234567"))])
    assert view.exact_hits(phone="+31201234567").phone == expected


@pytest.mark.django_db
def test_the_view_reads_key_lists_of_many_keys_as_the_database_holds_them():
    """The view reads the lists of a batch's keys in chunks (on PostgreSQL as one array per
    statement): every list whole, in the order its rows were stored, however many keys."""
    from types import SimpleNamespace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.clients.models import ClientBlockingKey

    clients = [Client.objects.create(display_name=f"Client {i}") for i in range(5)]
    asked = list(range(1, 1201))  # more keys than one IN (...) chunk takes
    ClientBlockingKey.objects.bulk_create(
        [ClientBlockingKey(client=c, key=k) for k in (7, 700, 1200) for c in reversed(clients)]
        + [ClientBlockingKey(client=clients[0], key=5000)]  # a key nobody asks about
    )
    identity = SimpleNamespace(
        v_number="", case_ref="", phone="", email="", match_keys=frozenset(asked), count_keys=frozenset()
    )
    with CaptureQueriesContext(connection) as queries:
        view = BatchView(flush=lambda: None).load([identity])
    for key in (7, 700, 1200):
        assert view.postings[key] == [c.pk for c in reversed(clients)]
    assert view.postings[8] == [] and 5000 not in view.postings
    key_reads = [q for q in queries.captured_queries if "clients_clientblockingkey" in q["sql"]]
    assert len(key_reads) == (1 if connection.vendor == "postgresql" else 3)


@pytest.mark.django_db
def test_estimating_the_weights_reads_the_candidates_of_many_contacts_at_once(monkeypatch):
    """``estimate_weights`` reads what its contacts ask through the batch view: a few
    queries per ``READ_AT_ONCE`` contacts, not four per contact, and the same weights
    wherever the reads are cut."""
    from django.test.utils import CaptureQueriesContext

    from loket.clients.services import estimation

    representatives, identities, refs = _data(persons=80, seed=9)
    _register(representatives)
    link_contacts(identities=identities, actor="import", sources=refs)
    monkeypatch.setattr(estimation, "RANDOM_PAIRS", 3000)
    good = [i for i in identities if i.name != "Amal Haddad"]
    assert len(good) > estimation.MIN_CONTACTS

    def estimate():
        with CaptureQueriesContext(connection) as queries:
            estimate = estimation.estimate_weights(identities=good, seed=3)
        return estimate.weights, len(queries.captured_queries)

    weights, queries = estimate()
    assert queries < 40  # was four per contact: more than 1,000
    monkeypatch.setattr(estimation, "READ_AT_ONCE", 7)
    cut_weights, cut_queries = estimate()
    assert cut_weights == weights
    assert cut_queries > queries


@pytest.mark.django_db
def test_the_estimate_does_not_depend_on_the_order_the_database_returns_rows(monkeypatch):
    """PostgreSQL returns the rows of ``WHERE id IN (...)`` in the order its plan finds them,
    and the plan changes once a statement is prepared: the same seed must give the same
    weights however the rows come."""
    from loket.clients import selectors
    from loket.clients.services import estimation

    representatives, identities, refs = _data(persons=80, seed=9)
    _register(representatives)
    link_contacts(identities=identities, actor="import", sources=refs)
    monkeypatch.setattr(estimation, "RANDOM_PAIRS", 3000)
    good = [i for i in identities if i.name != "Amal Haddad"]
    first = estimation.estimate_weights(identities=good, seed=3).weights
    in_order = selectors.client_details
    monkeypatch.setattr(selectors, "client_details", lambda ids: dict(reversed(list(in_order(ids).items()))))
    assert estimation.estimate_weights(identities=good, seed=3).weights == first
