"""The batch view carried from one batch of links to the next during an import
(``session``), so that what the clients on file look like is read once per run."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from ...core.foreign_writes import Watch
from .. import similarity
from . import foreign_writes
from .batchview import BatchView


class Memory:
    """The batch view carried from one batch to the next during a run of batches (an
    import): the details of common names' namesakes, the key lists and the holders of
    identifiers are then read once per run instead of once per batch.

    The view mirrors the database only as long as every change to the clients went through
    it. So it is carried on only while the database says nobody else wrote
    (``foreign_writes.mark``: SQLite's ``data_version``; on PostgreSQL, the notifications
    of the clients' tables from other connections). Where that cannot be told, each batch
    reads afresh. Whoever runs the session promises to change no client between batches on
    its own connection but through ``link_contacts``; a batch that fails drops the view."""

    #: Beyond this many clients and keys held, start afresh (memory stays bounded).
    MAX_SIZE = 1_000_000

    def __init__(self):
        self.view: BatchView | None = None
        self.others = Watch(lambda: foreign_writes.mark())

    def take(self) -> BatchView | None:
        """The view to carry on, or None when the database may have changed meanwhile."""
        unchanged = self.others.unchanged()
        view, self.view = self.view, None
        if view is None or not unchanged or view.size() > self.MAX_SIZE:
            return None
        return view

    def forget(self) -> None:
        self.view = None


_memory: ContextVar[Memory | None] = ContextVar("loket_clients_memory", default=None)


def memory() -> Memory | None:
    """The carried view's holder while a ``session`` runs."""
    return _memory.get()


@contextmanager
def session():
    """A run of ``link_contacts`` batches (an import) that may carry the batch view on, and
    that keeps many more name comparisons than linking one contact at a time does."""
    token = _memory.set(Memory())
    try:
        with similarity.remembering_more(), foreign_writes.listening():
            yield
    finally:
        _memory.reset(token)


def forget() -> None:
    """Drop the carried view (a batch was undone)."""
    if (memory := _memory.get()) is not None:
        memory.forget()
