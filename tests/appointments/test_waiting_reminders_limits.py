"""Waiting list (item 4), reminders (item 6), resale limits and release time (item 5)."""

from datetime import timedelta

import pytest

from loket.appointments.choices import WaitStatus
from loket.appointments.errors import BookingError
from loket.appointments.models import Message, ResaleSignal, Roster, Slot
from loket.appointments.services import booking as svc, reminders, slots, waiting
from loket.core.audit_models import AuditEntry

from .conftest import MONDAY, slot_at

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_freed_seat_is_offered_in_the_clients_language_then_passed_on(place, make_client, clock, committed):
    slot = slot_at(place, "bio", TUESDAY + timedelta(days=2), 9)
    holder = make_client()
    booking, _ = svc.book(slot=slot, client=holder, actor="portal", channel="web")
    first = waiting.join(
        client=make_client(language="en"),
        location=place["location"],
        service=place["bio"],
        actor="portal",
        email="first@example.org",
    )
    second = waiting.join(
        client=make_client(language="nl"),
        location=place["location"],
        service=place["bio"],
        actor="portal",
        phone="0611111111",
    )
    with committed():
        svc.cancel(booking=booking, actor="portal", client=holder)
    first.refresh_from_db()
    assert first.status == WaitStatus.OFFERED
    offer = Message.objects.get(waiting=first)
    assert offer.language == "en" and "A place is free" in offer.body
    with pytest.raises(BookingError):  # the seat is kept for the first
        svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    clock.shift(timedelta(hours=25))
    with committed():
        assert waiting.expire_offers() == 1
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == WaitStatus.OFFERED and first.status == WaitStatus.WAITING
    assert (
        "Er is een plaats vrij" in Message.objects.get(waiting=second).body
        or Message.objects.filter(waiting=second, channel="sms").exists()
    )
    taken = waiting.accept(entry=second, client=second.client)
    assert taken.slot == slot
    with pytest.raises(BookingError):
        waiting.accept(entry=first, client=first.client)


def test_reminders_two_days_and_the_morning_before_once_each(place, make_client, clock):
    client = make_client(language="en")
    booking, _ = svc.book(
        slot=slot_at(place, "pickup", MONDAY + timedelta(days=3), 10),
        client=client,
        actor="portal",
        channel="web",
        email="r@example.org",
        phone="0622222222",
    )
    assert reminders.send_due() == 0  # three days ahead
    clock.shift(timedelta(days=1, hours=3))  # Tuesday 11:00: within two days
    assert reminders.send_due() == 2  # e-mail and SMS
    assert reminders.send_due() == 0  # sent once
    clock.shift(timedelta(days=1, hours=20, minutes=30))  # Thursday 07:30, the morning of the appointment
    assert reminders.send_due() == 2
    kinds = list(Message.objects.filter(booking=booking, kind="reminder").values_list("channel", "language"))
    assert sorted(kinds) == [("email", "en"), ("email", "en"), ("sms", "en"), ("sms", "en")]
    mail = Message.objects.filter(booking=booking, kind="reminder", channel="email").first()
    assert "/change/" in mail.body and "/cancel/" in mail.body


def test_limits_per_client(place, make_client, settings):
    settings.APPOINTMENTS = {"MAX_OPEN_PER_CLIENT": 1}
    client = make_client()
    svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=client, actor="portal", channel="web")
    with pytest.raises(BookingError) as err:
        svc.book(slot=slot_at(place, "pickup", TUESDAY, 9), client=client, actor="portal", channel="web")
    assert err.value.code == "limit_reached"


def test_open_bookings_per_phone_are_limited(place, make_client):
    for i in range(3):
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY + timedelta(days=i), 9),
            client=make_client(),
            actor="portal",
            channel="web",
            phone="06 1234 5678",
        )
    with pytest.raises(BookingError) as err:
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY, 10),
            client=make_client(),
            actor="portal",
            channel="web",
            phone="+31612345678",
        )
    assert err.value.code == "limit_reached"


def test_one_phone_for_many_clients_is_refused_and_reported(place, make_client, make_user, client, settings):
    settings.APPOINTMENTS = {"MAX_OPEN_PER_CONTACT": 99}
    for i in range(3):
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY + timedelta(days=i), 9),
            client=make_client(),
            actor="portal",
            channel="web",
            phone="06 1234 5678",
        )
    with pytest.raises(BookingError) as err:
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY, 10),
            client=make_client(),
            actor="portal",
            channel="web",
            phone="+31612345678",
        )
    assert err.value.code == "contact_reused"
    signal = ResaleSignal.objects.get()
    assert signal.value == "+31612345678" and len(signal.clients) == 4
    assert AuditEntry.objects.filter(action="appointments.resale.suspected").exists()
    client.force_login(make_user("integrity_officer"))
    assert "+31612345678" in client.get("/desk/appointments/signals/").content.decode()


def test_many_clients_on_one_address_is_reported(place, make_client, settings):
    settings.APPOINTMENTS = {"MAX_OPEN_PER_CONTACT": 99, "MAX_CLIENTS_PER_CONTACT": 2}
    for i in range(2):
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY, 9 + i),
            client=make_client(),
            actor="portal",
            channel="web",
            email="Broker@Example.org",
        )
    with pytest.raises(BookingError) as err:
        svc.book(
            slot=slot_at(place, "pickup", TUESDAY, 11),
            client=make_client(),
            actor="portal",
            channel="web",
            email="broker@example.org",
        )
    assert err.value.code == "contact_reused"
    assert ResaleSignal.objects.get().kind == "email"


def test_new_slots_are_released_at_an_unpredictable_moment(place):
    loc = place["location"]
    day = MONDAY + timedelta(days=21)
    for counter in range(1, 11):
        Roster.objects.create(
            location=loc, day=day, counter=counter, service=place["pickup"], starts="09:00", ends="12:00"
        )
    slots.generate(location=loc, start=day, end=day, actor="test", jitter_seconds=3600)
    moments = {s.released_at for s in Slot.objects.filter(starts_at__date=day)}
    assert len(moments) > 1
    assert len({(m.hour, m.minute) for m in moments}) > 1


def test_a_roster_change_keeps_booked_seats(place, make_client):
    slot = slot_at(place, "pickup", TUESDAY, 9)
    svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    Roster.objects.filter(day=TUESDAY, service=place["pickup"]).delete()
    slots.generate(location=place["location"], start=TUESDAY, end=TUESDAY, actor="test", jitter_seconds=0)
    slot.refresh_from_db()
    assert slot.seats == 1 and slot.seat_rows.count() == 1 and slot.seat_rows.get().claim.booking_id


def test_the_remind_command_sends_what_is_due(place, make_client, clock):
    from io import StringIO

    from django.core.management import call_command

    booking, _ = svc.book(
        slot=slot_at(place, "pickup", TUESDAY, 10),
        client=make_client(),
        actor="portal",
        channel="web",
        email="c@example.org",
    )
    out = StringIO()
    call_command("appointments", "remind", stdout=out)
    assert "'reminders': 1" in out.getvalue()
    assert Message.objects.filter(booking=booking, kind="reminder").count() == 1
