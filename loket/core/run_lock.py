"""One run at a time of a long job (an import), across processes and machines that share
the database: a second run waits for the first to end.

* PostgreSQL: a session-level advisory lock (``pg_advisory_lock``) on a key made from the
  job's name; it holds across the run's transactions and ends with the session, so a run
  that is killed leaves nothing to clear.
* SQLite: an exclusive ``flock`` on a file beside the database file, which the operating
  system drops when the process ends. An in-memory database (tests) has no other process.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def _key(name: str) -> int:
    """A signed 64-bit key for ``name``, the same in every process."""
    return int.from_bytes(hashlib.sha256(f"loket:{name}".encode()).digest()[:8], "big", signed=True)


#: The jobs this thread holds, and how deep: inside a run, the same job enters at once (as
#: PostgreSQL's advisory lock does within a session; a second ``flock`` would wait for itself).
_held = threading.local()


@contextmanager
def one_at_a_time(name: str, *, waiting: Callable[[], None] | None = None):
    """Hold the job ``name`` while inside; ``waiting`` is called once if another run holds
    it and this one waits for it."""
    depth = getattr(_held, "depth", None)
    if depth is None:
        depth = _held.depth = {}
    if depth.get(name):
        depth[name] += 1
        try:
            yield
        finally:
            depth[name] -= 1
        return
    depth[name] = 1
    try:
        with _exclusive(name, waiting or (lambda: None)):
            yield
    finally:
        depth[name] = 0


@contextmanager
def _exclusive(name: str, told: Callable[[], None]):
    if connection.vendor == "postgresql":
        key = _key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                told()
                cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            if connection.connection is not None and not connection.connection.closed:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    database = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or not database or connection.is_in_memory_db():
        yield
        return
    with Path(f"{database}.{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            told()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
