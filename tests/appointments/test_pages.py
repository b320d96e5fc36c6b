"""The staff and client pages, through the test client: what a user sees and what it does."""

from datetime import timedelta

import pytest

from loket.appointments.choices import BookingStatus
from loket.appointments.models import Booking, Closure, CounterService, Location, Roster
from loket.appointments.services import booking as svc
from loket.portal.client_session import SESSION_CLIENT, SESSION_METHOD, SESSION_REPRESENTATIVE

from .conftest import MONDAY, slot_at

TUESDAY = MONDAY + timedelta(days=1)


def sign_in(http, client):
    session = http.session
    session[SESSION_CLIENT], session[SESSION_REPRESENTATIVE], session[SESSION_METHOD] = client.pk, None, "digid"
    session.save()


@pytest.fixture
def portal(client, make_client, place):
    person = make_client(name="Olena Kovalenko", language="nl")
    sign_in(client, person)
    client.person = person
    return client


def test_client_pages_need_a_signed_in_client(client, place):
    from django.urls import NoReverseMatch, reverse

    try:
        sign_in_url = reverse("portal:sign_in")
    except NoReverseMatch:
        pytest.skip("the client sign-in page comes with issue 13 (another branch)")
    response = client.get("/appointments/")
    assert response.status_code == 302 and response.url.startswith(sign_in_url)


def test_a_client_books_with_a_hold_then_changes_and_cancels(portal, place):
    slot = slot_at(place, "bio", TUESDAY, 9)
    page = portal.get("/appointments/book/", {"location": "dh", "service": "bio", "day": TUESDAY.isoformat()})
    assert f'value="{slot.pk}"' in page.content.decode()
    assert portal.post("/appointments/book/hold/", {"slot": slot.pk}).status_code == 302
    bad = portal.post("/appointments/book/confirm/", {"email": "", "phone": ""})
    assert "Give an e-mail address or a mobile phone number" in bad.content.decode() or bad.status_code == 200
    assert not Booking.objects.exists()
    done = portal.post("/appointments/book/confirm/", {"email": "olena@example.org", "interpreter_language": "uk"})
    booking = Booking.objects.get()
    assert done.url == f"/appointments/{booking.reference}/"
    assert booking.client == portal.person and booking.interpreter_language == "uk"
    detail = portal.get(done.url).content.decode()
    assert booking.reference in detail and "data:image/svg+xml" in detail
    ics = portal.get(f"/appointments/{booking.reference}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in ics.content
    later = slot_at(place, "bio", TUESDAY, 9, 40)
    assert portal.post(f"/appointments/{booking.reference}/change/", {"slot": later.pk}).status_code == 302
    booking.refresh_from_db()
    assert booking.slot == later
    portal.post(f"/appointments/{booking.reference}/cancel/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_client_cannot_see_anothers_booking(portal, place, make_client):
    other, _ = svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=make_client(), actor="portal", channel="web")
    assert portal.get(f"/appointments/{other.reference}/").status_code == 404
    assert portal.post(f"/appointments/{other.reference}/cancel/").status_code == 404


def test_holding_a_full_slot_says_so(portal, place, make_client):
    slot = slot_at(place, "bio", TUESDAY, 9)
    svc.book(slot=slot, client=make_client(), actor="portal", channel="web")
    page = portal.post("/appointments/book/hold/", {"slot": slot.pk})
    assert page.status_code == 409


def test_choose_refuses_a_day_in_the_past(portal, place):
    page = portal.get("/appointments/book/", {"location": "dh", "service": "bio", "day": "2020-01-01"})
    assert page.status_code == 200 and "value=" in page.content.decode()


def test_an_agent_books_for_a_caller(client, make_user, place):
    client.force_login(make_user("contact_agent"))
    slot = slot_at(place, "pickup", TUESDAY, 10)
    query = f"?location=dh&service=pickup&day={TUESDAY.isoformat()}"
    assert f"slot={slot.pk}" in client.get(f"/desk/appointments/book/{query}").content.decode()
    response = client.post(
        f"/desk/appointments/book/{query}",
        {
            "slot": slot.pk,
            "name": "Hamid Rahimi",
            "v_number": "5550001112",
            "birth_date": "1979-04-04",
            "phone": "0633333333",
            "language": "fa",
            "interpreter_language": "fa",
        },
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.channel == "phone" and booking.language == "fa" and booking.client.v_number == "5550001112"


def test_the_counter_day_page_checks_in_and_calls(client, make_user, make_client, place):
    person = make_client(name="Ayaan Warsame", v_number="4440001112")
    booking, _ = svc.book(slot=slot_at(place, "pickup", MONDAY, 9), client=person, actor="portal", channel="web")
    client.force_login(make_user("counter_agent"))
    page = client.get("/desk/appointments/?location=dh").content.decode()
    assert "Ayaan Warsame" in page
    client.post(
        "/desk/appointments/check-in/", {"location": "dh", "reference": booking.reference, "v_number": "4440001112"}
    )
    client.post("/desk/appointments/call/", {"location": "dh", "desk": "3"})
    screen = client.get("/desk/appointments/screen/dh/").content.decode()
    assert booking.short_number in screen and "Ayaan" not in screen
    client.post(f"/desk/appointments/bookings/{booking.pk}/outcome/", {"outcome": "Card handed over"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.VISITED


def test_the_administrator_sets_up_a_location_and_generates_slots(client, make_user, clock):
    client.force_login(make_user("administrator"))
    client.post(
        "/desk/appointments/settings/",
        {
            "form": "location",
            "location-code": "ams",
            "location-name": "Amsterdam",
            "location-address": "Stadhouderskade 1",
            "location-opens_0": "09:00",
            "location-closes_0": "12:00",
        },
    )
    bad = client.post(
        "/desk/appointments/settings/",
        {
            "form": "location",
            "location-code": "x",
            "location-name": "X",
            "location-address": "Y",
            "location-opens_1": "12:00",
            "location-closes_1": "09:00",
        },
    )
    assert bad.status_code == 200 and Location.objects.count() == 1
    assert "de sluitingstijd na de openingstijd" in bad.content.decode()
    assert Location.objects.get().opening_hours == {"0": ["09:00", "12:00"]}
    client.post(
        "/desk/appointments/settings/",
        {"form": "service", "service-code": "int", "service-name": "Interview", "service-duration_minutes": "60"},
    )
    ams, interview = Location.objects.get(), CounterService.objects.get()
    client.post(
        "/desk/appointments/settings/",
        {
            "form": "roster",
            "roster-location": ams.pk,
            "roster-counter": "1",
            "roster-service": interview.pk,
            "roster-weekdays": ["0"],
            "roster-first_day": MONDAY.isoformat(),
            "roster-last_day": (MONDAY + timedelta(days=13)).isoformat(),
            "roster-starts": "09:00",
            "roster-ends": "12:00",
        },
    )
    assert Roster.objects.count() == 2
    client.post(
        "/desk/appointments/settings/",
        {
            "form": "closure",
            "closure-location": ams.pk,
            "closure-day": (MONDAY + timedelta(days=7)).isoformat(),
            "closure-reason": "Renovation",
        },
    )
    assert Closure.objects.count() == 1
    client.post("/desk/appointments/settings/", {"form": "generate"})
    # Monday 2 March after 08:00 (three 60-minute slots); 9 March is closed.
    assert sorted({s.starts_at.date() for s in ams.slots.all()}) == [MONDAY]
    assert ams.slots.count() == 3


def test_the_dashboard_has_a_table_with_the_figures(client, make_user, make_client, place):
    svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=make_client(), actor="portal", channel="web")
    client.force_login(make_user("team_lead"))
    page = client.get("/desk/appointments/dashboard/").content.decode()
    assert "Den Haag · Biometrics" in page and "appointments-chart-data" in page


@pytest.mark.parametrize(
    "path", ["/desk/appointments/settings/", "/desk/appointments/dashboard/", "/desk/appointments/signals/"]
)
def test_staff_pages_need_their_role(client, make_user, path, place):
    client.force_login(make_user("contact_agent"))
    assert client.get(path).status_code == 403


def test_a_client_joins_the_waiting_list_and_takes_the_offered_place(
    portal, place, make_client, django_capture_on_commit_callbacks
):
    from loket.appointments.models import WaitingEntry

    thursday = MONDAY + timedelta(days=3)
    taken = {}  # every biometrics slot from Thursday on is full
    for slot in place["location"].slots.filter(service=place["bio"], starts_at__date__gte=thursday):
        other = make_client()
        taken[slot.pk], _ = svc.book(slot=slot, client=other, actor="agent", channel="phone")
    page = portal.get("/appointments/book/", {"location": "dh", "service": "bio", "day": thursday.isoformat()})
    assert "Zet mij op de wachtlijst" in page.content.decode()
    portal.post(
        "/appointments/waiting-list/",
        {"location": "dh", "service": "bio", "day": thursday.isoformat(), "email": "olena@example.org"},
    )
    entry = WaitingEntry.objects.get(client=portal.person)
    freed = next(iter(taken.values()))
    with django_capture_on_commit_callbacks(execute=True):
        svc.cancel(booking=freed, actor="agent")
    mine = portal.get("/appointments/").content.decode()
    assert "Er is een plaats vrij voor u" in mine
    response = portal.post(f"/appointments/waiting-list/{entry.pk}/accept/")
    booking = Booking.objects.get(client=portal.person)
    assert response.url == f"/appointments/{booking.reference}/" and booking.slot_id == freed.slot_id
