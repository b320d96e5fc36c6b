"""The race of ``test_race``: set up a slot with few seats and many clients, let them all
book at once, check the outcome. Run as a script it migrates a fresh SQLite file and runs
the rivals in threads on it: ``python -m tests.appointments.race_run FILE SEATS RIVALS``."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, time, timedelta


def setup(*, seats: int, rivals: int) -> tuple[int, list[int]]:
    from django.utils import timezone

    from loket.appointments.models import CounterService, Location, Seat, Slot
    from loket.clients.models import Client

    hours = {str(d): ["08:00", "18:00"] for d in range(5)}
    loc = Location.objects.create(code="race", name="Race", address="Here 1", opening_hours=hours)
    service = CounterService.objects.create(code="race", name="Race", duration_minutes=15)
    day = timezone.localdate() + timedelta(days=2)
    from loket.core.deadlines import is_holiday

    while day.weekday() >= 5 or is_holiday(day):
        day += timedelta(days=1)
    starts = datetime.combine(day, time(10), timezone.get_current_timezone())
    slot = Slot.objects.create(
        location=loc,
        service=service,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=15),
        seats=seats,
        released_at=timezone.now(),
    )
    Seat.objects.bulk_create([Seat(slot=slot, number=n) for n in range(1, seats + 1)])
    clients = Client.objects.bulk_create(
        [Client(display_name=f"Rival {i}", v_number=f"{2000000000 + i}") for i in range(rivals)]
    )
    return slot.pk, [c.pk for c in clients]


def attempt(slot_pk: int, client_pk: int, i: int, key: str = "") -> tuple:
    from loket.appointments.errors import BookingError
    from loket.appointments.models import Slot
    from loket.appointments.services import booking
    from loket.clients.models import Client

    try:
        made, _created = booking.book(
            slot=Slot.objects.get(pk=slot_pk),
            client=Client.objects.get(pk=client_pk),
            actor="race",
            channel="api",
            idempotency_key=key or f"race-{i}",
        )
        return ("booked", made.reference)
    except BookingError as exc:
        return (exc.code, "")
    except Exception as exc:
        return ("error", repr(exc))


def check(results: list, *, slot_pk: int, seats: int) -> dict:
    from loket.appointments.models import Booking, Claim

    booked = [r[1] for r in results if r[0] == "booked"]
    stored = set(Booking.objects.filter(slot_id=slot_pk).values_list("reference", flat=True))
    summary = {
        "booked": len(booked),
        "stored": len(stored),
        "full": sum(r[0] == "slot_full" for r in results),
        "errors": sum(r[0] not in ("booked", "slot_full") for r in results),
        "claims": Claim.objects.filter(seat__slot_id=slot_pk).count(),
    }
    assert summary["errors"] == 0, [r for r in results if r[0] not in ("booked", "slot_full")]
    assert len(booked) == seats == len(stored), summary
    assert set(booked) == stored, "every booking reported as made is stored"
    return summary


def main(path: str, seats: int, rivals: int) -> None:
    import threading

    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.test_settings")
    import django

    django.setup()
    from django.db import connections

    from bench.migrated import migrate

    migrate()
    slot_pk, client_pks = setup(seats=seats, rivals=rivals)
    connections.close_all()
    results, barrier = [None] * rivals, threading.Barrier(rivals)

    def run(i, pk):
        try:
            barrier.wait()
            results[i] = attempt(slot_pk, pk, i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, pk)) for i, pk in enumerate(client_pks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(check(results, slot_pk=slot_pk, seats=seats)))  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
