"""Rows a batch of links (an import) writes together (bulk_create) instead of one INSERT each.

While ``link_contacts`` runs, the names, phone numbers, e-mail addresses, case references
and blocking keys of new and enriched clients wait here; the client rows themselves are
written at once (their ids are needed). Before matching reads anything a waiting row could
change (the holders of a phone number, the candidates of a blocking key, a client's
profile), the waiting rows are written first, so every contact sees exactly what it would
have seen had each row been written at once: the decisions are those of ``link_contact``.
With a ``BatchView`` loaded (an import) nothing needs writing before a read: the view sees
the waiting rows as they are added; only a merge, which moves rows in the database, needs
the rows of its two clients written first (``flush_for``), and the rest go on waiting.
Review items wait here too (nothing linking reads depends on them) and are written with
their candidates in two statements.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.utils import timezone

from ...core import fastsql
from ..models import (
    CaseReference,
    Client,
    ClientEmail,
    ClientPhone,
    ReviewItem,
)
from . import carried
from .batch_writes import write_clients, write_reviews
from .batchview import BatchView, DatabaseReads

_VALUE = {ClientPhone: ("phone", "number"), ClientEmail: ("email", "address"), CaseReference: ("case", "reference")}


class Pending:
    #: Client ids asked from the database at a time (PostgreSQL: a block of its sequence).
    ID_BLOCK = 256

    def __init__(self):
        self.view: BatchView | None = None
        self._ids: list[int] = []
        self._last_id: int | None = None
        self._reset()

    def next_client_id(self) -> int:
        if not self._ids:
            self._ids = fastsql.allocate_ids(Client, self.ID_BLOCK, after=self._last_id)
            self._ids.reverse()
        self._last_id = self._ids.pop()
        return self._last_id

    def _reset(self) -> None:
        self.rows: list = []  # in the order made (their ids follow it)
        self.rows_of: dict[int, list] = defaultdict(list)  # per client: (place in rows, row)
        self.written: set[int] = set()  # id() of the rows ``flush_for`` wrote ahead of the others
        self.keys: dict[int, list[int]] = defaultdict(list)  # waiting blocking keys per client
        # review items with their candidates as (client id, score, reasons)
        self.reviews: list[tuple[ReviewItem, list[tuple[int, float, list[str]]]]] = []
        self.changed: dict[int, tuple[Client, list[str]]] = {}  # client rows to UPDATE (with a view only)
        self.stale: set[int] = set()  # clients whose stored blocking keys are to go (with a view only)
        # per client, the stored blocking keys to go as (key, client id) (with a view only)
        self.gone: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.values = {kind: Counter() for kind in ("phone", "email", "case", "key")}
        self.clients: Counter = Counter()
        self.unwritten: set[int] = set()  # clients made since the last flush: none of their rows is stored
        self.new_clients: dict[int, Client] = {}  # their rows, with ids given ahead (with a view only)
        self.represented: set[int] = set()  # new or changed clients with a representative (ditto)

    def add(self, row) -> None:
        self.rows.append(row)
        self.rows_of[row.client_id].append((len(self.rows), row))  # made as the how-manieth
        self.clients[row.client_id] += 1
        if type(row) in _VALUE:
            kind, attr = _VALUE[type(row)]
            self.values[kind][getattr(row, attr)] += 1
        if self.view is not None:
            self.view.add_row(row)

    def add_keys(self, client_id: int, keys) -> None:
        """Blocking keys (plain numbers: an import makes a dozen per client) wait here."""
        keys = list(keys)
        self.keys[client_id].extend(keys)
        self.clients[client_id] += len(keys)
        self.values["key"].update(keys)
        if self.view is not None:
            self.view.add_keys(client_id, keys)

    def replace_keys(self, client_id: int, old: set[int], new: set[int]) -> None:
        """The client's blocking keys go from ``old`` (all it has, stored or waiting) to
        ``new``: only the difference is written. A name or a birth date added to a client
        changes few of its keys; deleting and writing them all again made half of the key
        rows an import wrote. Only with a view (an import), which reads no key from the
        database without writing the waiting rows first."""
        waiting = self.keys.get(client_id, [])
        for key in old - new:
            if key in waiting:
                waiting.remove(key)
                self.values["key"][key] -= 1
                self.clients[client_id] -= 1
            else:
                self.gone[client_id].append((key, client_id))
        self.view.drop_keys(client_id, old - new)
        self.add_keys(client_id, new - old)

    def add_review(self, item: ReviewItem, candidates: list[tuple[int, float, list[str]]]) -> None:
        self.reviews.append((item, candidates))

    def new_client(self, client) -> None:
        self.unwritten.add(client.pk)
        if self.view is not None:
            self.view.add_client(client)

    def save_client(self, client: Client, fields: list[str]) -> None:
        """UPDATE the client's row now, or with the batch when a view reads for it."""
        if self.view is None:
            client.save(update_fields=fields)
            return
        client.updated_at = timezone.now()
        self.changed[client.pk] = (client, fields)
        if client.representative_id:
            self.represented.add(client.pk)
        self.view.client_changed(client)

    def load(self, identities) -> None:
        """Read once what these parsed identities can ask; later reads come from memory.
        Inside a ``session`` the view of the batch before is carried on when the database
        has not changed since but through it."""
        self.flush()
        memory = carried.memory()
        view = memory.take() if memory is not None else None
        if view is not None:
            view.flush = self.flush
            self.view = view.extend(identities)
        else:
            self.view = BatchView(self.flush).load(identities)
        if memory is not None:
            memory.view = self.view

    def refresh(self, changed) -> None:
        """After a merge: write what waits for the clients ``changed``, then read again what
        the view holds about them. (The view reads the represented clients afresh too: those
        waiting with a representative are written with them.)"""
        if self.view is not None:
            self.flush_for({*changed, *self.represented})
            self.view.refresh(changed)

    def before_merges(self, ids) -> None:
        """Before ``merge_clients`` moves rows of the clients ``ids`` in the database: their
        waiting rows are written, and the view holds what it will need to follow the merges."""
        self.flush_for(ids)
        if self.view is not None:
            self.view.profiles(list(ids))

    def follow_merge(self, record) -> None:
        """After ``merge_clients``: the view follows what it did (``BatchView.follow_merge``),
        or reads both clients again when it did not hold them from before the merge."""
        if self.view is None:
            return
        if record.keep_id in self.view.details and record.merged_id in self.view.details:
            self.flush_for(self.represented)  # the view reads the represented clients again
            keys = self.keys.get(record.keep_id, ())
            self.view.follow_merge(record.keep, record.merged_id, record.changed["keep"], keys)
        else:
            self.refresh({record.keep_id, record.merged_id})

    @property
    def reads(self):
        return self.view if self.view is not None else DatabaseReads(self.before_read)

    def waits(self, *, phone="", email="", case="", keys=(), clients=()) -> bool:
        """Could a read of these values see a waiting row?"""
        v = self.values
        return bool(
            (phone and v["phone"][phone])
            or (email and v["email"][email])
            or (case and v["case"][case])
            or any(v["key"][k] for k in keys)
            or any(self.clients[c] for c in clients)
        )

    def before_read(self, **values) -> None:
        if (self.rows or self.keys) and self.waits(**values):
            self.flush()

    def drop_keys(self, client_id: int) -> bool:
        """The client's blocking keys are to go: the waiting ones at once; the stored ones
        with the batch when a view reads for it. False when the caller must delete stored
        keys itself."""
        for key in self.keys.pop(client_id, ()):
            self.values["key"][key] -= 1
            self.clients[client_id] -= 1
        if self.view is not None:
            self.view.drop_keys(client_id)
            if client_id not in self.unwritten:
                self.stale.add(client_id)
            return True
        return client_id in self.unwritten

    def flush(self) -> None:
        rows = [r for r in self.rows if id(r) not in self.written] if self.written else self.rows
        gone = [g for of_client in self.gone.values() for g in of_client]
        write_clients(list(self.new_clients.values()), self.stale, gone, self.changed.values(), rows, self.keys)
        write_reviews(self.reviews)
        self._reset()

    def flush_for(self, ids) -> None:
        """Write what waits for the clients ``ids`` (their rows, details and keys) and leave
        the rest waiting: before a merge, which reads and moves only its two clients' rows.
        (Writing every waiting row before each merge cost an import of 100,000 contacts an
        eighth of its time: 1,400 merges, each a dozen small statements.) Only with a view,
        which reads nothing from the database that a waiting row of another client could
        change; without one, everything is written."""
        if self.view is None:
            self.flush()
            return
        ids = {
            cid
            for cid in ids
            if self.clients[cid]
            or cid in self.new_clients
            or cid in self.changed
            or cid in self.stale
            or cid in self.gone
        }
        if not ids:
            return
        new_clients = [self.new_clients.pop(cid) for cid in sorted(ids) if cid in self.new_clients]
        self.unwritten -= ids
        self.represented -= ids
        stale, self.stale = self.stale & ids, self.stale - ids
        gone = [g for cid in ids for g in self.gone.pop(cid, ())]
        changed = [self.changed.pop(cid) for cid in ids if cid in self.changed]
        rows = [row for _place, row in sorted(made for cid in ids for made in self.rows_of.pop(cid, ()))]
        self.written.update(map(id, rows))
        for row in rows:
            self.clients[row.client_id] -= 1
            if type(row) in _VALUE:
                kind, attr = _VALUE[type(row)]
                self.values[kind][getattr(row, attr)] -= 1
        keys = {cid: self.keys.pop(cid) for cid in ids if cid in self.keys}
        for cid, waiting in keys.items():
            self.clients[cid] -= len(waiting)
            self.values["key"].subtract(waiting)
        write_clients(new_clients, stale, gone, changed, rows, keys)


_current: ContextVar[Pending | None] = ContextVar("loket_clients_pending", default=None)


def current() -> Pending | None:
    return _current.get()


@contextmanager
def batch():
    """Rows written inside wait for ``flush`` (called on leaving, and before reads)."""
    pending = Pending()
    token = _current.set(pending)
    done = False
    try:
        yield pending
        pending.flush()
        done = True
    finally:
        _current.reset(token)
        if pending.view is not None:
            pending.view.flush = None  # the view held pending.flush: no cycle left for the collector
        pending.view = None
        if not done and (memory := carried.memory()) is not None:
            memory.forget()  # the view may hold rows that were never written


def save(row) -> None:
    """Store a row now, or let it wait when a batch runs."""
    pending = current()
    if pending is None:
        row.save()
    else:
        pending.add(row)


def before_read(**values) -> None:
    pending = current()
    if pending is not None:
        pending.before_read(**values)


def flush() -> None:
    pending = current()
    if pending is not None:
        pending.flush()


def flush_for(ids) -> None:
    """Write what waits for these clients (``Pending.flush_for``)."""
    pending = current()
    if pending is not None:
        pending.flush_for(ids)


def reads():
    """What linking reads through: the batch's view, or the database."""
    pending = current()
    return pending.reads if pending is not None else DatabaseReads(lambda **values: None)


def insert_client(client) -> None:
    """Store a new client's row now (its id is needed); plainly when a batch runs, and with
    the batch's other rows when a view reads for it (the id is then given ahead)."""
    pending = current()
    if pending is None:
        client.save()
        return
    if pending.view is None:
        fastsql.insert_one(client)
    else:
        client.pk = pending.next_client_id()
        client._state.adding, client._state.db = False, connection.alias
        pending.new_clients[client.pk] = client
        if client.representative_id:
            pending.represented.add(client.pk)
    pending.new_client(client)


def save_client(client, fields: list[str]) -> None:
    """Store changed fields of a client linking already read (see ``Pending.save_client``)."""
    if (pending := current()) is not None:
        pending.save_client(client, fields)
    else:
        client.save(update_fields=fields)


def _held(kind: str, value: str) -> bool | None:
    pending = current()
    if pending is None:
        return None
    if pending.view is not None:
        return pending.view.holds(kind, value)
    if kind == "c" and pending.values["case"][value]:
        return True
    return None


def case_taken(reference: str) -> bool:
    held = _held("c", reference)
    return held if held is not None else CaseReference.objects.filter(reference=reference).exists()


def v_number_taken(v_number: str) -> bool:
    held = _held("v", v_number)
    if held is not None:
        return held
    return Client.objects.filter(v_number=v_number).exists()
