"""Taking and freeing a seat: the one place capacity is decided, by the database.

Taking a seat inserts its ``Claim``; the seat's unique index refuses a second one, so
concurrent requests for the last seat cannot both win, whatever the isolation level.
Each attempt runs in a savepoint: a refused insert moves on to the next free seat.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..choices import ClaimKind
from ..errors import BookingError
from ..models import Claim, Seat, Slot
from .slots import closed_on

ROUNDS = 3  # a seat freed by a rolled-back rival is seen on the next round


def check_bookable(slot: Slot, *, released_only: bool = True) -> None:
    """A slot in the past, on a closed day, of a deactivated location or service, or not yet
    released cannot be booked."""
    now = timezone.now()
    if slot.starts_at <= now:
        raise BookingError("slot_past")
    if not (slot.location.active and slot.service.active):  # a seat held before it was deactivated
        raise BookingError("closed")
    day: date = timezone.localtime(slot.starts_at).date()
    if closed_on(slot.location, day):
        raise BookingError("closed")
    if released_only and slot.released_at > now:
        raise BookingError("not_released")


def free_expired(slot: Slot) -> None:
    """Expired holds and offers give their seats back (read as free from the moment they expire)."""
    Claim.objects.filter(
        seat__slot=slot, kind__in=[ClaimKind.HOLD, ClaimKind.OFFER], expires_at__lte=timezone.now()
    ).delete()


def take(*, slot: Slot, client_id: int, kind: str, booking=None, waiting=None, expires_at=None) -> Claim:
    """Claim a free seat of ``slot`` or raise ``BookingError("slot_full")``. Call inside a transaction."""
    free_expired(slot)
    for _round in range(ROUNDS):
        free = list(Seat.objects.filter(slot=slot, claim__isnull=True).order_by("number").values_list("pk", flat=True))
        if not free:
            break
        for seat_id in free:
            try:
                with transaction.atomic():
                    return Claim.objects.create(
                        seat_id=seat_id,
                        client_id=client_id,
                        kind=kind,
                        booking=booking,
                        waiting=waiting,
                        expires_at=expires_at,
                    )
            except IntegrityError:
                continue  # another request took this seat first
    raise BookingError("slot_full")


def seats_free(slot: Slot) -> int:
    now = timezone.now()
    taken = Claim.objects.filter(seat__slot=slot).exclude(
        kind__in=[ClaimKind.HOLD, ClaimKind.OFFER], expires_at__lte=now
    )
    return max(0, Seat.objects.filter(slot=slot).count() - taken.count())
