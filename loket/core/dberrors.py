"""What a database error says, where a use case undoes and retries its work on it."""

from __future__ import annotations

#: PostgreSQL's SQLSTATE for a deadlock: it aborted this transaction to let another go on.
DEADLOCK = "40P01"
#: PostgreSQL's SQLSTATE for a lock not obtained within ``lock_timeout`` (or NOWAIT).
LOCK_NOT_AVAILABLE = "55P03"


def is_deadlock(exc: BaseException) -> bool:
    """Whether ``exc`` (Django's OperationalError) is PostgreSQL aborting this transaction to
    break a deadlock: what it did is undone, and doing it again may succeed."""
    return getattr(exc.__cause__, "sqlstate", None) == DEADLOCK


def is_lock_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is PostgreSQL giving up waiting for a lock (``lock_timeout``)."""
    return getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE
