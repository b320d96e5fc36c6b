"""One location with a biometrics service and two rostered counters tomorrow (or the first
working day after), its slots derived: what the appointment journeys in the browser start from."""

from datetime import time, timedelta


def place(ends: time = time(11)):
    from django.utils import timezone

    from loket.appointments.models import CounterService, Location, Roster
    from loket.appointments.services import slots
    from loket.core.deadlines import is_holiday

    always = {str(d): ["00:00", "23:59"] for d in range(7)}
    loc = Location.objects.create(code="dh", name="Den Haag", address="Rijswijkseplein 1", opening_hours=always)
    bio = CounterService.objects.create(code="bio", name="Biometrie", duration_minutes=20)
    day = timezone.localdate() + timedelta(days=1)
    while is_holiday(day):
        day += timedelta(days=1)
    for counter in (1, 2):
        Roster.objects.create(location=loc, day=day, counter=counter, service=bio, starts=time(9), ends=ends)
    slots.generate(location=loc, start=day, end=day, actor="test", jitter_seconds=0)
    return loc, bio, day
