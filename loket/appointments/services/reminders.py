"""Reminders two days before and on the morning of the appointment, and no-shows.

Run by ``loket appointments remind`` (cron, every quarter of an hour) or the task
``send_reminders``; sending twice is a no-op (each message has a unique key).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from ...core import audit
from ..choices import BookingStatus
from ..models import Booking
from . import contacts, notify

MORNING = time(7, 0)
NO_SHOW_AFTER = timedelta(minutes=30)


def send_due(now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    soon = Booking.objects.filter(
        status=BookingStatus.BOOKED, slot__starts_at__gt=now, slot__starts_at__lte=now + timedelta(days=2)
    ).select_related("slot")
    for booking in soon:
        sent += notify.send(booking.pk, "reminder", slot_key=f"{booking.slot_id}:2d")
        local = timezone.localtime(booking.slot.starts_at)
        morning = datetime.combine(local.date(), MORNING, local.tzinfo)
        if now >= morning:
            sent += notify.send(booking.pk, "reminder", slot_key=f"{booking.slot_id}:morning")
    return sent


def mark_no_shows(now: datetime | None = None) -> int:
    """Booked, never checked in, and the slot ended a while ago: a no-show; the client is
    told how to book again."""
    now = now or timezone.now()
    marked = 0
    for booking in Booking.objects.filter(status=BookingStatus.BOOKED, slot__ends_at__lte=now - NO_SHOW_AFTER):
        with transaction.atomic():
            changed = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
                status=BookingStatus.NO_SHOW, closed_at=now
            )
            if not changed:
                continue
            booking.refresh_from_db()
            contacts.record(booking=booking, what="no_show", text="no-show", actor="system", channel="counter")
            audit.record(actor="system", action="appointments.booking.no_show", obj=booking)
            transaction.on_commit(lambda pk=booking.pk: notify.enqueue(pk, "no_show"))
        marked += 1
    return marked
