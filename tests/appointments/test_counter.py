"""The counter's day (issue 14, items 5 and 7): check-in against the identity, calling to
the waiting-room screen (a number, never a name), the visit as a contact, walk-ins."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.appointments.choices import BookingStatus
from loket.appointments.errors import BookingError
from loket.appointments.models import Call
from loket.appointments.services import booking as svc, counter
from loket.contact.models import Contact
from loket.core.audit_models import AuditEntry

from .conftest import MONDAY, slot_at


@pytest.fixture
def today_booking(place, make_client):
    client = make_client(name="Amal Haddad", v_number="1234567890")
    booking, _ = svc.book(slot=slot_at(place, "pickup", MONDAY, 9), client=client, actor="portal", channel="web")
    return booking


def test_find_reads_a_reference_as_typed_or_scanned(today_booking):
    ref = today_booking.reference
    assert counter.find(ref.lower().replace("-", " ")) == today_booking
    assert counter.find("AP-XXXX") is None


def test_check_in_needs_the_clients_own_document(today_booking, make_user):
    agent = make_user("counter_agent")
    with pytest.raises(BookingError) as err:  # someone else's V-number: a transfer attempt
        counter.check_in(booking=today_booking, actor=agent, v_number="9999999999")
    assert err.value.code == "identity_mismatch"
    assert AuditEntry.objects.filter(action="appointments.checkin.refused").exists()
    today_booking.refresh_from_db()
    assert today_booking.status == BookingStatus.BOOKED
    counter.check_in(booking=today_booking, actor=agent, v_number="12-3456-7890")
    today_booking.refresh_from_db()
    assert today_booking.status == BookingStatus.CHECKED_IN


def test_only_counter_staff_check_in(today_booking, make_user):
    with pytest.raises(PermissionDenied):
        counter.check_in(booking=today_booking, actor=make_user("contact_agent"), v_number="1234567890")


def test_call_next_shows_a_short_number_and_the_visit_becomes_a_contact(today_booking, make_user, place, client):
    agent = make_user("counter_agent")
    counter.check_in(booking=today_booking, actor=agent, v_number="1234567890")
    call = counter.call_next(location=place["location"], desk="4", actor=agent)
    assert call.number == today_booking.short_number and call.desk == "4"
    assert counter.call_next(location=place["location"], desk="5", actor=agent) is None  # nobody else waits
    page = client.get(f"/desk/appointments/screen/{place['location'].code}/").content.decode()
    assert today_booking.short_number in page and "Amal" not in page and "Haddad" not in page
    with pytest.raises(ValidationError):
        counter.record_visit(booking=today_booking, actor=agent, outcome=" ")
    counter.record_visit(booking=today_booking, actor=agent, outcome="Residence card handed over")
    visit = Contact.objects.get(ref__startswith=f"appt-{today_booking.reference}-visit")
    assert visit.channel == "counter" and visit.body == "Residence card handed over"
    assert visit.client_id == today_booking.client_id


def test_a_walk_in_needs_a_team_lead_and_a_reason(place, make_user):
    with pytest.raises(PermissionDenied):
        counter.admit_walk_in(
            location=place["location"], actor=make_user("counter_agent"), name="X", reason="urgent!!!!"
        )
    lead = make_user("team_lead")
    with pytest.raises(ValidationError):
        counter.admit_walk_in(location=place["location"], actor=lead, name="Yusuf Rahimi", reason="urgent")
    walk_in = counter.admit_walk_in(
        location=place["location"], actor=lead, name="Yusuf Rahimi", reason="Travels tomorrow, document needed"
    )
    entry = AuditEntry.objects.get(action="appointments.walk_in.admitted")
    assert entry.actor == lead.username and "Travels tomorrow" in entry.reason
    assert walk_in.short_number.startswith("W")


def test_no_show_is_recorded_and_the_client_told_how_to_book_again(
    today_booking, clock, django_capture_on_commit_callbacks
):
    from loket.appointments.models import Message
    from loket.appointments.services import reminders

    today_booking.email = "amal@example.org"
    today_booking.save()
    clock.shift(timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.mark_no_shows() == 1
    today_booking.refresh_from_db()
    assert today_booking.status == BookingStatus.NO_SHOW
    message = Message.objects.get(booking=today_booking, kind="no_show")
    assert "Make an appointment" in message.body or "Maak een afspraak" in message.body
    assert reminders.mark_no_shows() == 0
    assert Call.objects.count() == 0


def test_a_walk_in_is_called_first_by_its_number(today_booking, place, make_user):
    lead, agent = make_user("team_lead"), make_user("counter_agent")
    counter.check_in(booking=today_booking, actor=agent, v_number="1234567890")
    walk_in = counter.admit_walk_in(
        location=place["location"], actor=lead, name="Farah Warsame", reason="Travels tonight, needs her document"
    )
    first = counter.call_next(location=place["location"], desk="1", actor=agent)
    second = counter.call_next(location=place["location"], desk="2", actor=agent)
    assert (first.number, second.number) == (walk_in.short_number, today_booking.short_number)
