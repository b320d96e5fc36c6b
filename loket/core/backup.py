"""Backups that restore (README: "Backups and restore").

A backup is one tar file: ``manifest.json`` (when, which database engine, the audit log's
newest entry, the migrations, a SHA-256 of every member), the database (SQLite's online
backup API, or ``pg_dump -Fc`` of one snapshot) and the stored files under ``MEDIA_ROOT``
(reports' and contacts' attachments are in the database itself).

The audit log's keys and checkpoints are *not* in a backup: they live elsewhere by design,
and a restored log is held against the checkpoints written since. A backup older than the
last checkpoint is refused unless the loss is accepted; then the restore is recorded in the
log and ``loket audit verify`` names the lost entries as a notice, not as tampering.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import audit, audit_checkpoints
from .audit_keys import keys
from .audit_models import AuditEntry, AuditHead

if sys.version_info >= (3, 12):
    import tarfile
else:  # tarfile's extraction filters ("data") came in 3.11.4; Debian 12's 3.11.2 lacks them
    from backports import tarfile

MANIFEST = "manifest.json"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The backup cannot be made or restored; nothing was changed."""


def _engine() -> str:
    if connection.vendor not in DATABASE:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def _pg_tool(name: str) -> str:
    folder = os.environ.get("LOKET_PG_BIN", "")
    candidates = [Path(folder) / name] if folder else []
    candidates += [Path(p) / name for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
    found = next((str(c) for c in candidates if c.exists()), None) or shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (set LOKET_PG_BIN to the folder that holds it)")
    return found


def _pg_args() -> tuple[list[str], dict]:
    """Connect the tools where Django's own connection went (libpq says where that is)."""
    connection.ensure_connection()
    info = connection.connection.info
    args = ["--dbname", info.dbname, "--host", info.host, "--port", str(info.port), "--username", info.user]
    env = dict(os.environ, PGPASSWORD=info.password or "")
    return args, env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _log_state() -> dict:
    head = AuditHead.objects.filter(id=1).first()
    return {
        "seq": head.seq if head else 0,
        "hash": head.hash if head else audit.GENESIS,
        "entries": AuditEntry.objects.count(),
    }


def _dump(engine: str, target: Path) -> dict:
    """The database into ``target``; returns the audit log's state in that very copy."""
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            row = copy.execute(f"SELECT seq, hash FROM {AuditHead._meta.db_table} WHERE id = 1").fetchone()
            count = copy.execute(f"SELECT count(*) FROM {AuditEntry._meta.db_table}").fetchone()[0]
        copy.close()
        return {"seq": row[0] if row else 0, "hash": row[1] if row else audit.GENESIS, "entries": count}
    args, env = _pg_args()
    with transaction.atomic():  # one snapshot for the manifest and the dump alike
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        state = _log_state()
        done = subprocess.run(
            [
                _pg_tool("pg_dump"),
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return state


def make(output: Path | None = None, *, checkpoint: bool = True) -> Path:
    """Write a backup file and return its path. A checkpoint is signed first (when this
    machine holds the signing key), so that the backup is no older than the newest one."""
    engine = _engine()
    warning = ""
    if checkpoint and keys().signing is not None:
        try:
            audit_checkpoints.write(mail=False)
        except audit_checkpoints.CheckpointError as exc:  # a broken log is evidence: back it up all the same
            warning = f"no checkpoint was signed: {exc}"
    now = timezone.now()
    output = Path(output or Path(settings.VAR_DIR) / "backups" / f"loket-{now:%Y%m%dT%H%M%SZ}.tar")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        db_file = Path(work) / DATABASE[engine]
        state = _dump(engine, db_file)
        members = {DATABASE[engine]: db_file}
        media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
        if media and media.is_dir():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                members[f"files/{path.relative_to(media).as_posix()}"] = path
        manifest = {
            "format": 1,
            "made_at": now.isoformat(),
            "engine": engine,
            "database": DATABASE[engine],
            "audit": state,
            "audit_warning": warning,
            "migrations": sorted(MigrationRecorder.Migration.objects.values_list("app", "name")),
            "sha256": {name: _sha256(path) for name, path in members.items()},
        }
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: owner only
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            body = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(now.timestamp())
            tar.addfile(info, io.BytesIO(body))
            for name, path in members.items():
                tar.add(path, arcname=name)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    return output


@dataclass
class Restored:
    manifest: dict
    lost: tuple[int, int] | None  # audit entries lost (first, last) when an older backup was restored
    files: int


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path) as tar:
            manifest = json.load(tar.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path} is not a Loket backup: {exc}") from None
    if manifest.get("format") != 1 or manifest.get("database") not in DATABASE.values():
        raise BackupError(f"{path} is not a Loket backup this version can restore")
    return manifest


def _checked(tar: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Unpack into ``work`` and compare every member with the manifest's hash."""
    tar.extractall(work, members=[m for m in tar.getmembers() if m.name != MANIFEST], filter="data")
    for name, expected in manifest["sha256"].items():
        path = work / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"the backup is damaged: {name} does not match its manifest")


def restore(path: Path, *, accept_loss: bool = False, actor: str = "loket restore") -> Restored:
    """Replace the database and the stored files with the backup's. Stop the web and
    worker processes first. Refuses, changing nothing, a damaged backup, one of another
    engine, and one older than the last checkpoint unless ``accept_loss``."""
    manifest = read_manifest(path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of a {manifest['engine']} database; this installation uses {engine}")
    last = audit_checkpoints.last_checkpoint()
    backup_seq = manifest["audit"]["seq"]
    lost = (backup_seq + 1, last.seq) if last and last.seq > backup_seq else None
    if lost and not accept_loss:
        raise BackupError(
            f"the backup ends at audit entry {backup_seq}, but the {last} names {last.seq}: restoring it loses "
            f"entries {lost[0]} to {lost[1]} and what they recorded. That is an incident to report to the "
            "integrity officer; to restore anyway, add --accept-loss (the loss is then recorded in the log)"
        )
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path) as tar:
        work = Path(tmp)
        _checked(tar, manifest, work)
        db_file = work / manifest["database"]
        if engine == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(db_file) as source:
                source.backup(connection.connection)
            source.close()
        else:
            args, env = _pg_args()
            connections.close_all()
            done = subprocess.run(
                [
                    _pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    str(db_file),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode:
                raise BackupError(f"pg_restore failed (the database is as it was): {done.stderr.strip()}")
        files = 0
        if (work / "files").is_dir():
            if not settings.MEDIA_ROOT:
                raise BackupError("the backup holds stored files but MEDIA_ROOT is not set")
            shutil.copytree(work / "files", settings.MEDIA_ROOT, dirs_exist_ok=True)
            files = sum(1 for p in (work / "files").rglob("*") if p.is_file())
    if lost:
        audit.record_restore(
            actor=actor,
            backup_seq=backup_seq,
            anchor_seq=last.seq,
            anchor_hash=last.hash,
            backup=f"{path.name} of {manifest['made_at']}",
        )
    return Restored(manifest=manifest, lost=lost, files=files)
