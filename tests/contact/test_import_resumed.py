"""``loket contact import`` killed with SIGKILL and run again ends as an uninterrupted run.

Issue 12 (3): the clients merged during an import had their questions regrouped only at
the end of the run, from a set held in memory; a run killed half-way lost it, and the re-run
left 33 questions of an uninterrupted run split into 54. Here the real command runs in a
subprocess on a database of its own: once uninterrupted, once killed (kill -9) after some
batches were committed (seen by polling the database) and run again. Their final states,
compared up to the renaming of ids, must be equal. On PostgreSQL when the tests run there
(``scripts/with-postgres``), on SQLite files otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = [sys.executable, "-m", "loket"]
BATCH = 50  # small batches: many commits, so the kill falls between two of them

#: The state that must not depend on the kill, with refs instead of ids (ids may differ).
STATE = """
import json
from loket.clients.models import Client, ReviewItem
from loket.contact.models import Contact, Question, RegroupDue
refs_of_q, refs_of_c = {}, {}
for ref, qid, cid in Contact.objects.values_list("ref", "question_id", "client_id"):
    refs_of_q.setdefault(qid, []).append(ref)
    refs_of_c.setdefault(cid, []).append(ref)
def refs(table, pk):
    return sorted(table.get(pk, []))
questions = sorted([refs(refs_of_q, q.pk), refs(refs_of_q, q.merged_into_id), q.status, q.topic, q.case_ref,
                    q.channel, str(q.due_on), q.opened_at.isoformat(), q.last_contact_at.isoformat(),
                    refs(refs_of_c, q.client_id)] for q in Question.objects.all())
clients = sorted([refs(refs_of_c, c.pk), refs(refs_of_c, c.resolved().pk), c.display_name, c.v_number or "",
                  str(c.birth_date)] for c in Client.objects.all())
reviews = sorted(ReviewItem.objects.values_list("source", flat=True))
print(json.dumps({"questions": questions, "clients": clients, "reviews": reviews,
                  "regroup_due": RegroupDue.objects.count()}))
"""


class SQLiteFiles:
    def __init__(self, tmp: Path):
        self.tmp = tmp

    def url(self, name: str) -> str:
        return f"sqlite:///{self.tmp / name}.sqlite3"

    def copy(self, source: str, name: str) -> None:
        shutil.copy(self.tmp / f"{source}.sqlite3", self.tmp / f"{name}.sqlite3")

    def migrated(self, name: str) -> bool:
        """The suite's migrated database copied (tests/conftest.py), instead of migrating."""
        from bench.migrated import copy_to

        return copy_to(self.tmp / f"{name}.sqlite3")

    def contacts(self, name: str) -> int:
        try:
            with sqlite3.connect(f"file:{self.tmp / name}.sqlite3?mode=ro", uri=True, timeout=1) as db:
                return db.execute("SELECT count(*) FROM contact_contact").fetchone()[0]
        except sqlite3.DatabaseError:  # busy, or caught while the writer checkpoints: ask again
            return 0

    def drop(self, name: str) -> None:
        pass


class PostgresDatabases:
    """Databases beside the test database on the server the tests run against."""

    def __init__(self, url: str):
        import psycopg

        self.psycopg, self.base = psycopg, urlsplit(url)

    def url(self, name: str) -> str:
        return urlunsplit(self.base._replace(path=f"/{name}"))

    def _admin(self, sql: str) -> None:
        with self.psycopg.connect(self._dsn("postgres"), autocommit=True) as db:
            db.execute(sql)

    def _dsn(self, name: str) -> str:
        return urlunsplit(self.base._replace(scheme="postgresql", path=f"/{name}"))

    def copy(self, source: str, name: str) -> None:
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')

    def migrated(self, name: str) -> bool:
        return False  # CREATE DATABASE ... TEMPLATE needs a database nobody is connected to

    def create(self, name: str) -> None:
        self._admin(f'CREATE DATABASE "{name}"')

    def contacts(self, name: str) -> int:
        with self.psycopg.connect(self._dsn(name), autocommit=True) as db:
            return db.execute("SELECT count(*) FROM contact_contact").fetchone()[0]

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _databases(tmp: Path):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return PostgresDatabases(os.environ["DATABASE_URL"])
    return SQLiteFiles(tmp)


def _env(dbs, name: str, tmp: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": dbs.url(name),
        "LOKET_VAR_DIR": str(tmp),
        "LOKET_LANGUAGE": "en",
    }


def _loket(dbs, name: str, tmp: Path, *args) -> str:
    done = subprocess.run(
        PYTHON + list(args),
        env=_env(dbs, name, tmp),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _contacts_file(tmp: Path) -> tuple[Path, int]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from contact_data import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    contacts, _truth = generate(persons=400, seed=5)  # about 1,500 contacts, with merges along the way
    path = tmp / "contacts.jsonl"
    path.write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in contacts),
        encoding="utf-8",
    )
    return path, len(contacts)


def _exported(dbs, name: str, tmp: Path) -> dict[str, set[frozenset]]:
    """``loket contact export`` as partitions of the refs: by client and by question."""
    out = tmp / f"{name}.export.jsonl"
    _loket(dbs, name, tmp, "contact", "export", str(out))
    groups: dict[str, dict] = {"client_id": {}, "question_id": {}}
    for row in map(json.loads, out.read_text(encoding="utf-8").splitlines()):
        for key, by_id in groups.items():
            by_id.setdefault(row[key], set()).add(row["ref"])
    return {key: {frozenset(refs) for refs in by_id.values()} for key, by_id in groups.items()}


def _state(dbs, name: str, tmp: Path) -> dict:
    return json.loads(_loket(dbs, name, tmp, "shell", "-c", STATE).strip().splitlines()[-1])


def _kill_after_half(dbs, name: str, tmp: Path, command: list[str], total: int) -> int:
    """Start the import, SIGKILL it once half the contacts are committed; the count then."""
    process = subprocess.Popen(
        PYTHON + command,
        env=_env(dbs, name, tmp),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and process.poll() is None:
            if dbs.contacts(name) >= total // 2:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    return dbs.contacts(name)


@pytest.mark.django_db
def test_an_import_killed_half_way_and_run_again_ends_as_an_uninterrupted_one(tmp_path):
    dbs = _databases(tmp_path)
    suffix = f"{os.getpid()}_{int(time.time())}"
    names = {k: f"loket_resume_{k}_{suffix}" for k in ("empty", "whole", "resumed")}
    if isinstance(dbs, PostgresDatabases):
        dbs.create(names["empty"])
    try:
        if not dbs.migrated(names["empty"]):
            _loket(dbs, names["empty"], tmp_path, "migrate", "-v0")
        dbs.copy(names["empty"], names["whole"])
        dbs.copy(names["empty"], names["resumed"])
        source, total = _contacts_file(tmp_path)
        command = [
            "contact",
            "import",
            str(source),
            "--batch-size",
            str(BATCH),
            "--workers",
            "0",
        ]

        _loket(dbs, names["whole"], tmp_path, *command)

        stored = _kill_after_half(dbs, names["resumed"], tmp_path, command, total)
        assert total // 2 <= stored < total  # killed half-way, every batch whole
        cut = _state(dbs, names["resumed"], tmp_path)
        assert cut["regroup_due"] > 0  # clients were merged before the kill: their regrouping is on file
        summary = _loket(dbs, names["resumed"], tmp_path, *command)
        assert f"{total - stored:,} contacts stored" in summary and f"{stored:,} already there" in summary
        assert f"An interrupted import had left the questions of {cut['regroup_due']:,} merged clients" in summary

        whole, resumed = (
            _state(dbs, names["whole"], tmp_path),
            _state(dbs, names["resumed"], tmp_path),
        )
        assert resumed["regroup_due"] == whole["regroup_due"] == 0
        assert len(resumed["questions"]) == len(whole["questions"])
        assert resumed == whole
        assert _exported(dbs, names["resumed"], tmp_path) == _exported(dbs, names["whole"], tmp_path)
    finally:
        for name in names.values():
            dbs.drop(name)
