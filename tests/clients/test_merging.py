"""Merging two clients and undoing it: logged, complete, and exactly reversible."""

import pytest
from django.core.exceptions import ValidationError

from loket.clients.models import CaseReference, Client, ClientEmail, ClientMerge, ClientName, ClientPhone
from loket.clients.services import ContactIdentity, merge_clients, register_client, undo_merge
from loket.core.audit_models import AuditEntry

pytestmark = pytest.mark.django_db


def snapshot(*clients):
    """Everything about these clients that a merge may touch."""
    out = {}
    for c in clients:
        c = Client.objects.get(pk=c.pk)
        out[c.pk] = {
            "fields": {
                f: getattr(c, f)
                for f in (
                    "v_number",
                    "display_name",
                    "birth_year",
                    "birth_month",
                    "birth_day",
                    "birth_placeholder",
                    "nationality",
                    "language",
                    "representative_id",
                    "merged_into_id",
                )
            },
            "names": sorted(ClientName.objects.filter(client=c).values_list("pk", "full_name")),
            "phones": sorted(ClientPhone.objects.filter(client=c).values_list("pk", "number")),
            "emails": sorted(ClientEmail.objects.filter(client=c).values_list("pk", "address")),
            "cases": sorted(CaseReference.objects.filter(client=c).values_list("pk", "reference")),
            "keys": sorted(c.blocking_keys.values_list("key", flat=True)),
        }
    return out


def register(**fields):
    return register_client(identity=ContactIdentity(**fields), actor="counter")


@pytest.fixture
def pair(db):
    """Two clients registered by hand (matching would have joined them)."""
    a = register(name="Khaled Ibrahim", birth_date="1980", phone="0611111111", email="k@example.org")
    b = register(
        name="خالد إبراهيم",
        birth_date="1980-01-20",
        nationality="SY",
        v_number="1111111111",
        phone="0622222222",
        email="k@example.org",
        case_ref="ZK-1",
    )
    return a, b


def test_merge_moves_everything_to_the_kept_client(pair, agent):
    a, b = pair
    record = merge_clients(keep=a, merge=b, actor=agent, reason="same person, confirmed by phone")
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into == a and b.resolved() == a
    assert a.v_number == "1111111111" and b.v_number is None
    assert str(a.birth_date) == "1980-01-20" and a.nationality == "SY"
    assert set(a.phones.values_list("number", flat=True)) == {"+31611111111", "+31622222222"}
    assert set(a.names.values_list("full_name", flat=True)) == {"Khaled Ibrahim", "خالد إبراهيم"}
    assert list(a.case_refs.values_list("reference", flat=True)) == ["ZK-1"]
    assert not b.blocking_keys.exists()
    assert AuditEntry.objects.filter(action="clients.client.merged").count() == 2
    assert record.reason == "same person, confirmed by phone" and record.actor == agent.username


def test_merge_then_undo_restores_exactly(pair, agent):
    a, b = pair
    before = snapshot(a, b)
    record = merge_clients(keep=a, merge=b, actor=agent, reason="looked alike")
    assert snapshot(a, b) != before
    undo_merge(merge=record, actor=agent, reason="different people after all")
    assert snapshot(a, b) == before
    record.refresh_from_db()
    assert record.undone_at and record.undone_by == agent.username and not record.is_active
    assert AuditEntry.objects.filter(action="clients.client.merge_undone").count() == 2


def test_undo_after_a_later_merge_of_the_kept_client(pair, agent):
    a, b = pair
    c = register(name="Khalid Ibrahim", birth_date="1980-01-20", phone="0633333333")
    first = merge_clients(keep=a, merge=b, actor=agent, reason="one")
    merge_clients(keep=c, merge=a, actor=agent, reason="two")
    undo_merge(merge=first, actor=agent, reason="b was someone else")
    b.refresh_from_db()
    assert b.merged_into is None
    assert "+31622222222" in b.phones.values_list("number", flat=True)
    assert b.v_number == "1111111111"


def test_merge_refuses_two_v_numbers(agent):
    a = register(name="Ali Hassan", v_number="1111111111")
    b = register(name="Ali Hassan", birth_date="1970", v_number="2222222222")
    with pytest.raises(ValidationError, match="different V-numbers"):
        merge_clients(keep=a, merge=b, actor=agent, reason="?")
    assert not ClientMerge.objects.exists()


def test_merge_refuses_conflicting_birth_dates_and_needs_a_reason(agent):
    a = register(name="Ali Hassan", birth_date="1970-01-02")
    b = register(name="Ali Hassan", birth_date="1971-01-02")
    with pytest.raises(ValidationError, match="different birth dates"):
        merge_clients(keep=a, merge=b, actor=agent, reason="?")
    with pytest.raises(ValidationError):
        merge_clients(keep=a, merge=a, actor=agent, reason="")


def test_undo_twice_is_refused(pair, agent):
    record = merge_clients(keep=pair[0], merge=pair[1], actor=agent, reason="x")
    undo_merge(merge=record, actor=agent, reason="y")
    with pytest.raises(ValidationError, match="already undone"):
        undo_merge(merge=record, actor=agent, reason="y")


def test_a_merged_client_is_found_through_the_survivor(pair, agent, link):
    a, b = pair
    merge_clients(keep=a, merge=b, actor=agent, reason="x")
    result = link(name="Khaled Ibrahim", phone="0622222222")
    assert result.client == a
