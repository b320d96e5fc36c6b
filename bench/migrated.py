"""A migrated SQLite database for a benchmark, or for a test's subprocess, without migrating.

Migrating an empty database costs about 15 s of CPU (Django renders the state of some 300
models again and again through 100 migrations); the test suite has already migrated its own
database. When ``LOKET_MIGRATED_SQLITE`` names a SQLite file that holds one (the suite writes
its database out once per run, tests/conftest.py), ``migrate`` copies it; otherwise it runs
Django's ``migrate`` as before. A benchmark run by hand always migrates.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing

ENV = "LOKET_MIGRATED_SQLITE"


def copy_to(path) -> bool:
    """Make the SQLite file ``path`` a migrated database by copying; False when no copy is given."""
    source = os.environ.get(ENV)
    if not source:
        return False
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as done, closing(sqlite3.connect(path)) as to:
        done.backup(to)
    return True


def migrate() -> None:
    """Migrate Django's default database, or, on a SQLite file not yet written, copy one."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        if copy_to(connection.settings_dict["NAME"]):
            return
    call_command("migrate", verbosity=0, interactive=False)
