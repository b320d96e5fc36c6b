"""Rows a batch of links (an import) writes together (bulk_create) instead of one INSERT each.

While ``link_contacts`` runs, the names, phone numbers, e-mail addresses, case references
and blocking keys of new and enriched clients wait here; the client rows themselves are
written at once (their ids are needed). Before matching reads anything a waiting row could
change (the holders of a phone number, the candidates of a blocking key, a client's
profile), the waiting rows are written first, so every contact sees exactly what it would
have seen had each row been written at once: the decisions are those of ``link_contact``.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from ..models import CaseReference, ClientBlockingKey, ClientEmail, ClientName, ClientPhone

_ORDER = (ClientName, ClientPhone, ClientEmail, CaseReference, ClientBlockingKey)
_VALUE = {ClientPhone: ("phone", "number"), ClientEmail: ("email", "address"),
          CaseReference: ("case", "reference"), ClientBlockingKey: ("key", "key")}


class Pending:
    def __init__(self):
        self.rows: list = []
        self.values = {kind: Counter() for kind, _ in _VALUE.values()}
        self.clients: Counter = Counter()
        self.unwritten: set[int] = set()  # clients made since the last flush: none of their rows is stored

    def add(self, row) -> None:
        self.rows.append(row)
        self.clients[row.client_id] += 1
        if type(row) in _VALUE:
            kind, attr = _VALUE[type(row)]
            self.values[kind][getattr(row, attr)] += 1

    def new_client(self, client_id: int) -> None:
        self.unwritten.add(client_id)

    def waits(self, *, phone="", email="", case="", keys=(), clients=()) -> bool:
        """Could a read of these values see a waiting row?"""
        v = self.values
        return bool((phone and v["phone"][phone]) or (email and v["email"][email]) or (case and v["case"][case])
                    or any(v["key"][k] for k in keys) or any(self.clients[c] for c in clients))

    def before_read(self, **values) -> None:
        if self.rows and self.waits(**values):
            self.flush()

    def drop_keys(self, client_id: int) -> bool:
        """Forget the waiting blocking keys of a client; True when none are stored either."""
        kept = []
        for row in self.rows:
            if type(row) is ClientBlockingKey and row.client_id == client_id:
                self.values["key"][row.key] -= 1
                self.clients[client_id] -= 1
            else:
                kept.append(row)
        self.rows = kept
        return client_id in self.unwritten

    def flush(self) -> None:
        for model in _ORDER:
            rows = [r for r in self.rows if type(r) is model]
            if rows:
                model.objects.bulk_create(rows, batch_size=500)
        self.__init__()


_current: ContextVar[Pending | None] = ContextVar("loket_clients_pending", default=None)


def current() -> Pending | None:
    return _current.get()


@contextmanager
def batch():
    """Rows written inside wait for ``flush`` (called on leaving, and before reads)."""
    pending = Pending()
    token = _current.set(pending)
    try:
        yield pending
        pending.flush()
    finally:
        _current.reset(token)


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


def case_taken(reference: str) -> bool:
    pending = current()
    if pending is not None and pending.values["case"][reference]:
        return True
    return CaseReference.objects.filter(reference=reference).exists()
