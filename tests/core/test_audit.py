"""The audit log: append-only, hash-chained, and `loket audit verify` finds tampering."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from loket.__main__ import main as loket_main
from loket.core import audit
from loket.core.audit_models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def chain(make_user):
    """Five entries by a user, about the user, as a service would write them."""
    user = make_user()
    return [
        audit.record(
            actor=user,
            action="core.user.read",
            obj=user,
            reason=f"check {n}",
            data={"n": n, "fields": ["name", "e-mail"]},
        )
        for n in range(1, 6)
    ]


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{t}", connection.ops.quote_name(TABLE)), params)


def verify_exit_code(capsys):
    """Run `loket audit verify` as the console command does; return (exit code, output)."""
    import sys

    argv = sys.argv
    sys.argv = ["loket", "audit", "verify"]
    try:
        loket_main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = argv
    out = capsys.readouterr()
    return code, out.out + out.err


def test_record_chains_each_entry_to_the_one_before(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(chain):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in chain}) == 5


def test_an_entry_names_who_did_what_to_which_object_and_why(make_user):
    user = make_user(username="ilse")
    entry = audit.record(actor=user, action="core.user.read", obj=user, reason="need to know")
    assert (entry.actor, entry.action, entry.object_type, entry.object_id, entry.reason) == (
        "ilse",
        "core.user.read",
        "core.user",
        str(user.pk),
        "need to know",
    )
    assert audit.record(actor=None, action="x.y").actor == "system"
    assert audit.record(actor="orgchart-import", action="x.y").actor == "orgchart-import"
    assert audit.entries_for(user) == [entry]


def test_an_entry_is_written_with_the_change_or_not_at_all(make_user):
    user = make_user()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=user, action="core.user.changed", obj=user)
        raise RuntimeError("the use case failed after writing its entry")
    assert not AuditEntry.objects.exists()
    assert audit.verify() is None
    assert audit.record(actor=user, action="core.user.changed", obj=user).seq == 1


def test_entries_cannot_be_changed_or_deleted_through_the_orm(chain):
    entry = AuditEntry.objects.get(seq=2)
    entry.reason = "nothing to see"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=2).update(reason="nothing to see")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq__gte=4).delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["reason"])
    assert AuditEntry.objects.count() == 5
    assert AuditEntry.objects.get(seq=2).reason == "check 2"
    assert audit.verify() is None


def test_verify_passes_an_intact_chain(chain, capsys):
    assert audit.verify() is None
    call_command("audit", "verify")
    assert "5 entries" in capsys.readouterr().out
    code, output = verify_exit_code(capsys)
    assert code == 0, output
    assert "intact" in output


def test_verify_passes_an_empty_log(db, capsys):
    assert verify_exit_code(capsys)[0] == 0


def assert_broken_at(capsys, seq, kind):
    problem = audit.verify()
    assert problem is not None and (problem.seq, problem.kind) == (seq, kind), problem
    with pytest.raises(CommandError, match=f"entry {seq}: {kind}"):
        call_command("audit", "verify")
    code, output = verify_exit_code(capsys)
    assert code == 1
    assert f"entry {seq}: {kind}" in output


@pytest.mark.parametrize(
    "column, value",
    [
        ("reason", "nothing to see"),
        ("actor", "someone-else"),
        ("action", "core.user.changed"),
        ("object_id", "999"),
        ("data", '{"n": 3, "fields": []}'),
        ("at", "2020-01-01 00:00:00"),
    ],
)
def test_verify_names_a_changed_entry(chain, capsys, column, value):
    sql(f"UPDATE {{t}} SET {column} = %s WHERE seq = 3", value)
    assert_broken_at(capsys, 3, "changed")


def recompute_unkeyed(seq, **changes):
    """An insider changes an entry and recomputes its hash as the log did before it was keyed."""
    entry = AuditEntry.objects.get(seq=seq)
    fields = {f: getattr(entry, f) for f in audit.CHAINED_FIELDS} | changes
    sql("UPDATE {t} SET reason = %s, hash = %s WHERE seq = %s", fields["reason"], audit.legacy_digest(**fields), seq)


def test_verify_names_a_changed_entry_whose_hash_was_recomputed_without_the_key(chain, capsys):
    recompute_unkeyed(3, reason="nothing to see")
    assert_broken_at(capsys, 3, "changed")


def test_verify_names_a_changed_newest_entry_whose_hash_was_recomputed_without_the_key(chain, capsys):
    recompute_unkeyed(5, reason="nothing to see")
    assert_broken_at(capsys, 5, "changed")


@pytest.mark.parametrize("seq", [1, 3])
def test_verify_names_a_removed_entry(chain, capsys, seq):
    sql("DELETE FROM {t} WHERE seq = %s", seq)
    assert_broken_at(capsys, seq, "removed")


def test_verify_names_removed_newest_entries(chain, capsys):
    sql("DELETE FROM {t} WHERE seq >= 4")
    assert_broken_at(capsys, 4, "removed")


def test_verify_names_reordered_entries(chain, capsys):
    # Swap entries 2 and 4 by their sequence numbers (through a free number: seq is unique).
    sql("UPDATE {t} SET seq = 1000000 WHERE seq = 2")
    sql("UPDATE {t} SET seq = 2 WHERE seq = 4")
    sql("UPDATE {t} SET seq = 4 WHERE seq = 1000000")
    assert_broken_at(capsys, 2, "reordered")


def test_verify_names_reordered_neighbours(chain, capsys):
    sql("UPDATE {t} SET seq = 1000000 WHERE seq = 4")
    sql("UPDATE {t} SET seq = 4 WHERE seq = 5")
    sql("UPDATE {t} SET seq = 5 WHERE seq = 1000000")
    assert_broken_at(capsys, 4, "reordered")


def test_verify_names_an_entry_added_behind_the_logs_back(chain, capsys):
    # Without the chain key an intruder cannot make the hash of an entry of their own.
    last = AuditEntry.objects.get(seq=5)
    fields = dict(
        seq=6,
        at=last.at,
        actor="intruder",
        action="core.user.read",
        object_type="core.user",
        object_id="1",
        reason="",
        data={},
        prev_hash=last.hash,
    )
    sql(
        "INSERT INTO {t} (seq, at, actor, action, object_type, object_id, reason, data, prev_hash, hash, key_id) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        6,
        last.at,
        "intruder",
        "core.user.read",
        "core.user",
        "1",
        "",
        "{}",
        last.hash,
        audit.legacy_digest(**fields),
        last.key_id,
    )
    assert_broken_at(capsys, 6, "changed")


def test_the_log_goes_on_after_a_verified_chain(chain):
    assert audit.record(actor="system", action="core.check").seq == 6
    assert audit.verify() is None
