"""PostgreSQL's table statistics kept up with a bulk load.

PostgreSQL plans a statement that a connection prepares (``settings_database``:
``prepare_threshold``) from the table statistics of that moment, and keeps the plan. An
import into an empty register prepares its reads while the tables hold a few hundred rows,
when reading a whole table is the cheapest plan, and then runs them a hundred thousand times
while the tables grow; autovacuum analyzes them about once a minute at best. ``ANALYZE``
refreshes the statistics, and PostgreSQL plans the prepared statements again. SQLite needs
none of this: without statistics it plans with its indexes.
"""

from __future__ import annotations

from django.db import connection


def analyze(*models) -> None:
    """Refresh PostgreSQL's statistics of these models' tables (nothing on SQLite)."""
    if connection.vendor != "postgresql" or not models:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def rows_estimate(model) -> int:
    """About how many rows the model's table held when PostgreSQL last analyzed it
    (``reltuples``); 0 if never, and on SQLite, which keeps no statistics here."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


class Growth:
    """Says when rows added have about doubled a table since it was last analyzed."""

    def __init__(self, rows: int, *, first: int = 1000):
        self.base, self.added = max(first, rows), 0

    def grew(self, added: int) -> bool:
        self.added += added
        if self.added < self.base:
            return False
        self.base, self.added = self.base + self.added, 0
        return True
