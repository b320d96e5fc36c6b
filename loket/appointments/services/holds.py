"""A server-side hold keeps a seat while the client confirms: one hold per client (a
partial unique index), expiring after a set number of minutes; an expired hold frees its
seat for everyone (``seats.free_expired``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ...core import audit
from .. import policy
from ..choices import BookingStatus, ClaimKind
from ..errors import BookingError
from ..models import Booking, Claim, Slot
from . import seats


def hold(*, client, slot: Slot, actor="portal") -> Claim:
    """Keep a seat of ``slot`` for ``client``; their previous hold, if any, is let go."""
    with transaction.atomic():
        slot = Slot.objects.select_related("location", "service").get(pk=slot.pk)
        seats.check_bookable(slot)
        if Booking.objects.filter(
            client=client, service=slot.service, status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
        ).exists():
            raise BookingError("already_booked")
        Claim.objects.filter(client_id=client.pk, kind=ClaimKind.HOLD).delete()
        expires = timezone.now() + timedelta(minutes=policy.get("HOLD_MINUTES"))
        claim = seats.take(slot=slot, client_id=client.pk, kind=ClaimKind.HOLD, expires_at=expires)
        audit.record(actor=actor, action="appointments.hold.made", obj=slot, data={"client": client.pk})
    return claim


def current_hold(client) -> Claim | None:
    claim = (
        Claim.objects.select_related("seat__slot__location", "seat__slot__service")
        .filter(client_id=client.pk, kind=ClaimKind.HOLD, expires_at__gt=timezone.now())
        .first()
    )
    return claim


def release(*, client) -> None:
    Claim.objects.filter(client_id=client.pk, kind=ClaimKind.HOLD).delete()
