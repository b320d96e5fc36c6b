"""Whether another database connection has changed the clients: what lets an import carry
its view of the clients from one batch to the next (``carried.Memory``).

``mark()`` gives something that changes when another connection commits a change to the
tables the view mirrors, and None where that cannot be known (the view is then read afresh).

* SQLite: ``PRAGMA data_version`` changes when another connection commits to the file.
* PostgreSQL: a statement trigger on each of ``TABLES`` notifies ``CHANNEL`` (migration
  0006); PostgreSQL delivers a notification when its transaction commits, and only then.
  Inside ``listening()`` the connection listens and counts the notifications of other
  backends (its own commits come back too, with its own process id). A notification from a
  commit that happened while this connection was idle reaches it before the answer to its
  next query, so a count read after a round trip includes every commit before it.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager

from django.db import connection

CHANNEL = "loket_clients_changed"
#: The tables the batch view reads (``batchview``, ``selectors.client_details``).
TABLES = (
    "clients_client",
    "clients_clientname",
    "clients_clientphone",
    "clients_clientemail",
    "clients_casereference",
    "clients_clientblockingkey",
    "clients_representative",
)


class _Heard:
    """Notifications of other backends on one PostgreSQL connection, counted."""

    def __init__(self, own_pid: int):
        self.own_pid = own_pid
        self.count = 0

    def __call__(self, notify) -> None:
        if notify.channel == CHANNEL and notify.pid != self.own_pid:
            self.count += 1


#: Per open psycopg connection that listens: what it heard.
_heard: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@contextmanager
def listening():
    """Listen for other connections' changes while inside (PostgreSQL). Only outside a
    transaction: a LISTEN takes effect when its transaction commits, and a count that
    began later than it seems would miss changes. Inside one (a test's transaction), the
    connection does not listen and ``mark()`` says None."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    heard = _Heard(raw.info.backend_pid)
    raw.add_notify_handler(heard)
    with connection.cursor() as cursor:
        cursor.execute(f"LISTEN {CHANNEL}")
    _heard[raw] = heard
    try:
        yield
    finally:
        _heard.pop(raw, None)
        raw.remove_notify_handler(heard)
        if connection.connection is raw and not raw.closed:
            with connection.cursor() as cursor:  # a connection kept open must not gather notifications
                cursor.execute(f"UNLISTEN {CHANNEL}")


def mark():
    """Something that changes when another connection commits a change to the clients, with
    the connection it belongs to; None when this connection cannot tell."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA data_version")
            return id(connection.connection), cursor.fetchone()[0]
    if connection.vendor != "postgresql" or connection.connection is None:
        return None
    heard = _heard.get(connection.connection)
    if heard is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # a round trip: notifications sent before it are read with it
    return id(connection.connection), heard.count
