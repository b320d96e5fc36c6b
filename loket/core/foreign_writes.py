"""Whether another database connection has changed some tables: what lets a long run of
batches (an import) carry what it read from one batch to the next.

A ``Channel`` names the tables; its ``mark()`` gives something that changes when another
connection commits a change to them, and None where that cannot be known (the run then
reads afresh).

* SQLite: ``PRAGMA data_version`` changes when another connection commits to the file
  (any table: a channel there is the whole file).
* PostgreSQL: a statement trigger on each of the channel's tables notifies the channel
  (``migration_ops.notify_on_change``); PostgreSQL delivers a notification when its
  transaction commits, and only then. Inside ``listening()`` the connection listens and
  counts the notifications of other backends (its own commits come back too, with its own
  process id). A notification from a commit that happened while this connection was idle
  reaches it before the answer to its next query, so a count read after a round trip
  includes every commit before it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection


class _Heard:
    """Notifications of other backends on one channel of one PostgreSQL connection, counted."""

    def __init__(self, channel: str, own_pid: int):
        self.channel, self.own_pid = channel, own_pid
        self.count = 0

    def __call__(self, notify) -> None:
        if notify.channel == self.channel and notify.pid != self.own_pid:
            self.count += 1


class Channel:
    """The tables a carried view mirrors, and the notification channel their triggers use."""

    def __init__(self, name: str, tables: tuple[str, ...]):
        self.name, self.tables = name, tables
        self._heard: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per listening connection

    @contextmanager
    def listening(self):
        """Listen for other connections' changes while inside (PostgreSQL). Only outside a
        transaction: a LISTEN takes effect when its transaction commits, and a count that
        began later than it seems would miss changes. Inside one (a test's transaction), the
        connection does not listen and ``mark()`` says None."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            yield
            return
        connection.ensure_connection()
        raw = connection.connection
        heard = _Heard(self.name, raw.info.backend_pid)
        raw.add_notify_handler(heard)
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {self.name}")
        self._heard[raw] = heard
        try:
            yield
        finally:
            self._heard.pop(raw, None)
            raw.remove_notify_handler(heard)
            if connection.connection is raw and not raw.closed:
                with connection.cursor() as cursor:  # a connection kept open must not gather notifications
                    cursor.execute(f"UNLISTEN {self.name}")

    def mark(self):
        """Something that changes when another connection commits a change to the tables,
        with the connection it belongs to; None when this connection cannot tell."""
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA data_version")
                return id(connection.connection), cursor.fetchone()[0]
        if connection.vendor != "postgresql" or connection.connection is None:
            return None
        heard = self._heard.get(connection.connection)
        if heard is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # a round trip: notifications sent before it are read with it
        return id(connection.connection), heard.count


class Watch:
    """Whether anyone else wrote to a channel's tables since the last look (``unchanged``);
    ``mark`` is the channel's ``Channel.mark``."""

    def __init__(self, mark: Callable[[], object]):
        self._mark = mark
        self.mark = None

    def unchanged(self) -> bool:
        """True when nobody else committed a change since the last call; False on the first
        call and whenever that cannot be told."""
        mark, self.mark = self.mark, self._mark()
        return mark is not None and mark == self.mark
