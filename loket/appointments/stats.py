"""The capacity dashboard's figures per location and service: days to the first free slot,
utilisation of the coming four weeks, no-show rate of the past four, the waiting list's
length and the time spent on it."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from .choices import BookingStatus, ClaimKind, WaitStatus
from .models import Booking, CounterService, Location, Slot, WaitingEntry

WINDOW = timedelta(days=28)


def _first_free(location, service, now) -> int | None:
    slot = (
        Slot.objects.filter(
            location=location, service=service, starts_at__gt=now, starts_at__lte=now + timedelta(days=365)
        )
        .annotate(
            taken=Count(
                "seat_rows__claim",
                filter=Q(seat_rows__claim__kind=ClaimKind.BOOKING) | Q(seat_rows__claim__expires_at__gt=now),
            )
        )
        .filter(seats__gt=F("taken"))
        .order_by("starts_at")
        .first()
    )
    return (timezone.localtime(slot.starts_at).date() - timezone.localdate()).days if slot else None


def rows(now=None) -> list[dict]:
    now = now or timezone.now()
    out = []
    pairs = Slot.objects.filter(starts_at__gte=now - WINDOW).values_list("location_id", "service_id").distinct()
    locations = {loc.pk: loc for loc in Location.objects.all()}
    services = {s.pk: s for s in CounterService.objects.all()}
    for location_id, service_id in sorted(set(pairs)):
        location, service = locations[location_id], services[service_id]
        ahead = Slot.objects.filter(location=location, service=service, starts_at__gt=now, starts_at__lte=now + WINDOW)
        seats = sum(ahead.values_list("seats", flat=True))
        booked = Booking.objects.filter(
            slot__in=ahead, status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
        ).count()
        past = Booking.objects.filter(
            location=location, service=service, slot__starts_at__gte=now - WINDOW, slot__starts_at__lte=now
        )
        came = past.filter(status__in=[BookingStatus.VISITED, BookingStatus.CHECKED_IN]).count()
        missed = past.filter(status=BookingStatus.NO_SHOW).count()
        waiting = WaitingEntry.objects.filter(location=location, service=service)
        open_waits = list(
            waiting.filter(status__in=[WaitStatus.WAITING, WaitStatus.OFFERED]).values_list("joined_at", flat=True)
        )
        ended = [(e - j) for j, e in waiting.filter(ended_at__isnull=False).values_list("joined_at", "ended_at")]
        spans = [now - j for j in open_waits] + ended
        out.append(
            {
                "label": f"{location.name} · {service.name}",
                "first_free_days": _first_free(location, service, now),
                "utilisation": round(100 * booked / seats) if seats else None,
                "booked": booked,
                "seats": seats,
                "no_show_rate": round(100 * missed / (came + missed)) if came + missed else None,
                "no_shows": missed,
                "visits": came,
                "waiting": len(open_waits),
                "wait_days": round(sum(s.total_seconds() for s in spans) / len(spans) / 86400, 1) if spans else None,
            }
        )
    return out


def chart(table: list[dict]) -> dict:
    return {
        "labels": [r["label"] for r in table],
        "first_free": [r["first_free_days"] for r in table],
        "utilisation": [r["utilisation"] for r in table],
        "no_show": [r["no_show_rate"] for r in table],
        "waiting": [r["waiting"] for r in table],
    }
