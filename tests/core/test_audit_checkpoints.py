"""An insider with write access to the database cannot rewrite the audit log unseen: the
chain is keyed with a key the database does not hold, and signed checkpoints outside the
database name the log's newest entry (issue 12, item 5)."""

import json
import os

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from nacl.signing import SigningKey

from loket.core import audit, audit_checkpoints, audit_keys
from loket.core.audit_models import AuditEntry, AuditHead
from loket.core.roles import Role
from loket.core.tasks import write_audit_checkpoint_task

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table
HEAD = AuditHead._meta.db_table


def sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(
            statement.replace("{t}", connection.ops.quote_name(TABLE)).replace("{h}", connection.ops.quote_name(HEAD)),
            params,
        )


def write(n, start=1):
    return [
        audit.record(
            actor="alice",
            action="cases.case.read",
            object_type="cases.case",
            object_id=i,
            reason="need to know",
            data={"i": i},
        )
        for i in range(start, start + n)
    ]


@pytest.fixture
def clock():
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def anchored(clock):
    """Ten entries under a checkpoint, then three more written after it."""
    write(10)
    audit_checkpoints.write(mail=False)
    clock.shift(600)
    write(3, start=11)
    return AuditEntry.objects.count()


def problems():
    return [(p.seq, p.kind) for p in audit.check().problems]


def rewrite_from(seq, hasher):
    """Change entry ``seq`` and re-hash it and every later entry with ``hasher``, then move
    the head along: the database on its own looks intact again."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        fields = {f: getattr(entry, f) for f in audit.CHAINED_FIELDS} | {"prev_hash": prev}
        if entry.seq == seq:
            fields["reason"] = "nothing to see"
        prev = hasher(entry, fields)
        sql(
            "UPDATE {t} SET reason = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            fields["reason"],
            fields["prev_hash"],
            prev,
            entry.seq,
        )
    sql("UPDATE {h} SET hash = %s", prev)


def test_a_clean_log_verifies_against_its_checkpoints(anchored, capsys):
    assert audit.check().problems == []
    call_command("audit", "verify")
    assert "audit log intact: 13 entries, 1 signed checkpoints agree" in capsys.readouterr().out
    audit_checkpoints.write(mail=False)
    assert audit.verify() is None


def test_deleting_the_newest_entries_and_rewinding_the_head_is_found(anchored, capsys):
    sql("DELETE FROM {t} WHERE seq > 7")
    sql("UPDATE {h} SET seq = 7, hash = %s", AuditEntry.objects.get(seq=7).hash)
    assert problems() == [(8, "truncated")]
    with pytest.raises(CommandError, match="entry 8: truncated"):
        call_command("audit", "verify")


def test_deleting_the_whole_log_is_found(anchored):
    sql("DELETE FROM {t}")
    sql("DELETE FROM {h}")
    findings = audit.check()
    assert [(p.seq, p.kind) for p in findings.problems] == [(1, "truncated")]
    assert "the log was deleted" in findings.problems[0].detail


def test_recomputing_the_chain_with_the_old_unkeyed_hash_is_found(anchored):
    rewrite_from(4, lambda entry, fields: audit.legacy_digest(**fields))
    assert problems()[0] == (4, "changed")


def test_recomputing_the_chain_with_a_guessed_key_is_found(anchored):
    guess = os.urandom(32)
    rewrite_from(4, lambda entry, fields: audit.digest(guess, key_id=entry.key_id, **fields))
    assert problems()[0] == (4, "changed")


def test_recomputing_the_chain_under_a_made_up_key_id_is_found(anchored):
    guess = os.urandom(32)
    sql("UPDATE {t} SET key_id = %s WHERE seq >= 4", audit_keys.key_id(guess))
    rewrite_from(4, lambda entry, fields: audit.digest(guess, key_id=audit_keys.key_id(guess), **fields))
    problem = audit.verify()
    assert (problem.seq, problem.kind) == (4, "changed") and "not one of the log's keys" in problem.detail


def test_even_whoever_holds_the_chain_key_cannot_rewrite_what_a_checkpoint_signed(anchored):
    # The chain key sits on the application servers; the checkpoints still give it away.
    ring = audit_keys.keys()
    rewrite_from(4, lambda entry, fields: audit.digest(ring.chain[entry.key_id], key_id=entry.key_id, **fields))
    assert problems() == [(10, "recomputed")]


def test_reordered_entries_are_found(anchored):
    sql("UPDATE {t} SET seq = 1000000 WHERE seq = 2")
    sql("UPDATE {t} SET seq = 2 WHERE seq = 3")
    sql("UPDATE {t} SET seq = 3 WHERE seq = 1000000")
    assert problems()[0] == (2, "reordered")


def checkpoint_file(settings):
    return settings.AUDIT_CHECKPOINT_DIR / audit_checkpoints.FILE


def test_a_checkpoint_signed_with_another_key_is_a_forgery(anchored, settings):
    # Someone who cannot sign appends a checkpoint that agrees with a truncated log.
    sql("DELETE FROM {t} WHERE seq > 5")
    sql("UPDATE {h} SET seq = 5, hash = %s", AuditEntry.objects.get(seq=5).hash)
    forger = SigningKey.generate()
    body = {
        "v": 1,
        "seq": 5,
        "hash": AuditEntry.objects.get(seq=5).hash,
        "count": 5,
        "at": "2026-03-02T10:00:00+00:00",
        "key_id": "x",
        "signer": audit_keys.key_id(bytes(forger.verify_key)),
    }
    body["sig"] = forger.sign(audit_checkpoints._message(body)).signature.hex()
    with open(checkpoint_file(settings), "a") as out:
        out.write(json.dumps(body) + "\n")
    found = problems()
    assert (0, "forged checkpoint") in found and (6, "truncated") in found


def test_a_checkpoint_changed_after_signing_is_a_forgery(anchored, settings):
    path = checkpoint_file(settings)
    body = json.loads(path.read_text())
    body["seq"], body["count"] = 5, 5
    path.write_text(json.dumps(body) + "\n")
    found = audit.check()
    assert [(p.kind, "its signature does not verify" in p.detail) for p in found.problems] == [
        ("forged checkpoint", True)
    ]


def test_the_officers_mailed_copy_finds_truncation_when_the_checkpoint_file_is_gone(anchored, settings, tmp_path):
    copy = tmp_path / "mailed.jsonl"
    copy.write_text(checkpoint_file(settings).read_text())
    checkpoint_file(settings).unlink()
    sql("DELETE FROM {t} WHERE seq > 2")
    sql("UPDATE {h} SET seq = 2, hash = %s", AuditEntry.objects.get(seq=2).hash)
    assert problems() == []  # without any checkpoint, the database alone cannot tell
    verify_key = bytes(audit_keys.keys().signing.verify_key).hex()
    with pytest.raises(CommandError, match="entry 3: truncated"):
        call_command("audit", "verify", "--checkpoints", str(copy), "--verify-key", verify_key)
    # A verify key other than the signer's trusts none of them: each line is a forgery.
    other = bytes(SigningKey.generate().verify_key).hex()
    with pytest.raises(CommandError, match="forged checkpoint"):
        call_command("audit", "verify", "--checkpoints", str(copy), "--verify-key", other)


def test_no_checkpoint_is_signed_over_a_log_changed_behind_the_last_one(anchored):
    rewrite_from(12, lambda entry, fields: audit.legacy_digest(**fields))
    with pytest.raises(audit_checkpoints.CheckpointError, match="entry 12"):
        audit_checkpoints.write(mail=False)
    sql("DELETE FROM {t} WHERE seq > 8")
    sql("UPDATE {h} SET seq = 8, hash = %s", AuditEntry.objects.get(seq=8).hash)
    with pytest.raises(CommandError, match="before the last checkpoint"):
        call_command("audit", "checkpoint", "--no-mail")


def test_a_checkpoint_is_appended_and_mailed_to_the_integrity_officers(clock, make_user, settings):
    make_user(Role.INTEGRITY_OFFICER, email="integriteit@example.org")
    make_user(Role.CONTACT_AGENT, email="agent@example.org")
    settings.AUDIT_CHECKPOINT_MAIL = ["bureau-integriteit@example.org"]
    write(2)
    result = write_audit_checkpoint_task.enqueue().return_value
    assert (result["seq"], result["count"]) == (2, 2)
    clock.shift(3600)
    call_command("audit", "checkpoint")
    lines = checkpoint_file(settings).read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [2, 2]
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["bureau-integriteit@example.org", "integriteit@example.org"]
    assert lines[0] in mail.outbox[0].body and "loket audit verify --checkpoints" in mail.outbox[0].body


def test_checkpoints_older_than_two_hours_are_noted(anchored, clock, capsys):
    clock.shift(3 * 3600)
    call_command("audit", "verify")
    assert "checkpoints should be written hourly" in capsys.readouterr().out


def test_rotating_the_chain_key(clock, settings, tmp_path):
    settings.AUDIT_KEY_DIR = tmp_path / "keys"
    write(3)
    old = audit_keys.keys().current_id
    call_command("audit", "rotate-key")
    new = audit_keys.keys().current_id
    write(2, start=4)
    assert old != new
    assert list(AuditEntry.objects.values_list("key_id", flat=True)) == [old] * 3 + [new] * 3
    assert AuditEntry.objects.get(seq=4).action == "core.audit.key_rotated"
    assert audit.verify() is None


def test_an_unkeyed_log_is_rechained_once_as_a_recorded_event(clock, capsys):
    entries = write(4)
    prev = audit.GENESIS
    for entry in entries:  # as the log was written before this change
        fields = {f: getattr(entry, f) for f in audit.CHAINED_FIELDS} | {"prev_hash": prev}
        prev = audit.legacy_digest(**fields)
        sql(
            "UPDATE {t} SET key_id = '', prev_hash = %s, hash = %s WHERE seq = %s", fields["prev_hash"], prev, entry.seq
        )
    sql("UPDATE {h} SET hash = %s", prev)
    assert problems() == [(1, "unkeyed")]
    call_command("audit", "rechain")
    assert audit.verify() is None
    last = AuditEntry.objects.order_by("seq").last()
    assert (last.seq, last.action, last.data["entries"], last.data["unkeyed_head"]) == (
        5,
        "core.audit.rechained",
        4,
        prev,
    )
    with pytest.raises(CommandError, match="keyed already"):
        call_command("audit", "rechain")


def test_a_broken_unkeyed_log_is_not_rechained(clock):
    write(3)
    sql("UPDATE {t} SET key_id = ''")
    with pytest.raises(CommandError, match="broken at entry 1"):
        call_command("audit", "rechain")
    assert problems() == [(1, "unkeyed")]


def test_the_deploy_check_warns_of_demo_keys(settings, monkeypatch):
    from django.core.checks import run_checks

    monkeypatch.delenv("LOKET_AUDIT_KEY", raising=False)
    settings.AUDIT_DEMO_KEYS = True
    assert "loket.audit.W001" in [m.id for m in run_checks(include_deployment_checks=True)]
    settings.AUDIT_DEMO_KEYS = False
    assert "loket.audit.W001" not in [m.id for m in run_checks(include_deployment_checks=True)]


def test_without_a_key_nothing_is_written_and_verify_says_why(settings, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LOKET_AUDIT_KEY", raising=False)
    settings.AUDIT_KEY_DIR = tmp_path / "no-keys"
    settings.AUDIT_DEMO_KEYS = False
    with pytest.raises(audit_keys.AuditKeyError, match="no audit chain key"):
        audit.record(actor="alice", action="cases.case.read")
    assert not AuditEntry.objects.exists()
    with pytest.raises(CommandError, match="no audit chain key"):
        call_command("audit", "verify")


def test_keys_from_the_environment(settings, tmp_path, monkeypatch):
    settings.AUDIT_KEY_DIR = tmp_path / "unused"
    settings.AUDIT_DEMO_KEYS = False
    chain, signing = os.urandom(32), SigningKey.generate()
    monkeypatch.setenv("LOKET_AUDIT_KEY", chain.hex())
    monkeypatch.setenv("LOKET_AUDIT_SIGNING_KEY", bytes(signing).hex())
    audit_keys.keys.cache_clear()
    try:
        entry = audit.record(actor="alice", action="cases.case.read")
        assert entry.key_id == audit_keys.key_id(chain)
        audit_checkpoints.write(mail=False)
        assert audit.check().checkpoints == 1 and audit.verify() is None
        assert not (tmp_path / "unused").exists()  # nothing generated
        monkeypatch.setenv("LOKET_AUDIT_KEY", "not hex")
        audit_keys.keys.cache_clear()
        with pytest.raises(audit_keys.AuditKeyError, match="not hexadecimal"):
            audit.verify()
    finally:
        monkeypatch.undo()
        audit_keys.keys.cache_clear()
