"""The database from the environment (README: DATABASE_URL, LOKET_PG_PREPARED): SQLite for
the demo and the tests, PostgreSQL in production, each with what it needs to serve a web
process and task workers at once. Imports nothing of Django: settings.py calls it first."""

import os
from pathlib import Path

import dj_database_url


def default_database(var_dir: Path) -> dict:
    database = dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'loket.sqlite3'}"),
        conn_max_age=60,
    )
    database["CONN_HEALTH_CHECKS"] = True  # a restarted PostgreSQL costs no failed request
    if database["ENGINE"].endswith("sqlite3"):
        # WAL lets the web process read while a worker writes; the timeout rides out short locks.
        database["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
        database["CONN_MAX_AGE"] = 0
    elif os.environ.get("LOKET_PG_PREPARED", "1") == "1":
        # A statement a connection repeats is prepared (psycopg 3's prepare_threshold, which
        # needs server-side binding): PostgreSQL parses and plans it once per connection, not
        # per request. That halved PostgreSQL's CPU for My Loket (bench/RESULTS.md). Set 0
        # behind a pooler in transaction mode, which cannot keep a connection's prepared statements.
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return database
