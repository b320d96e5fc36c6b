"""Booking, holds, rescheduling and cancelling (issue 14, items 2-4), bad input included."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from loket.appointments.choices import BookingStatus
from loket.appointments.errors import BookingError
from loket.appointments.models import Booking, Closure, Message
from loket.appointments.services import booking as svc, holds, seats
from loket.contact.models import Contact
from loket.core.audit_models import AuditEntry

from .conftest import MONDAY, slot_at

TUESDAY = MONDAY + timedelta(days=1)


def test_generated_slots_follow_rosters_opening_hours_and_holidays(place):
    pickup = slot_at(place, "pickup", TUESDAY, 9)
    assert pickup.seats == 2 and pickup.ends_at - pickup.starts_at == timedelta(minutes=15)
    assert slot_at(place, "bio", TUESDAY, 9, 40).seats == 1
    # 12 pickup slots (09:00-12:00 by 15 min) and 3 bio slots a weekday; none at weekends.
    days = {s.starts_at.date() for s in place["location"].slots.all()}
    assert all(d.weekday() < 5 for d in days) and len(days) == 10


def test_a_booking_is_stored_with_its_contact_audit_and_confirmation(
    place, make_client, django_capture_on_commit_callbacks, mailoutbox
):
    client = make_client(language="en")
    slot = slot_at(place, "pickup", TUESDAY, 10)
    with django_capture_on_commit_callbacks(execute=True):
        booking, created = svc.book(
            slot=slot,
            client=client,
            actor="portal",
            channel="web",
            email="A@Example.org",
            phone="0612345678",
            interpreter_language="ar",
            needs="wheelchair",
        )
    assert created and booking.status == BookingStatus.BOOKED
    assert booking.interpreter_language == "ar" and booking.language == "en"
    assert seats.seats_free(slot) == 1
    contact = Contact.objects.get(ref__startswith=f"appt-{booking.reference}-booked")
    assert contact.client_id == client.pk and contact.topic == "appointment"
    assert AuditEntry.objects.filter(action="appointments.booking.created", object_id=str(booking.pk)).exists()
    mail = Message.objects.get(booking=booking, channel="email", kind="booked")
    assert mail.to == "a@example.org" and "Your appointment is booked" in mail.subject
    assert Message.objects.filter(booking=booking, channel="sms", to="+31612345678").exists()
    (sent,) = mailoutbox
    name, ics, kind = sent.attachments[0]
    assert kind == "text/calendar" and name == f"{booking.reference}.ics"
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "BEGIN:VEVENT" in ics and booking.reference in ics
    assert f"/appointments/{booking.reference}/change" in sent.body


def test_one_open_booking_per_client_per_service(place, make_client):
    client = make_client()
    svc.book(slot=slot_at(place, "pickup", TUESDAY, 10), client=client, actor="portal", channel="web")
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot_at(place, "pickup", TUESDAY, 11), client=client, actor="portal", channel="web")
    assert err.value.code == "already_booked"
    # Another service is fine.
    svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=client, actor="portal", channel="web")


def test_a_full_slot_is_refused(place, make_client):
    slot = slot_at(place, "bio", TUESDAY, 9)
    svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    assert err.value.code == "slot_full"
    assert Booking.objects.filter(slot=slot).count() == 1


def test_a_slot_in_the_past_is_refused(place, make_client, clock):
    slot = slot_at(place, "pickup", MONDAY, 9)
    clock.shift(timedelta(hours=2))  # 10:00: the 09:00 slot has passed
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    assert err.value.code == "slot_past"


def test_a_closed_day_is_refused(place, make_client):
    slot = slot_at(place, "pickup", TUESDAY, 9)
    Closure.objects.create(location=place["location"], day=TUESDAY, reason="staff training")
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    assert err.value.code == "closed"
    assert not Booking.objects.exists()


def test_a_slot_not_yet_released_is_hidden_from_clients_not_agents(place, make_client, make_user):
    slot = slot_at(place, "pickup", TUESDAY, 9)
    slot.released_at = slot.starts_at - timedelta(hours=1)
    slot.save()
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    assert err.value.code == "not_released"
    booking, _ = svc.book(slot=slot, client=make_client(), actor=make_user("contact_agent"), channel="phone")
    assert booking.pk


def test_staff_without_an_agent_role_cannot_book(place, make_client, make_user):
    with pytest.raises(PermissionDenied):
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY, 9),
            client=make_client(),
            actor=make_user("decision_officer"),
            channel="phone",
        )


def test_the_same_idempotency_key_gives_one_booking(place, make_client):
    client, slot = make_client(), slot_at(place, "pickup", TUESDAY, 9)
    first, created = svc.book(
        slot=slot, client=client, actor="api", channel="api", idempotency_key="k-1", request_fingerprint="f"
    )
    again, created_again = svc.book(
        slot=slot, client=client, actor="api", channel="api", idempotency_key="k-1", request_fingerprint="f"
    )
    assert created and not created_again and first.pk == again.pk
    assert Booking.objects.count() == 1
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot, client=client, actor="api", channel="api", idempotency_key="k-1", request_fingerprint="g")
    assert err.value.code == "key_reused"


def test_a_hold_keeps_the_seat_and_confirming_books_it(place, make_client):
    slot = slot_at(place, "bio", TUESDAY, 9)
    client = make_client()
    holds.hold(client=client, slot=slot)
    with pytest.raises(BookingError) as err:  # the one seat is held
        svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    assert err.value.code == "slot_full"
    booking = svc.confirm(client=client, actor="portal")
    assert booking.slot == slot and seats.seats_free(slot) == 0


def test_one_hold_per_client(place, make_client):
    client = make_client()
    holds.hold(client=client, slot=slot_at(place, "bio", TUESDAY, 9))
    holds.hold(client=client, slot=slot_at(place, "bio", TUESDAY, 9, 20))
    assert seats.seats_free(slot_at(place, "bio", TUESDAY, 9)) == 1
    assert seats.seats_free(slot_at(place, "bio", TUESDAY, 9, 20)) == 0


def test_an_expired_hold_frees_the_seat_and_cannot_be_confirmed(place, make_client, clock):
    slot = slot_at(place, "bio", TUESDAY, 9)
    holder = make_client()
    holds.hold(client=holder, slot=slot)
    clock.shift(timedelta(minutes=11))
    assert seats.seats_free(slot) == 1
    other, _ = svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    with pytest.raises(BookingError) as err:
        svc.confirm(client=holder, actor="portal")
    assert err.value.code == "hold_expired"
    assert list(Booking.objects.filter(slot=slot)) == [other]


def test_reschedule_moves_the_seat_in_one_go(place, make_client):
    client = make_client()
    old = slot_at(place, "bio", TUESDAY, 9)
    new = slot_at(place, "bio", TUESDAY, 9, 20)
    booking, _ = svc.book(slot=old, client=client, actor="portal", channel="web")
    svc.reschedule(booking=booking, slot=new, actor="portal", client=client)
    booking.refresh_from_db()
    assert booking.slot == new and seats.seats_free(old) == 1 and seats.seats_free(new) == 0
    assert Contact.objects.filter(ref__startswith=f"appt-{booking.reference}-rescheduled").exists()


def test_reschedule_to_a_full_slot_leaves_the_old_booking_intact(place, make_client):
    client = make_client()
    old, full = slot_at(place, "bio", TUESDAY, 9), slot_at(place, "bio", TUESDAY, 9, 20)
    booking, _ = svc.book(slot=old, client=client, actor="portal", channel="web")
    svc.book(slot=full, client=make_client(), actor="portal", channel="web")
    with pytest.raises(BookingError) as err:
        svc.reschedule(booking=booking, slot=full, actor="portal", client=client)
    assert err.value.code == "slot_full"
    booking.refresh_from_db()
    assert booking.slot == old and booking.status == BookingStatus.BOOKED
    assert booking.claim.seat.slot == old and seats.seats_free(old) == 0


def test_reschedule_to_a_slot_of_another_service_is_refused(place, make_client):
    client = make_client()
    booking, _ = svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=client, actor="portal", channel="web")
    with pytest.raises(BookingError) as err:
        svc.reschedule(booking=booking, slot=slot_at(place, "pickup", TUESDAY, 11), actor="portal", client=client)
    assert err.value.code == "wrong_service"
    booking.refresh_from_db()
    assert booking.slot == slot_at(place, "bio", TUESDAY, 9)


def test_another_client_cannot_change_a_booking(place, make_client):
    booking, _ = svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=make_client(), actor="portal", channel="web")
    with pytest.raises(BookingError):
        svc.cancel(booking=booking, actor="portal", client=make_client())


def test_cancel_frees_the_seat_at_once(place, make_client):
    client = make_client()
    slot = slot_at(place, "bio", TUESDAY, 9)
    booking, _ = svc.book(slot=slot, client=client, actor="portal", channel="web")
    svc.cancel(booking=booking, actor="portal", client=client)
    assert seats.seats_free(slot) == 1
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    with pytest.raises(BookingError):
        svc.cancel(booking=booking, actor="portal", client=client)
    # The client may book the service again.
    svc.book(slot=slot, client=client, actor="portal", channel="web")
