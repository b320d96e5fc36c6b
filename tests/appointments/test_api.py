"""The appointments API exactly as issue 14, item 9 describes it, bad input included."""

import json
from datetime import timedelta

import pytest
from django.test import Client as HttpClient

from loket.api import services as api_services
from loket.appointments.models import Booking, Closure

from .conftest import MONDAY, slot_at

TUESDAY = MONDAY + timedelta(days=1)
BASE = "/api/v1/appointments"


@pytest.fixture
def api(place):
    _token, raw = api_services.create_token(name="partner", role="contact_agent", actor="test")
    return HttpClient(HTTP_AUTHORIZATION=f"Token {raw}")


def post(api, path, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(f"{BASE}{path}", json.dumps(body), content_type="application/json", **headers)


def person(n=1):
    return {
        "name": ["Amal Haddad", "Yusuf Rahimi", "Olena Kovalenko"][n],
        "v_number": f"{3000000000 + n}",
        "birth_date": f"198{n}-02-03",
        "email": f"p{n}@example.org",
    }


def test_locations_and_services_are_code_and_name(api):
    assert api.get(f"{BASE}/locations").json() == [{"code": "dh", "name": "Den Haag"}]
    assert {s["code"] for s in api.get(f"{BASE}/services").json()} == {"pickup", "bio"}


def test_slots_of_a_day(api, place):
    rows = api.get(f"{BASE}/slots", {"location": "dh", "service": "bio", "date": TUESDAY.isoformat()}).json()
    assert [r["starts_at"][11:16] for r in rows] == ["09:00", "09:20", "09:40"]
    assert rows[0] | {"id": 0, "starts_at": "", "ends_at": ""} == {
        "id": 0,
        "location": "dh",
        "service": "bio",
        "starts_at": "",
        "ends_at": "",
        "seats": 1,
        "seats_free": 1,
    }


@pytest.mark.parametrize(
    "query, field",
    [
        ({"location": "dh", "service": "bio", "date": "2026-02-30"}, "date"),
        ({"location": "dh", "service": "bio"}, "date"),
        ({"location": "nowhere", "service": "bio", "date": "2026-03-03"}, "location"),
        ({"location": "dh", "service": "x", "date": "2026-03-03"}, "service"),
    ],
)
def test_slots_bad_input_is_a_400(api, query, field):
    response = api.get(f"{BASE}/slots", query)
    assert response.status_code == 400 and field in response.json()


def test_book_then_same_key_returns_the_same_booking(api, place):
    slot = slot_at(place, "bio", TUESDAY, 9)
    body = {"slot": slot.pk, "client": person(1), "interpreter_language": "fa", "needs": "hearing loop"}
    first = post(api, "/bookings", body, key="abc")
    assert first.status_code == 201, first.content
    data = first.json()
    assert set(data) == {"reference", "slot", "client_id", "status"} and data["status"] == "booked"
    again = post(api, "/bookings", body, key="abc")
    assert again.status_code == 201 and again.json() == data
    assert Booking.objects.count() == 1
    assert Booking.objects.get().interpreter_language == "fa"
    assert api.get(f"{BASE}/bookings/{data['reference']}").json() == data
    changed = post(api, "/bookings", {**body, "needs": "other"}, key="abc")
    assert changed.status_code == 409 and changed.json()["reason"] == "key_reused"


def test_full_slot_and_second_booking_are_409_with_a_reason(api, place):
    slot = slot_at(place, "bio", TUESDAY, 9)
    assert post(api, "/bookings", {"slot": slot.pk, "client": person(1)}, key="a").status_code == 201
    full = post(api, "/bookings", {"slot": slot.pk, "client": person(2)}, key="b")
    assert full.status_code == 409 and full.json()["reason"] == "slot_full" and full.json()["detail"]
    other = slot_at(place, "bio", TUESDAY, 9, 20)
    twice = post(api, "/bookings", {"slot": other.pk, "client": person(1)}, key="c")
    assert twice.status_code == 409 and twice.json()["reason"] == "already_booked"


@pytest.mark.parametrize(
    "body, key, field",
    [
        ({"slot": 1, "client": {"name": "A B"}}, None, "Idempotency-Key"),
        ({"client": {"name": "A B"}}, "k", "slot"),
        ({"slot": "x", "client": {"name": "A B"}}, "k", "slot"),
        ({"slot": 999999, "client": {"name": "A B"}}, "k", "slot"),
        ({"slot": 1, "client": {}}, "k", "client"),
        ({"slot": 1, "client": {"name": "A B", "email": "not-an-address"}}, "k", "client"),
        ({"slot": 1, "client": {"name": "A B", "v_number": "12"}}, "k", "client"),
        ({"slot": 1, "client": {"name": "A B", "birth_date": "31-31-2000"}}, "k", "client"),
    ],
)
def test_bad_booking_input_is_a_400_and_stores_nothing(api, place, body, key, field):
    if body.get("slot") == 1:
        body["slot"] = slot_at(place, "bio", TUESDAY, 9).pk
    response = post(api, "/bookings", body, key=key)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Booking.objects.exists()


def test_a_slot_in_the_past_or_on_a_closed_day_is_409(api, place, clock):
    past = slot_at(place, "pickup", MONDAY, 9)
    clock.shift(timedelta(hours=2))
    assert post(api, "/bookings", {"slot": past.pk, "client": person(1)}, key="p").json()["reason"] == "slot_past"
    Closure.objects.create(location=None, day=TUESDAY, reason="strike")
    closed = slot_at(place, "pickup", TUESDAY, 9)
    assert post(api, "/bookings", {"slot": closed.pk, "client": person(1)}, key="q").json()["reason"] == "closed"


def test_reschedule_and_cancel(api, place):
    ref = post(api, "/bookings", {"slot": slot_at(place, "bio", TUESDAY, 9).pk, "client": person(1)}, key="r").json()[
        "reference"
    ]
    post(api, "/bookings", {"slot": slot_at(place, "bio", TUESDAY, 9, 20).pk, "client": person(2)}, key="s")
    full = post(api, f"/bookings/{ref}/reschedule", {"slot": slot_at(place, "bio", TUESDAY, 9, 20).pk})
    assert full.status_code == 409 and full.json()["reason"] == "slot_full"
    wrong = post(api, f"/bookings/{ref}/reschedule", {"slot": slot_at(place, "pickup", TUESDAY, 9).pk})
    assert wrong.status_code == 409 and wrong.json()["reason"] == "wrong_service"
    assert api.get(f"{BASE}/bookings/{ref}").json()["slot"] == slot_at(place, "bio", TUESDAY, 9).pk
    moved = post(api, f"/bookings/{ref}/reschedule", {"slot": slot_at(place, "bio", TUESDAY, 9, 40).pk})
    assert moved.status_code == 200 and moved.json()["slot"] == slot_at(place, "bio", TUESDAY, 9, 40).pk
    assert post(api, f"/bookings/{ref}/reschedule", {"slot": "x"}).status_code == 400
    cancelled = post(api, f"/bookings/{ref}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert post(api, f"/bookings/{ref}/cancel", {}).json()["reason"] == "not_open"
    assert api.get(f"{BASE}/bookings/AP-NONE-NONE").status_code == 404


def test_without_a_token_or_role_no_access(place):
    assert HttpClient().get(f"{BASE}/locations").status_code == 401
    _t, raw = api_services.create_token(name="reader", role="decision_officer", actor="test")
    assert HttpClient(HTTP_AUTHORIZATION=f"Token {raw}").get(f"{BASE}/locations").status_code == 403
