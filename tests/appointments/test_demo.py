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


def test_demo_services_have_a_name_in_every_client_language(db, clock):
    from django.utils import translation

    from loket.appointments.models import CounterService
    from loket.core.languages import CLIENT_LANGUAGES

    demo.seed(StringIO())
    for service in CounterService.objects.all():
        assert set(service.names) == set(CLIENT_LANGUAGES) - {"nl"}, service.code
    with translation.override("ar"):
        assert str(CounterService.objects.get(code="bio")) == "القياسات الحيوية (صورة وبصمات الأصابع)"
