"""The counter's day: check-in against the client's identity, calling the next client to
a desk (the waiting-room screen shows a short number, never a name), the visit recorded
as a contact with its outcome, and a walk-in admitted by a team lead with a reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...clients.services import parse_v_number
from ...core import audit
from ...core.roles import Role, require_role
from ..choices import BookingStatus
from ..errors import BookingError
from ..models import Booking, Call, Location, WalkIn
from . import contacts

COUNTER = (Role.COUNTER_AGENT, Role.TEAM_LEAD)


def find(reference: str) -> Booking | None:
    """A booking by its reference as typed or read from its QR code (case and dashes free)."""
    text = "".join(ch for ch in (reference or "").upper() if ch.isalnum())
    if text.startswith("AP") and len(text) == 10:
        return (
            Booking.objects.select_related("client", "slot", "service", "location")
            .filter(reference=f"AP-{text[2:6]}-{text[6:]}")
            .first()
        )
    return None


def _same_person(booking: Booking, *, v_number: str, birth_date: str) -> bool:
    client = booking.client.resolved()
    if client.v_number:
        try:
            return parse_v_number(v_number) == client.v_number
        except ValueError:
            return False
    day = client.birth_date.as_date()
    return bool(day) and birth_date.strip() == day.isoformat()


def check_in(*, booking: Booking, actor, v_number: str = "", birth_date: str = "") -> Booking:
    """Check a client in. The identity document must be the booking's client's: a booking
    cannot be transferred, and an attempt is logged."""
    require_role(actor, *COUNTER)
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("client", "slot", "service", "location")
            .get(pk=booking.pk)
        )
        if booking.status != BookingStatus.BOOKED:
            raise BookingError("not_open")
        same = _same_person(booking, v_number=v_number, birth_date=birth_date)
        if same:
            booking.status, booking.checked_in_at = BookingStatus.CHECKED_IN, timezone.now()
            booking.save(update_fields=["status", "checked_in_at"])
            audit.record(actor=actor, action="appointments.booking.checked_in", obj=booking)
    if not same:  # logged for the integrity officer, outside the refused change
        audit.record(actor=actor, action="appointments.checkin.refused", obj=booking, reason="identity mismatch")
        raise BookingError("identity_mismatch")
    return booking


def call_next(*, location: Location, desk: str, actor) -> Call | None:
    """Call the checked-in client who has waited longest (by appointment time) to ``desk``."""
    require_role(actor, *COUNTER)
    today = timezone.localdate()
    with transaction.atomic():
        # A walk-in was admitted for an urgent matter: called before the appointments.
        walk_in = (
            WalkIn.objects.select_for_update(skip_locked=True)
            .filter(location=location, called_at__isnull=True, at__date=today)
            .order_by("at", "pk")
            .first()
        )
        if walk_in is not None:
            walk_in.called_at, walk_in.desk = timezone.now(), desk[:20]
            walk_in.save(update_fields=["called_at", "desk"])
            call = Call.objects.create(
                location=location, number=walk_in.short_number, desk=desk[:20], at=walk_in.called_at
            )
            audit.record(actor=actor, action="appointments.walk_in.called", obj=walk_in, data={"desk": desk})
            return call
        booking = (
            Booking.objects.select_for_update(skip_locked=True)
            .filter(location=location, status=BookingStatus.CHECKED_IN, called_at__isnull=True)
            .filter(slot__starts_at__date=today)
            .order_by("slot__starts_at", "checked_in_at")
            .first()
        )
        if booking is None:
            return None
        booking.called_at, booking.desk = timezone.now(), desk[:20]
        booking.save(update_fields=["called_at", "desk"])
        call = Call.objects.create(
            location=location, number=booking.short_number, desk=desk[:20], booking=booking, at=booking.called_at
        )
        audit.record(actor=actor, action="appointments.booking.called", obj=booking, data={"desk": desk})
    return call


def record_visit(*, booking: Booking, actor, outcome: str) -> Booking:
    """Close the visit: the outcome is stored and becomes a counter contact on the question."""
    require_role(actor, *COUNTER)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": [_("Write the outcome of the visit.")]})
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("client", "slot", "service", "location")
            .get(pk=booking.pk)
        )
        if booking.status != BookingStatus.CHECKED_IN:
            raise BookingError("not_open")
        booking.status, booking.closed_at, booking.outcome = BookingStatus.VISITED, timezone.now(), outcome[:5000]
        booking.save(update_fields=["status", "closed_at", "outcome"])
        contacts.record(booking=booking, what="visit", text=outcome, actor=actor, channel="counter")
        audit.record(actor=actor, action="appointments.booking.visited", obj=booking)
    return booking


def admit_walk_in(*, location: Location, actor, name: str, reason: str, client=None) -> WalkIn:
    """A team lead admits a client without an appointment for an urgent matter; logged."""
    require_role(actor, Role.TEAM_LEAD)
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Write the client's name.")]
    if len((reason or "").strip()) < 10:
        errors["reason"] = [_("Write why this cannot wait (at least 10 characters).")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        walk_in = WalkIn.objects.create(
            location=location,
            client=client,
            name=name.strip()[:200],
            reason=reason.strip(),
            admitted_by=actor,
            at=timezone.now(),
        )
        audit.record(actor=actor, action="appointments.walk_in.admitted", obj=walk_in, reason=reason.strip()[:500])
    return walk_in
