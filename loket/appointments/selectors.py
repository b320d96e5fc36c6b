"""Queries that read appointments: free slots, a client's bookings, the counter's day."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .choices import BookingStatus, ClaimKind, WaitStatus
from .models import Booking, Call, Slot, WaitingEntry


def _taken(now: datetime) -> Count:
    """Seats whose claim counts now: a booking, or a hold/offer that has not expired."""
    return Count(
        "seat_rows__claim",
        filter=Q(seat_rows__claim__kind=ClaimKind.BOOKING) | Q(seat_rows__claim__expires_at__gt=now),
    )


def day_bounds(day: date, days: int = 1) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(day, time.min, tz), datetime.combine(day + timedelta(days=days), time.min, tz)


def slots(*, location, service, day: date, days: int = 1, released_only: bool = True, free_only: bool = False) -> list:
    """The slots of a location and service from ``day`` for ``days`` days, each with
    ``seats_free``; past slots left out."""
    now = timezone.now()
    start, end = day_bounds(day, days)
    rows = Slot.objects.filter(location=location, service=service, starts_at__gte=max(start, now), starts_at__lt=end)
    if released_only:
        rows = rows.filter(released_at__lte=now)
    out = []
    for slot in rows.annotate(taken=_taken(now)).order_by("starts_at"):
        slot.seats_free = max(0, slot.seats - slot.taken)
        if slot.seats_free or not free_only:
            out.append(slot)
    return out


def bookings_of(client) -> list[Booking]:
    return list(
        Booking.objects.filter(client=client)
        .select_related("slot", "service", "location")
        .order_by("-slot__starts_at")[:50]
    )


def agenda(*, location, day: date) -> list[Booking]:
    start, end = day_bounds(day)
    return list(
        Booking.objects.filter(location=location, slot__starts_at__gte=start, slot__starts_at__lt=end)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("slot", "service", "client")
        .order_by("slot__starts_at", "pk")
    )


def recent_calls(*, location, limit: int = 8) -> list[Call]:
    start, _end = day_bounds(timezone.localdate())
    return list(Call.objects.filter(location=location, at__gte=start).order_by("-at", "-pk")[:limit])


def waiting_languages(*, location) -> list[str]:
    """The languages of the clients waiting in the hall now (checked in today, not yet
    called), the most common first: the booking's language of messages, else the client's."""
    start, end = day_bounds(timezone.localdate())
    rows = Booking.objects.filter(
        location=location,
        status=BookingStatus.CHECKED_IN,
        called_at__isnull=True,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    ).values_list("language", "client__language")
    counted = Counter(mine or theirs for mine, theirs in rows if mine or theirs)
    return [code for code, _n in sorted(counted.items(), key=lambda item: (-item[1], item[0]))]


def waits_of(client) -> list[WaitingEntry]:
    """The client's places on waiting lists, with the offer's expiry where a seat is offered."""
    rows = list(
        WaitingEntry.objects.filter(client=client, status__in=[WaitStatus.WAITING, WaitStatus.OFFERED])
        .select_related("location", "service", "offer_claim__seat__slot")
        .order_by("joined_at")
    )
    return rows
