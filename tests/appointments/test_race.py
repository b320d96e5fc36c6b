"""Many requests confirm bookings for the last seats at once (issue 14, item 3): exactly as
many bookings as seats, never more, and every booking reported as made is stored.

Threads, each on its own database connection, on SQLite and on PostgreSQL. On SQLite the
test database must be a file (an in-memory one is shared through a cache that refuses
concurrent writers instead of waiting), so there the threads run in subprocesses of a
script against a migrated file database; on PostgreSQL they run in this process.
"""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from loket.appointments.errors import BookingError
from loket.appointments.models import Booking, Claim

from . import race_run

pytestmark = pytest.mark.django_db(transaction=True)

SEATS, RIVALS = 5, 24


def _threads(slot_pk: int, client_pks: list[int]) -> list:
    results, barrier = [None] * len(client_pks), threading.Barrier(len(client_pks))

    def run(i: int, client_pk: int):
        try:
            barrier.wait()
            results[i] = race_run.attempt(slot_pk, client_pk, i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, pk)) for i, pk in enumerate(client_pks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL: threads in this process")
def test_last_seats_on_postgresql():
    slot_pk, client_pks = race_run.setup(seats=SEATS, rivals=RIVALS)
    results = _threads(slot_pk, client_pks)
    race_run.check(results, slot_pk=slot_pk, seats=SEATS)
    assert Claim.objects.filter(seat__slot_id=slot_pk).count() == SEATS


def test_last_seats_on_sqlite(tmp_path, migrated_sqlite):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite: a file database in a subprocess")
    out = subprocess.run(
        [sys.executable, "-m", "tests.appointments.race_run", str(tmp_path / "race.sqlite3"), str(SEATS), str(RIVALS)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.returncode == 0, out.stderr[-3000:]
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary == {"booked": SEATS, "stored": SEATS, "full": RIVALS - SEATS, "errors": 0, "claims": SEATS}


def test_idempotent_replays_under_a_race_make_one_booking():
    """The same Idempotency-Key sent by many at once (a client retrying): one booking."""
    if connection.vendor != "postgresql":
        pytest.skip("threads need PostgreSQL here; the SQLite run is covered by the script")
    slot_pk, client_pks = race_run.setup(seats=SEATS, rivals=1)
    results = [None] * 8
    barrier = threading.Barrier(8)

    def run(i):
        try:
            barrier.wait()
            results[i] = race_run.attempt(slot_pk, client_pks[0], 0, key="same-key")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {r[1] for r in results if r[0] == "booked"} == {Booking.objects.get().reference}
    assert not [r for r in results if r[0] == "error"], results
    assert BookingError
