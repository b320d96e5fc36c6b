"""``loket seed --demo`` gives appointments for the coming four weeks, some nearly full."""

from datetime import timedelta
from io import StringIO

from django.utils import timezone

from loket.appointments import demo, selectors
from loket.appointments.models import Booking, Location, Slot


def test_demo_makes_four_weeks_of_slots_some_nearly_full(db, clock):
    demo.seed(StringIO())
    assert set(Location.objects.values_list("code", flat=True)) == {"dh", "ams", "zwolle"}
    days = {timezone.localtime(s.starts_at).date() for s in Slot.objects.all()}
    today = timezone.localdate()
    assert min(days) == today and max(days) >= today + timedelta(days=25)
    assert Booking.objects.count() >= 10
    dh = Location.objects.get(code="dh")
    first = selectors.slots(location=dh, service=dh.slots.first().service, day=today, days=2)
    assert any(s.seats_free < s.seats for s in first)
