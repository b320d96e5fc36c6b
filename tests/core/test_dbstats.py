"""PostgreSQL's statistics kept up with an import (``core.dbstats``): a prepared read planned
on a near-empty table read the whole table once the import had filled it."""

import io
import json

import pytest
from django.db import connection

from loket.clients.models import Client
from loket.contact.services import bulk, import_jsonl
from loket.core import dbstats


def test_growth_says_when_the_rows_added_have_doubled_the_table():
    growth = dbstats.Growth(0, first=1000)
    assert [growth.grew(n) for n in (600, 399)] == [False, False]
    assert growth.grew(1) is True  # 1,000 added to an empty table
    assert [growth.grew(n) for n in (900, 1099)] == [False, False]
    assert growth.grew(1) is True  # 2,000 more: twice the 1,000 analyzed before
    assert dbstats.Growth(50_000, first=1000).grew(10_000) is False  # a large register: seldom


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's statistics")
def test_an_import_into_an_empty_register_refreshes_the_clients_statistics(monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_FROM", 40)
    rows = [
        {
            "ref": f"c{n}",
            "channel": "email",
            "received_at": "2026-05-04T10:00:00+02:00",
            "name": f"Person {n:04d} Tesfay",
            "email": f"p{n}@example.org",
            "body": "Vraag over mijn aanvraag",
        }
        for n in range(300)
    ]
    text = "".join(json.dumps(r) + "\n" for r in rows).encode()
    import_jsonl(io.BytesIO(text), actor="import", batch_size=50)
    clients = Client.objects.count()
    assert clients >= 150
    # the rows are not committed yet: only the import's own ANALYZE can have counted them
    assert dbstats.rows_estimate(Client) >= clients / 2


@pytest.mark.django_db
def test_sqlite_keeps_no_statistics_to_refresh():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite")
    Client.objects.create(display_name="Amina Haile")
    assert dbstats.rows_estimate(Client) == 0
    dbstats.analyze(Client)  # nothing to do, no error
