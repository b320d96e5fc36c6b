"""The batch form of linking (``link_contacts``, used by the bulk import) must take exactly the
decisions that ``link_contact`` takes when called once per contact in the same order."""
import sys
from pathlib import Path

import pytest
from django.db import transaction

from loket.clients.models import Client, ReviewItem
from loket.clients.services import linking
from loket.clients.services import (ContactIdentity, InvalidIdentity, link_contact, link_contacts,
                                    register_representative)
from loket.core.audit_models import AuditEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from contact_data import generate_all  # noqa: E402

FIELDS = ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref", "language")


class _Rollback(Exception):
    pass


def _data(persons=300, seed=5):
    data = generate_all(persons, seed)
    identities = [ContactIdentity(**{f: c.get(f, "") or "" for f in FIELDS}) for c in data["contacts"]]
    return data["representatives"], identities, [c["ref"] for c in data["contacts"]]


def _register(representatives):
    for rep in representatives:
        register_representative(name=rep["name"], email=rep.get("email", ""), phone=rep.get("phone", ""),
                                actor="import")


def _outcome(results):
    """Per contact: outcome, score, reasons and the client it ends on (after every merge);
    and the partition of the contacts by that client (ids differ between runs)."""
    rows, groups = [], {}
    for i, result in enumerate(results):
        if isinstance(result, InvalidIdentity):
            rows.append(("invalid", sorted(result.message_dict)))
            continue
        rows.append((result.outcome, round(result.score, 6), list(result.reasons), len(result.merges),
                     len(result.candidates)))
        if result.client is not None:
            groups.setdefault(Client.objects.get(pk=result.client.pk).resolved().pk, set()).add(i)
    return rows, {frozenset(g) for g in groups.values()}, Client.objects.count(), ReviewItem.objects.count()


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

    def in_batches(size=250):
        _register(representatives)
        results = []
        for start in range(0, len(identities), size):
            results += link_contacts(identities=identities[start:start + size], actor="import",
                                     sources=refs[start:start + size])
        return _outcome(results)

    sequential = _fresh(one_by_one)

    def no_fallback(*args, **kwargs):
        raise AssertionError("the batch fell back to linking one contact at a time")

    # the batch must take its own (buffered) way, not its fallback after an IntegrityError
    monkeypatch.setattr(linking, "_link_parsed", no_fallback)
    batched = _fresh(in_batches)
    assert len(sequential[0]) == len(identities) > 1000
    outcomes = {row[0] for row in sequential[0]}
    assert {"new", "linked"} <= outcomes  # the data set exercises more than creating clients
    assert batched[0] == sequential[0]
    assert batched[1] == sequential[1]
    assert batched[2:] == sequential[2:]


@pytest.mark.django_db
def test_a_batch_writes_one_audit_entry_naming_the_clients_it_touched():
    results = link_contacts(actor="import", sources=["C1", "C2", "C3"], identities=[
        ContactIdentity(name="Ahmed Al-Hassan", birth_date="1988-03-14", v_number="1234567890"),
        ContactIdentity(name="Ahmed", birth_date="2023-02-30"),
        ContactIdentity(name="Achmed Alhassan", v_number="V12-3456-7890", phone="0612345678"),
    ])
    entries = list(AuditEntry.objects.filter(action__startswith="clients."))
    assert [e.action for e in entries] == ["clients.batch_linked"]
    data = entries[0].data
    assert (data["contacts"], data["new"], data["linked"], data["invalid"]) == (3, 1, 1, 1)
    assert data["created_clients"] == [results[0].client.pk] and data["linked_clients"] == [results[0].client.pk]
