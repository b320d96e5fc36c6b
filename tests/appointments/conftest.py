"""Fixtures of the appointments tests: a location open on weekdays, two services, rosters
for two weeks and their slots, and clients made through the matching service."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from loket.appointments.models import CounterService, Location, Roster, Slot
from loket.appointments.services import slots
from loket.appointments.services.identify import resolve

# A Monday with no public holiday near it; the clock stands at 08:00 on it.
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.get_fixed_timezone(60))
WEEKDAYS = {str(d): ["09:00", "17:00"] for d in range(5)}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def place(db, clock):
    """Location DH with services 'pickup' (15 min) and 'bio' (20 min): two counters for
    pickup 09:00-12:00 and one for bio 09:00-10:00 on every weekday of two weeks."""
    loc = Location.objects.create(code="dh", name="Den Haag", address="Rijswijkseplein 1", opening_hours=WEEKDAYS)
    pickup = CounterService.objects.create(code="pickup", name="Collect a residence document", duration_minutes=15)
    bio = CounterService.objects.create(code="bio", name="Biometrics", duration_minutes=20)
    for offset in range(14):
        day = MONDAY + timedelta(days=offset)
        for counter in (1, 2):
            Roster.objects.create(location=loc, day=day, counter=counter, service=pickup, starts=time(9), ends=time(12))
        Roster.objects.create(location=loc, day=day, counter=3, service=bio, starts=time(9), ends=time(10))
    slots.generate(location=loc, start=MONDAY, end=MONDAY + timedelta(days=13), actor="test", jitter_seconds=0)
    return {"location": loc, "pickup": pickup, "bio": bio}


def slot_at(place, service, day, hh, mm=0) -> Slot:
    starts = datetime.combine(day, time(hh, mm), timezone.get_current_timezone())
    return Slot.objects.get(location=place["location"], service=place[service], starts_at=starts)


GIVEN = ["Amal", "Senait", "Yusuf", "Olena", "Dmitri", "Farah", "Hamid", "Ayaan", "Claire", "Mehmet", "Tesfay"]
FAMILY = ["Haddad", "Tesfaye", "Rahimi", "Kovalenko", "Ivanov", "Warsame", "Dubois", "Yilmaz", "Bakker", "Osman"]


@pytest.fixture
def make_client(db):
    count = iter(range(1, 10_000))

    def make(name=None, v_number=None, birth_date=None, language="nl"):
        n = next(count)
        client = resolve(
            actor="test",
            name=name or f"{GIVEN[n % len(GIVEN)]} {FAMILY[n // len(GIVEN) % len(FAMILY)]}",
            v_number=v_number or f"{1000000000 + n * 7919}",
            birth_date=birth_date or (date(1950, 1, 1) + timedelta(days=97 * n)).isoformat(),
        )
        if language:
            client.language = language
            client.save(update_fields=["language"])
        return client

    return make
