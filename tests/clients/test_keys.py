"""Issue 16, item 5: keys that cannot go stale. Stored blocking keys and folded names carry
the version of their recipe; matching refuses stale ones; ``loket clients rebuild-keys``
makes them anew, in batches, resumably; stored keys equal recomputed ones."""

import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

from loket.clients import blocking, checks
from loket.clients.models import Client, ClientBlockingKey, ClientName
from loket.clients.services import (
    ContactIdentity,
    StaleKeys,
    keys as keys_service,
    link_contact,
    link_contacts,
    link_session,
    merge_clients,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from contact_data import generate_all

pytestmark = pytest.mark.django_db
FIELDS = ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref", "language")


@pytest.fixture(autouse=True)
def _ask_again():
    keys_service.forget_freshness()
    yield
    keys_service.forget_freshness()


def _register(persons=120, seed=7):
    """A generated register: the contacts of ``persons`` people linked in batches, merges and
    all, as an import makes it."""
    contacts = generate_all(persons, seed)["contacts"]
    identities = [ContactIdentity(**{f: str(c.get(f, "") or "") for f in FIELDS}) for c in contacts]
    with link_session():
        for start in range(0, len(identities), 100):
            link_contacts(identities=identities[start : start + 100], actor="import")


def _stored():
    keys = defaultdict(set)
    for client_id, key in ClientBlockingKey.objects.values_list("client_id", "key"):
        keys[client_id].add(key)
    return keys, dict(ClientName.objects.values_list("pk", "folded"))


def _assert_stored_equals_recomputed():
    ids = list(Client.objects.values_list("pk", flat=True))
    want_keys, want_folded = keys_service.recomputed(ids)
    have_keys, have_folded = _stored()
    assert {cid: have_keys.get(cid, set()) for cid in ids} == want_keys
    assert have_folded == want_folded
    assert set(Client.objects.values_list("keys_recipe", flat=True)) == {blocking.RECIPE}


def test_stored_keys_equal_recomputed_ones_for_a_generated_register():
    _register()
    a = link_contact(identity=ContactIdentity(name="Amal Haddad", birth_date="1990"), actor="intake").client
    b = link_contact(
        identity=ContactIdentity(name="Yonas Tesfamariam Ghebre", phone="+31 6 77512915"), actor="intake"
    ).client
    merge_clients(keep=a, merge=b, actor="agent", reason="one person")  # a merge rebuilds both
    assert Client.objects.count() > 50
    _assert_stored_equals_recomputed()


def test_after_a_change_of_recipe_matching_refuses_until_the_rebuild(monkeypatch, capsys):
    _register(persons=40)
    # A new recipe: the stored keys and folded names no longer are what it makes.
    ClientBlockingKey.objects.filter(pk__in=ClientBlockingKey.objects.values("pk")[:50]).delete()
    ClientName.objects.filter(pk=ClientName.objects.first().pk).update(folded="stale")
    monkeypatch.setattr(blocking, "RECIPE", blocking.RECIPE + 1)
    keys_service.forget_freshness()  # the new code starts in a new process
    with pytest.raises(StaleKeys, match="loket clients rebuild-keys"):
        link_contact(identity=ContactIdentity(name="Amal Haddad"), actor="intake")
    warning = checks.keys_are_fresh(databases=["default"])
    assert [w.id for w in warning] == ["clients.W001"] and "rebuild-keys" in warning[0].hint

    call_command("clients", "rebuild-keys", "--batch", "7")
    out, err = capsys.readouterr()
    total = Client.objects.count()
    assert f"{total} of {total} clients" in err.replace(",", "").replace(".", "")
    assert f"recipe {blocking.RECIPE}" in out
    _assert_stored_equals_recomputed()
    assert checks.keys_are_fresh(databases=["default"]) == []
    assert link_contact(identity=ContactIdentity(name="Amal Haddad"), actor="intake").outcome in {"new", "linked"}


def test_a_stopped_rebuild_resumes_where_it_stopped():
    _register(persons=40)
    total = Client.objects.count()
    ClientBlockingKey.objects.all().delete()

    class Stop(Exception):
        pass

    def stop_after_first(report):
        raise Stop

    with pytest.raises(Stop):
        keys_service.rebuild(actor="test", everything=True, batch_size=10, progress=stop_after_first)
    assert keys_service.stale_count() == total - 10  # the first batch is done and marked so
    report = keys_service.rebuild(actor="test", batch_size=10)
    assert report.clients == total - 10
    _assert_stored_equals_recomputed()


def test_an_import_on_stale_keys_stops_before_reading_a_line(tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    Client.objects.create(display_name="Old")
    monkeypatch.setattr(blocking, "RECIPE", blocking.RECIPE + 1)
    path = tmp_path / "in.jsonl"
    path.write_text('{"ref": "a", "channel": "web", "received_at": "2026-06-01T10:00:00+02:00", "name": "A"}\n')
    with pytest.raises(CommandError, match="rebuild-keys"):
        call_command("contact", "import", str(path))


def test_a_single_contact_on_stale_keys_is_kept_without_a_client(monkeypatch):
    from loket.contact.inputs import clean_contact
    from loket.contact.services import receive_contact

    Client.objects.create(display_name="Old")
    monkeypatch.setattr(blocking, "RECIPE", blocking.RECIPE + 1)
    raw = {"ref": "w", "channel": "web", "received_at": "2026-06-01T10:00:00+02:00", "name": "Amal Haddad"}
    received = receive_contact(data=clean_contact(raw, now=None), actor="intake")
    assert received.contact.client_id is None and received.contact.pk
