"""Booking, rescheduling and cancelling an appointment.

Each use case is one transaction: the seat is claimed (the database decides, see
``seats``), the booking row written, the contact recorded on the client's question and
the audit entry written, or nothing is. Messages go out after the commit.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from ...core import audit
from ...core.roles import Role, has_role, require_role
from ..choices import BookingStatus, ClaimKind
from ..errors import BookingError
from ..models import Booking, Claim, Slot
from . import contacts, limits, notify, seats, waiting

AGENT_ROLES = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out on the phone


def new_reference() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"AP-{code[:4]}-{code[4:]}"


def fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def check_actor(actor, client) -> None:
    """Staff book for anyone (with an agent role); a client only for themself (actor is the
    portal label and ``client`` the signed-in client, checked by the portal page)."""
    if getattr(actor, "is_authenticated", False):
        require_role(actor, *AGENT_ROLES)
    elif not isinstance(actor, str):
        raise BookingError("client_unclear")


def replay(key: str, fp: str) -> Booking | None:
    existing = Booking.objects.filter(idempotency_key=key).first()
    if existing is not None and fp and existing.request_fingerprint and existing.request_fingerprint != fp:
        raise BookingError("key_reused")
    return existing


def book(
    *,
    slot: Slot,
    client,
    actor,
    channel: str,
    idempotency_key: str = "",
    request_fingerprint: str = "",
    email: str = "",
    phone: str = "",
    language: str = "",
    interpreter_language: str = "",
    needs: str = "",
    case_ref: str = "",
) -> tuple[Booking, bool]:
    """Book a seat of ``slot`` for ``client``; (booking, created). The same idempotency key
    again returns the first booking and changes nothing."""
    check_actor(actor, client)
    key = idempotency_key or None
    if key and (existing := replay(key, request_fingerprint)) is not None:
        return existing, False
    limits.check(client=client, email=email, phone=phone, actor=actor)  # its own transaction: a signal stays
    try:
        with transaction.atomic():
            slot = Slot.objects.select_related("location", "service").get(pk=slot.pk)
            seats.check_bookable(slot, released_only=not has_role(actor, *AGENT_ROLES))
            booking = _insert(
                slot=slot,
                client=client,
                channel=channel,
                actor=actor,
                key=key,
                fp=request_fingerprint,
                email=limits.normal_email(email),
                phone=limits.normal_phone(phone),
                language=language or client.language or "nl",
                interpreter_language=interpreter_language,
                needs=needs,
                case_ref=case_ref,
            )
            seats.take(slot=slot, client_id=client.pk, kind=ClaimKind.BOOKING, booking=booking)
            Claim.objects.filter(client_id=client.pk, kind=ClaimKind.HOLD).delete()  # a hold is used up
            _finish(booking, actor=actor, channel=channel, what="booked", action="appointments.booking.created")
    except _KeyRace:
        existing = replay(key, request_fingerprint)
        if existing is None:
            raise
        return existing, False
    return booking, True


class _KeyRace(Exception):
    """Another request with the same idempotency key committed first."""


def _insert(*, slot, client, channel, actor, key, fp, **details) -> Booking:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    reference=new_reference(),
                    slot=slot,
                    service=slot.service,
                    location=slot.location,
                    client=client,
                    channel=channel,
                    booked_by=audit.actor_label(actor)[:150],
                    idempotency_key=key,
                    request_fingerprint=fp,
                    **details,
                )
        except IntegrityError as exc:
            text = str(exc).lower()
            if "idempotency" in text:
                raise _KeyRace from exc
            if "reference" in text:
                continue  # a reference drawn twice: draw again
            raise BookingError("already_booked") from exc
    raise BookingError("slot_full")  # pragma: no cover - 32**8 references


def _finish(booking: Booking, *, actor, channel: str, what: str, action: str, data: dict | None = None) -> None:
    when = timezone.localtime(booking.slot.starts_at)
    text = f"{booking.service.name}, {booking.location.name}, {when:%Y-%m-%d %H:%M}"
    contacts.record(booking=booking, what=what, text=text, actor=actor, channel=channel)
    audit.record(
        actor=actor,
        action=action,
        obj=booking,
        data={"reference": booking.reference, "slot": booking.slot_id, "client": booking.client_id, **(data or {})},
    )
    transaction.on_commit(lambda: notify.enqueue(booking.pk, what))


def confirm(*, client, actor, channel: str = "web", idempotency_key: str = "", **details) -> Booking:
    """Turn the client's hold into a booking (the seat is already theirs), or raise
    ``hold_expired`` when the hold ran out (its seat is freed)."""
    key = idempotency_key or None
    if key and (existing := replay(key, "")) is not None:
        return existing
    limits.check(client=client, email=details.get("email", ""), phone=details.get("phone", ""), actor=actor)
    with transaction.atomic():
        hold = Claim.objects.select_related("seat__slot").filter(client_id=client.pk, kind=ClaimKind.HOLD).first()
        if hold is None or hold.expires_at <= timezone.now():
            Claim.objects.filter(client_id=client.pk, kind=ClaimKind.HOLD).delete()
            raise BookingError("hold_expired")
        slot = Slot.objects.select_related("location", "service").get(pk=hold.seat.slot_id)
        seats.check_bookable(slot, released_only=False)
        details.setdefault("language", client.language or "nl")
        details["email"] = limits.normal_email(details.get("email", ""))
        details["phone"] = limits.normal_phone(details.get("phone", ""))
        booking = _insert(slot=slot, client=client, channel=channel, actor=actor, key=key, fp="", **details)
        # The hold becomes the booking, only if it is still the unexpired hold we read.
        changed = Claim.objects.filter(pk=hold.pk, kind=ClaimKind.HOLD, expires_at__gt=timezone.now()).update(
            kind=ClaimKind.BOOKING, booking=booking, expires_at=None
        )
        if not changed:
            raise BookingError("hold_expired")
        _finish(booking, actor=actor, channel=channel, what="booked", action="appointments.booking.created")
    return booking


def _open_for_change(booking: Booking, *, actor, client=None) -> Booking:
    if client is not None and booking.client_id != client.pk:
        raise BookingError("not_open")
    if getattr(actor, "is_authenticated", False):
        require_role(actor, *AGENT_ROLES)
    locked = (
        Booking.objects.select_for_update().select_related("slot", "service", "location", "client").get(pk=booking.pk)
    )
    if locked.status != BookingStatus.BOOKED:
        raise BookingError("not_open")
    return locked


def reschedule(*, booking: Booking, slot: Slot, actor, channel: str = "web", client=None) -> Booking:
    """Move to ``slot``: the new seat is taken and the old one freed in one transaction, so
    a full or wrong slot leaves the old appointment exactly as it was."""
    with transaction.atomic():
        booking = _open_for_change(booking, actor=actor, client=client)
        slot = Slot.objects.select_related("location", "service").get(pk=slot.pk)
        if slot.service_id != booking.service_id:
            raise BookingError("wrong_service")
        seats.check_bookable(slot, released_only=not has_role(actor, *AGENT_ROLES))
        old_slot = booking.slot
        Claim.objects.filter(booking=booking).delete()
        seats.take(slot=slot, client_id=booking.client_id, kind=ClaimKind.BOOKING, booking=booking)
        booking.slot, booking.location = slot, slot.location
        booking.save(update_fields=["slot", "location"])
        _finish(
            booking,
            actor=actor,
            channel=channel,
            what="rescheduled",
            action="appointments.booking.rescheduled",
            data={"from_slot": old_slot.pk},
        )
        transaction.on_commit(lambda: waiting.offer_freed(slot_id=old_slot.pk))
    return booking


def cancel(*, booking: Booking, actor, channel: str = "web", client=None, reason: str = "") -> Booking:
    """Cancel: the seat is free at once and offered to the waiting list."""
    with transaction.atomic():
        booking = _open_for_change(booking, actor=actor, client=client)
        Claim.objects.filter(booking=booking).delete()
        booking.status, booking.closed_at = BookingStatus.CANCELLED, timezone.now()
        booking.save(update_fields=["status", "closed_at"])
        _finish(
            booking,
            actor=actor,
            channel=channel,
            what="cancelled",
            action="appointments.booking.cancelled",
            data={"reason": reason[:500]},
        )
        slot_id = booking.slot_id
        transaction.on_commit(lambda: waiting.offer_freed(slot_id=slot_id))
    return booking
