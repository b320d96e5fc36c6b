"""Slots are derived, never typed in: from a location's opening hours, its closures, the
public holidays of the project's calendar and the rosters of its counters.

``generate`` is idempotent: run it again after a roster changes and slots gain seats or
lose the free ones; a seat somebody holds is never taken away.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ...core import audit
from ...core.deadlines import is_holiday
from ...core.roles import Role, require_role
from .. import policy
from ..models import Claim, Closure, Location, Roster, Seat, Slot


def _hhmm(text: str) -> time:
    return time.fromisoformat(text)


def opening(location: Location, day: date) -> tuple[time, time] | None:
    hours = (location.opening_hours or {}).get(str(day.weekday()))
    if not hours:
        return None
    return _hhmm(hours[0]), _hhmm(hours[1])


def closed_on(location: Location, day: date) -> str:
    """Why the location is closed on ``day``, or "" when it is open."""
    if is_holiday(day):
        return "holiday"
    if opening(location, day) is None:
        return "not open"
    closure = Closure.objects.filter(Q(location=location) | Q(location__isnull=True), day=day).first()
    return closure.reason if closure else ""


def planned(location: Location, day: date) -> Counter:
    """(service id, start, end) -> seats, from the day's rosters within opening hours.
    A deactivated location or service plans nothing: it offers no new seats."""
    hours = opening(location, day)
    seats: Counter = Counter()
    if not location.active or hours is None or closed_on(location, day):
        return seats
    tz = timezone.get_current_timezone()
    rosters = Roster.objects.filter(location=location, day=day, service__active=True).select_related("service")
    for roster in rosters:
        step = timedelta(minutes=roster.service.duration_minutes)
        start = datetime.combine(day, max(roster.starts, hours[0]), tz)
        end = datetime.combine(day, min(roster.ends, hours[1]), tz)
        while start + step <= end:
            seats[(roster.service_id, start, start + step)] += 1
            start += step
    return seats


def generate(*, location: Location, start: date, end: date, actor, jitter_seconds: int | None = None) -> dict:
    """Make or adjust the slots of ``location`` from ``start`` to ``end`` (inclusive).
    New slots are released at a random second within the jitter window from now."""
    if getattr(actor, "is_authenticated", False):
        require_role(actor, Role.ADMINISTRATOR)
    jitter = policy.get("RELEASE_JITTER_SECONDS") if jitter_seconds is None else jitter_seconds
    made = grown = shrunk = 0
    now = timezone.now()
    with transaction.atomic():
        day = start
        while day <= end:
            wanted = planned(location, day)
            existing = {
                (s.service_id, s.starts_at): s
                for s in Slot.objects.filter(location=location, starts_at__date=day).select_related(None)
            }
            for (service_id, starts, ends), seats in wanted.items():
                slot = existing.pop((service_id, starts), None)
                if slot is None:
                    released = now + timedelta(seconds=secrets.randbelow(jitter + 1)) if jitter else now
                    slot = Slot.objects.create(
                        location=location,
                        service_id=service_id,
                        starts_at=starts,
                        ends_at=ends,
                        seats=seats,
                        released_at=released,
                    )
                    Seat.objects.bulk_create([Seat(slot=slot, number=n) for n in range(1, seats + 1)])
                    made += 1
                else:
                    if slot.ends_at != ends and not Claim.objects.filter(seat__slot=slot).exists():
                        Slot.objects.filter(pk=slot.pk).update(ends_at=ends)  # a new duration
                    if seats != slot.seats:
                        grown += _resize(slot, seats) > 0
            for slot in existing.values():  # no longer rostered: only its free seats go
                shrunk += _resize(slot, 0) < 0
            day += timedelta(days=1)
        audit.record(
            actor=actor,
            action="appointments.slots.generated",
            obj=location,
            data={"from": start, "to": end, "made": made, "grown": grown, "shrunk": shrunk},
        )
    return {"made": made, "grown": grown, "shrunk": shrunk}


def _resize(slot: Slot, seats: int) -> int:
    """Give ``slot`` ``seats`` seats, keeping every claimed one; the change in seats."""
    have = slot.seats
    if seats > have:
        top = Seat.objects.filter(slot=slot).aggregate(top=Max("number"))["top"] or 0
        Seat.objects.bulk_create([Seat(slot=slot, number=top + n) for n in range(1, seats - have + 1)])
    else:
        Seat.objects.filter(slot=slot, number__gt=seats, claim__isnull=True).delete()
        seats = max(seats, Seat.objects.filter(slot=slot).count())
    Slot.objects.filter(pk=slot.pk).update(seats=seats)
    return seats - have
