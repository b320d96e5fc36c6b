"""The restore drill (issue 12, item 8): back up, wipe, restore; the audit log verifies
against the checkpoints written outside the database, and a report opens with its receipt.
Runs on SQLite and, under scripts/with-postgres, on PostgreSQL."""

import io
import tarfile

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from loket.core import audit, audit_checkpoints, backup
from loket.core.audit_models import AuditEntry
from loket.whistle import crypto, services as whistle
from loket.whistle.services import Upload

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed

DESCRIPTION = "Files of the counter were shredded before the inspection."


def wipe():
    """What a lost disk leaves: no tables at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


@pytest.fixture(autouse=True)
def _tables_back():
    """A drill that fails halfway must not leave later tests without tables."""
    yield
    if "core_auditentry" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


@pytest.fixture
def clock():
    with time_machine.travel("2026-03-02 09:00 +01:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "letters").mkdir(parents=True)
    (tmp_path / "media" / "letters" / "scan-1.pdf").write_bytes(b"%PDF-1.4 a scanned letter")
    return tmp_path / "media"


@pytest.fixture
def filed(clock):
    """A report with an attachment, on a log with a checkpoint; returns the receipt."""
    submitted = whistle.submit_report(
        whistle.ReportInput(
            description=DESCRIPTION, anonymity="anonymous", attachments=[Upload("note.txt", b"the shredding schedule")]
        )
    )
    audit.record(actor="system", action="core.check")
    audit_checkpoints.write(mail=False)
    return submitted.receipt


def test_back_up_wipe_restore_then_the_log_verifies_and_the_report_opens(filed, media, tmp_path, clock, capsys):
    clock.shift(600)
    call_command("backup", output=tmp_path / "b.tar")
    assert "backup written" in capsys.readouterr().out
    entries = AuditEntry.objects.count()

    wipe()
    (media / "letters" / "scan-1.pdf").unlink()
    assert "core_auditentry" not in connection.introspection.table_names()

    call_command("restore", str(tmp_path / "b.tar"))
    out = capsys.readouterr().out
    assert "audit log intact" in out and "1 stored files" in out
    call_command("audit", "verify")
    assert f"audit log intact: {entries} entries, 2 signed checkpoints agree" in capsys.readouterr().out
    assert (media / "letters" / "scan-1.pdf").read_bytes() == b"%PDF-1.4 a scanned letter"

    access = whistle.open_with_receipt(filed)
    view = whistle.reporter_view(access)
    assert view["description"] == DESCRIPTION
    names = [crypto.decrypt_text(access.report_key, a.name_box) for a in access.report.attachments.all()]
    assert names == ["note.txt"]
    audit.record(actor="system", action="core.check")  # and the log goes on
    assert audit.verify() is None


def test_a_backup_older_than_the_last_checkpoint_is_refused_unless_the_loss_is_accepted(filed, tmp_path, clock, capsys):
    path = backup.make(tmp_path / "old.tar", checkpoint=False)
    clock.shift(3600)
    for n in range(3):
        audit.record(actor="system", action="core.check", data={"n": n})
    audit_checkpoints.write(mail=False)
    newest = AuditEntry.objects.count()

    with pytest.raises(CommandError, match="loses entries 3 to 5"):
        call_command("restore", str(path))
    assert AuditEntry.objects.count() == newest  # refused: nothing changed

    call_command("restore", str(path), "--accept-loss")
    assert "were lost and the loss is recorded" in capsys.readouterr().out
    findings = audit.check()
    assert findings.problems == []
    assert any("entries 3 to 5 were lost when an older backup was restored" in n for n in findings.notices)
    assert AuditEntry.objects.order_by("seq").last().action == audit.RESTORED
    audit.record(actor="system", action="core.check")
    audit_checkpoints.write(mail=False)
    assert audit.verify() is None


def test_an_older_backup_put_back_by_hand_is_found(filed, tmp_path, clock):
    # Whoever restores an old dump without `loket restore` rewinds the log: verify says so.
    path = backup.make(tmp_path / "old.tar", checkpoint=False)
    clock.shift(3600)
    audit.record(actor="system", action="core.check")
    audit_checkpoints.write(mail=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_checkpoints, "last_checkpoint", lambda: None)
        backup.restore(path)
    assert [(p.seq, p.kind) for p in audit.check().problems] == [(3, "truncated")]


def test_a_damaged_backup_is_refused_and_changes_nothing(filed, tmp_path):
    path = backup.make(tmp_path / "b.tar", checkpoint=False)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(path) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name != backup.MANIFEST:
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    audit.record(actor="system", action="core.check")
    count = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged))
    assert AuditEntry.objects.count() == count
    (tmp_path / "junk.tar").write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="not a Loket backup"):
        call_command("restore", str(tmp_path / "junk.tar"))


def test_a_backup_of_a_broken_log_is_made_all_the_same_and_says_so(filed, tmp_path, capsys):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = 'nothing to see' WHERE seq = 2")
    audit.record(actor="system", action="core.check")
    call_command("backup", output=tmp_path / "evidence.tar")
    assert "no checkpoint was signed: entry 2" in capsys.readouterr().err
    assert backup.read_manifest(tmp_path / "evidence.tar")["audit"]["seq"] == 3
