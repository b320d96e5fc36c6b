"""The administrator changes and removes locations, services, closures and rosters: a change
never silently takes a booked appointment away, bad input changes nothing, and slots are
derived again with booked seats kept."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from loket.appointments import selectors
from loket.appointments.choices import BookingStatus
from loket.appointments.models import Booking, Closure, CounterService, Location, Roster, Slot
from loket.appointments.services import booking as svc, manage
from loket.appointments.services.settings import save
from loket.core.audit_models import AuditEntry

from .conftest import MONDAY, slot_at

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English here (the staff site's other language); the
    Dutch ones in test_manage_pages.py."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin(make_user):
    return make_user("administrator")


def book(place, make_client, service, day, hh, mm=0) -> Booking:
    booking, _ = svc.book(
        slot=slot_at(place, service, day, hh, mm), client=make_client(), actor="agent", channel="phone"
    )
    return booking


def free_times(place, service, day) -> list[str]:
    """Free seats per time, released or not (a re-derived new slot is released at a random
    moment within the hour, like every new slot)."""
    found = selectors.slots(
        location=place["location"], service=place[service], day=day, free_only=True, released_only=False
    )
    return [f"{timezone.localtime(s.starts_at):%H:%M}/{s.seats_free}" for s in found]


def audited(action: str) -> bool:
    return AuditEntry.objects.filter(action=f"appointments.settings.{action}").exists()


# --- rosters ---------------------------------------------------------------------------


def test_removing_the_only_roster_of_a_booked_slot_is_refused_naming_the_booking(place, make_client, admin):
    booking = book(place, make_client, "bio", TUESDAY, 9, 20)
    roster = Roster.objects.get(location=place["location"], day=TUESDAY, counter=3)
    pk = roster.pk
    with pytest.raises(manage.ScheduleConflict) as refused:
        manage.remove_roster(roster=roster, actor=admin)
    assert booking.reference in refused.value.messages[0]
    assert Roster.objects.filter(pk=pk).exists()
    assert slot_at(place, "bio", TUESDAY, 9).seats == 1  # nothing re-derived either
    assert not audited("roster.removed")


def test_removing_a_roster_keeps_the_booked_seats_and_takes_the_free_ones(place, make_client, admin):
    booking = book(place, make_client, "pickup", TUESDAY, 9)
    manage.remove_roster(roster=Roster.objects.get(location=place["location"], day=TUESDAY, counter=2), actor=admin)
    nine = slot_at(place, "pickup", TUESDAY, 9)
    assert nine.seats == 1 and Booking.objects.get(pk=booking.pk).claim.seat.slot == nine
    assert "09:00/1" not in free_times(place, "pickup", TUESDAY)  # the one seat left is the booked one
    assert "09:15/1" in free_times(place, "pickup", TUESDAY)  # one counter left: one seat each
    assert audited("roster.removed")


def test_a_roster_change_that_would_unseat_a_booking_is_refused(place, make_client, admin):
    booking = book(place, make_client, "bio", TUESDAY, 9, 40)
    roster = Roster.objects.get(location=place["location"], day=TUESDAY, counter=3)
    with pytest.raises(manage.ScheduleConflict) as refused:
        manage.update_roster(
            roster=roster, actor=admin, counter=3, service=place["bio"], starts=time(9), ends=time(9, 40), staff=""
        )
    assert booking.reference in str(refused.value.messages)
    roster.refresh_from_db()
    assert roster.ends == time(10)


def test_a_roster_change_rederives_the_day(place, admin):
    roster = Roster.objects.get(location=place["location"], day=WEDNESDAY, counter=3)
    manage.update_roster(
        roster=roster, actor=admin, counter=3, service=place["bio"], starts=time(9), ends=time(11), staff="Sanne"
    )
    assert free_times(place, "bio", WEDNESDAY) == ["09:00/1", "09:20/1", "09:40/1", "10:00/1", "10:20/1", "10:40/1"]
    assert audited("roster.changed")


@pytest.mark.parametrize(
    ("counter", "starts", "ends", "says"),
    [
        (3, time(10), time(9), "end time must be after"),
        (1, time(9), time(10), "Counter 1 of Den Haag is already rostered"),  # pickup's counter 1 at that time
        (0, time(9), time(10), "from 1 to 99"),
    ],
)
def test_bad_roster_input_changes_nothing(place, admin, counter, starts, ends, says):
    roster = Roster.objects.get(location=place["location"], day=WEDNESDAY, counter=3)
    with pytest.raises(ValidationError) as refused:
        manage.update_roster(
            roster=roster, actor=admin, counter=counter, service=place["bio"], starts=starts, ends=ends, staff=""
        )
    assert says in " ".join(refused.value.messages)
    roster.refresh_from_db()
    assert (roster.counter, roster.starts, roster.ends) == (3, time(9), time(10))


def test_adding_a_roster_over_a_busy_counter_is_refused(place, admin):
    with pytest.raises(ValidationError, match="already rostered"):
        save(
            kind="roster",
            actor=admin,
            data={
                "location": place["location"],
                "counter": 1,
                "service": place["bio"],
                "weekdays": ["2"],
                "first_day": MONDAY,
                "last_day": MONDAY + timedelta(days=6),
                "starts": time(11),
                "ends": time(13),
                "staff": "",
            },
        )
    assert Roster.objects.filter(counter=1, starts=time(11)).count() == 0


# --- closures --------------------------------------------------------------------------


def test_closing_a_day_with_bookings_is_refused_naming_them(place, make_client, admin):
    first, second = book(place, make_client, "bio", TUESDAY, 9), book(place, make_client, "pickup", TUESDAY, 10)
    with pytest.raises(manage.ScheduleConflict) as refused:
        manage.add_closure(actor=admin, location=place["location"], day=TUESDAY, reason="Strike")
    text = refused.value.messages[0]
    assert first.reference in text and second.reference in text and "2 appointments" in text
    assert not Closure.objects.exists()
    with pytest.raises(manage.ScheduleConflict):  # closing every location is no way round it
        manage.add_closure(actor=admin, location=None, day=TUESDAY, reason="Strike")


def test_a_closure_takes_the_free_seats_and_removing_it_gives_them_back(place, admin):
    closure, _done = manage.add_closure(actor=admin, location=place["location"], day=WEDNESDAY, reason="Training")
    assert free_times(place, "bio", WEDNESDAY) == []
    with pytest.raises(ValidationError, match="already closed"):
        manage.add_closure(actor=admin, location=place["location"], day=WEDNESDAY, reason="Twice")
    manage.remove_closure(closure=closure, actor=admin)
    assert free_times(place, "bio", WEDNESDAY) == ["09:00/1", "09:20/1", "09:40/1"]
    assert audited("closure.added") and audited("closure.removed")


def test_moving_a_closure_onto_a_booked_day_is_refused(place, make_client, admin):
    closure, _done = manage.add_closure(actor=admin, location=place["location"], day=WEDNESDAY, reason="Training")
    booking = book(place, make_client, "bio", TUESDAY, 9)
    with pytest.raises(manage.ScheduleConflict, match=booking.reference):
        manage.update_closure(closure=closure, actor=admin, location=place["location"], day=TUESDAY, reason="x")
    closure.refresh_from_db()
    assert closure.day == WEDNESDAY
    manage.update_closure(closure=closure, actor=admin, location=None, day=MONDAY + timedelta(days=3), reason="x")
    assert free_times(place, "bio", WEDNESDAY) and not free_times(place, "bio", MONDAY + timedelta(days=3))


# --- locations -------------------------------------------------------------------------


def test_shorter_opening_hours_that_would_unseat_a_booking_are_refused(place, make_client, admin):
    booking = book(place, make_client, "pickup", TUESDAY, 11, 30)
    loc = place["location"]
    hours = {**loc.opening_hours, "1": ["09:00", "11:00"]}
    with pytest.raises(manage.ScheduleConflict, match=booking.reference):
        manage.update_location(location=loc, actor=admin, name=loc.name, address="Elsewhere 2", opening_hours=hours)
    loc.refresh_from_db()
    assert loc.opening_hours["1"] == ["09:00", "17:00"] and loc.address == "Rijswijkseplein 1"


def test_new_opening_hours_rederive_the_slots(place, admin):
    loc = place["location"]
    hours = {k: v for k, v in loc.opening_hours.items() if k != "2"}  # closed on Wednesdays from now on
    manage.update_location(
        location=loc, actor=admin, name="Den Haag Centrum", address="Rijswijkseplein 1", opening_hours=hours
    )
    assert free_times(place, "bio", WEDNESDAY) == [] and free_times(place, "bio", TUESDAY)
    assert Location.objects.get().name == "Den Haag Centrum" and audited("location.changed")


@pytest.mark.parametrize("hours", [{"1": ["12:00", "09:00"]}, {"8": ["09:00", "12:00"]}, {"1": ["nine", "ten"]}])
def test_bad_opening_hours_change_nothing(place, admin, hours):
    loc = place["location"]
    with pytest.raises(ValidationError, match="closes after it opens"):
        manage.update_location(location=loc, actor=admin, name="X", address="Y", opening_hours=hours)
    assert Location.objects.get().name == "Den Haag"


def test_a_booked_location_is_deactivated_not_deleted(place, make_client, admin):
    booking = book(place, make_client, "bio", TUESDAY, 9)
    done = manage.remove_location(location=place["location"], actor=admin)
    assert booking.reference in done
    loc = Location.objects.get()
    assert loc.active is False
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED
    assert free_times(place, "pickup", TUESDAY) == [] and slot_at(place, "bio", TUESDAY, 9).seats == 1
    manage.reactivate(obj=loc, actor=admin)
    assert "09:00/2" in free_times(place, "pickup", TUESDAY)


def test_a_location_never_booked_is_deleted(place, admin):
    other = Location.objects.create(code="ams", name="Amsterdam", address="A", opening_hours={"0": ["09:00", "12:00"]})
    Roster.objects.create(location=other, day=MONDAY, counter=1, service=place["bio"], starts=time(9), ends=time(10))
    manage.remove_location(location=other, actor=admin)
    assert not Location.objects.filter(code="ams").exists() and audited("location.deleted")


# --- counter services ------------------------------------------------------------------


def test_a_new_duration_is_refused_while_the_service_has_appointments(place, make_client, admin):
    booking = book(place, make_client, "bio", TUESDAY, 9, 20)
    with pytest.raises(manage.ScheduleConflict, match=booking.reference):
        manage.update_service(service=place["bio"], actor=admin, name="Biometrics", duration_minutes=30, skill="")
    assert CounterService.objects.get(code="bio").duration_minutes == 20
    # A new name or skill is always taken.
    manage.update_service(service=place["bio"], actor=admin, name="Biometrie", duration_minutes=20, skill="bio")
    assert CounterService.objects.get(code="bio").name == "Biometrie"


def test_a_new_duration_rederives_the_slots(place, admin):
    manage.update_service(service=place["bio"], actor=admin, name="Biometrics", duration_minutes=30, skill="")
    assert free_times(place, "bio", TUESDAY) == ["09:00/1", "09:30/1"]
    nine = slot_at(place, "bio", TUESDAY, 9)
    assert nine.ends_at - nine.starts_at == timedelta(minutes=30)


@pytest.mark.parametrize("minutes", [-5, 0, 4, 481])
def test_a_duration_out_of_range_changes_nothing(place, admin, minutes):
    with pytest.raises(ValidationError, match="between 5 and 480"):
        manage.update_service(service=place["bio"], actor=admin, name="X", duration_minutes=minutes, skill="")
    assert CounterService.objects.get(code="bio").name == "Biometrics"


def test_a_booked_service_is_deactivated_and_a_new_one_deleted(place, make_client, admin):
    booking = book(place, make_client, "bio", TUESDAY, 9)
    manage.remove_service(service=place["bio"], actor=admin)
    assert CounterService.objects.get(code="bio").active is False
    assert free_times(place, "bio", WEDNESDAY) == [] and Booking.objects.get(pk=booking.pk).is_open
    fresh = CounterService.objects.create(code="int", name="Interview", duration_minutes=60)
    Roster.objects.create(
        location=place["location"], day=MONDAY, counter=5, service=fresh, starts=time(9), ends=time(12)
    )
    manage.remove_service(service=fresh, actor=admin)
    assert not CounterService.objects.filter(code="int").exists() and not Slot.objects.filter(service_id=fresh.pk)


def test_only_an_administrator_changes_settings(place, make_user):
    agent = make_user("counter_agent")
    roster = Roster.objects.filter(day=WEDNESDAY).first()
    with pytest.raises(PermissionDenied):
        manage.remove_roster(roster=roster, actor=agent)
    with pytest.raises(PermissionDenied):
        manage.remove_location(location=place["location"], actor=agent)
    assert Roster.objects.filter(pk=roster.pk).exists() and Location.objects.get().active


def test_a_seat_held_before_its_service_was_deactivated_cannot_be_confirmed(place, make_client, admin):
    from loket.appointments.errors import BookingError
    from loket.appointments.services import holds

    book(place, make_client, "bio", TUESDAY, 9)  # booked once: removing deactivates
    waiting = make_client()
    holds.hold(client=waiting, slot=slot_at(place, "bio", WEDNESDAY, 9), actor="portal")
    manage.remove_service(service=place["bio"], actor=admin)
    with pytest.raises(BookingError) as refused:
        svc.confirm(client=waiting, actor="portal", email="w@example.org")
    assert refused.value.code == "closed" and not Booking.objects.filter(client=waiting).exists()
