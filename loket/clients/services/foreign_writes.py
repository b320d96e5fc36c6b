"""Whether another database connection has changed the clients: what lets an import carry
its view of the clients from one batch to the next (``carried.Memory``). The mechanism is
``core.foreign_writes``; on PostgreSQL the tables below notify ``CHANNEL`` (migration 0006)."""

from __future__ import annotations

from ...core.foreign_writes import Channel

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

clients_changed = Channel(CHANNEL, TABLES)
listening = clients_changed.listening
mark = clients_changed.mark
