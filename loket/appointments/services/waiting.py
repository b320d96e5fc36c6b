"""The waiting list per service and location: a freed seat is offered to the first waiting
client, in their language, and kept for them for a set time; an offer not taken in time
goes to the next (the one who let it lapse goes to the back of the list)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ...core import audit
from .. import policy
from ..choices import BookingStatus, ClaimKind, WaitStatus
from ..errors import BookingError
from ..models import Booking, Claim, Slot, WaitingEntry
from . import limits, notify, seats


def join(*, client, location, service, actor, language: str = "", email: str = "", phone: str = "") -> WaitingEntry:
    with transaction.atomic():
        entry, _created = WaitingEntry.objects.get_or_create(
            client=client,
            location=location,
            service=service,
            status__in=[WaitStatus.WAITING, WaitStatus.OFFERED],
            defaults=dict(
                language=language or client.language or "nl",
                email=limits.normal_email(email),
                phone=limits.normal_phone(phone),
                joined_at=timezone.now(),
            ),
        )
        audit.record(actor=actor, action="appointments.waiting.joined", obj=entry, data={"client": client.pk})
    return entry


def offer_freed(*, slot_id: int) -> WaitingEntry | None:
    """Offer a free seat of the slot to the first waiting client, if the slot is still ahead."""
    slot = Slot.objects.select_related("location", "service").get(pk=slot_id)
    if slot.starts_at <= timezone.now():
        return None
    with transaction.atomic():
        open_clients = Booking.objects.filter(
            service=slot.service, status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
        ).values("client_id")
        entry = (
            WaitingEntry.objects.select_for_update()
            .filter(location=slot.location, service=slot.service, status=WaitStatus.WAITING)
            .exclude(client_id__in=open_clients)
            .first()
        )
        if entry is None:
            return None
        expires = timezone.now() + timedelta(hours=policy.get("OFFER_HOURS"))
        try:
            seats.take(slot=slot, client_id=entry.client_id, kind=ClaimKind.OFFER, waiting=entry, expires_at=expires)
        except BookingError:
            return None  # the seat went to someone else first
        entry.status, entry.offered_at = WaitStatus.OFFERED, timezone.now()
        entry.save(update_fields=["status", "offered_at"])
        audit.record(actor="system", action="appointments.waiting.offered", obj=entry, data={"slot": slot.pk})
        transaction.on_commit(lambda: notify.enqueue_offer(entry.pk))
    return entry


def expire_offers() -> int:
    """Offers not taken in time: the seat goes to the next waiting client."""
    now, passed = timezone.now(), 0
    for claim in Claim.objects.filter(kind=ClaimKind.OFFER, expires_at__lte=now).select_related("waiting", "seat"):
        slot_id = claim.seat.slot_id
        with transaction.atomic():
            entry = claim.waiting
            claim.delete()
            WaitingEntry.objects.filter(pk=entry.pk, status=WaitStatus.OFFERED).update(
                status=WaitStatus.WAITING, joined_at=now, offered_at=None
            )
            audit.record(actor="system", action="appointments.waiting.offer_lapsed", obj=entry)
        passed += 1
        offer_freed(slot_id=slot_id)
    return passed


def accept(*, entry: WaitingEntry, client, actor="portal") -> Booking:
    """The waiting client takes the seat offered to them."""
    from .booking import _finish, _insert

    if entry.client_id != client.pk:
        raise BookingError("no_offer")
    with transaction.atomic():
        claim = Claim.objects.select_related("seat__slot").filter(waiting=entry, kind=ClaimKind.OFFER).first()
        if claim is None or claim.expires_at <= timezone.now():
            raise BookingError("no_offer")
        slot = Slot.objects.select_related("location", "service").get(pk=claim.seat.slot_id)
        booking = _insert(
            slot=slot,
            client=client,
            channel="web",
            actor=actor,
            key=None,
            fp="",
            email=entry.email,
            phone=entry.phone,
            language=entry.language,
        )
        Claim.objects.filter(pk=claim.pk).update(kind=ClaimKind.BOOKING, booking=booking, expires_at=None, waiting=None)
        entry.status, entry.ended_at, entry.booking = WaitStatus.BOOKED, timezone.now(), booking
        entry.save(update_fields=["status", "ended_at", "booking"])
        _finish(booking, actor=actor, channel="web", what="booked", action="appointments.booking.created")
    return booking
