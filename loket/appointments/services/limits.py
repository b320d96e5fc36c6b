"""Bookings that cannot be resold: limits per client, per phone number and per e-mail
address; one number or address booking for many different clients is refused past a
threshold and reported to the integrity officer (a ``ResaleSignal`` and an audit entry)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ...core import audit
from .. import policy
from ..choices import BookingStatus
from ..errors import BookingError
from ..models import Booking, ResaleSignal

OPEN = [BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
LOOKBACK = timedelta(days=180)


def normal_phone(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return "+31" + digits[1:] if digits.startswith("0") and not digits.startswith("00") else digits


def normal_email(email: str) -> str:
    return (email or "").strip().lower()


def check(*, client, email: str, phone: str, actor) -> None:
    """Raise ``limit_reached`` or ``contact_reused``; the latter is reported first, in a
    transaction of its own, so the report stays when the booking is refused."""
    if Booking.objects.filter(client=client, status__in=OPEN).count() >= policy.get("MAX_OPEN_PER_CLIENT"):
        raise BookingError("limit_reached")
    since = timezone.now() - LOOKBACK
    for kind, value in (("email", normal_email(email)), ("phone", normal_phone(phone))):
        if not value:
            continue
        rows = Booking.objects.filter(**{kind: value})
        if rows.filter(status__in=OPEN).count() >= policy.get("MAX_OPEN_PER_CONTACT"):
            raise BookingError("limit_reached")
        clients = set(rows.filter(created_at__gte=since).values_list("client_id", flat=True)) | {client.pk}
        if len(clients) > policy.get("MAX_CLIENTS_PER_CONTACT"):
            _report(kind, value, sorted(clients), actor)
            raise BookingError("contact_reused")


def _report(kind: str, value: str, clients: list[int], actor) -> None:
    with transaction.atomic():
        signal = ResaleSignal.objects.create(kind=kind, value=value, clients=clients, at=timezone.now())
        audit.record(
            actor=actor,
            action="appointments.resale.suspected",
            obj=signal,
            data={"kind": kind, "clients": clients},
        )
