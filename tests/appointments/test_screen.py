"""The waiting-room screen in the counter hall: numbers and desks, never a name, with its
words in the languages of the clients waiting there."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from loket.appointments import screen
from loket.appointments.services import booking as svc, counter

from .conftest import MONDAY, NOW, slot_at

AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(60))


def test_nobody_waiting_in_another_language_shows_dutch_and_english():
    assert screen.languages(first="nl", waiting=[], now=AT) == ["nl", "en"]
    assert screen.languages(first="nl", waiting=["nl", "nl"], now=AT) == ["nl", "en"]
    assert screen.languages(first="en", waiting=[], now=AT) == ["en", "nl"]


def test_the_languages_of_the_clients_waiting_are_shown_beside_dutch():
    assert screen.languages(first="nl", waiting=["ar", "ti"], now=AT) == ["nl", "ar", "ti"]
    assert screen.languages(first="nl", waiting=["xx", "uk"], now=AT) == ["nl", "uk"]  # not a client language


def test_more_languages_take_turns_and_each_gets_its_turn():
    waiting = ["ar", "ti", "fa", "so", "uk"]
    seen, shown = set(), []
    for turn in range(5):
        now = AT + timedelta(seconds=screen.ROTATE_SECONDS * turn)
        codes = screen.languages(first="nl", waiting=waiting, now=now)
        assert codes[0] == "nl" and len(codes) == 3 and len(set(codes)) == 3
        seen.update(codes[1:])
        shown.append(codes)
    assert seen == set(waiting) and shown[0] != shown[1]
    # within one turn (the screen reloads every five seconds) it stays the same
    assert screen.languages(first="nl", waiting=waiting, now=AT + timedelta(seconds=5)) == shown[0]


@pytest.fixture
def hall(place, make_client, make_user):
    """Two clients checked in at Den Haag this morning: one reads Arabic, one Tigrinya."""
    agent = make_user("counter_agent")
    waiting = []
    for hh, lang, v in ((9, "ar", "7770000001"), (10, "ti", "7770000002")):
        person = make_client(name=f"Client {lang}", v_number=v, language=lang)
        booking, _ = svc.book(slot=slot_at(place, "pickup", MONDAY, hh), client=person, actor="portal", channel="web")
        counter.check_in(booking=booking, actor=agent, v_number=v, birth_date="")
        waiting.append(booking)
    return {"agent": agent, "bookings": waiting}


def test_the_screen_speaks_the_languages_of_the_clients_waiting(client, hall, clock):
    page = client.get("/desk/appointments/screen/dh/").content.decode()
    assert 'data-languages="nl ar ti"' in page
    assert '<p class="utrecht-paragraph" lang="ar" dir="rtl">' in page
    assert "يرجى الانتظار حتى يظهر رقمك." in page  # Arabic: please wait until your number is shown
    assert "ቁጽርኹም ክሳብ ዝረአ በጃኹም ተጸበዩ።" in page  # Tigrinya
    assert "Wacht tot uw nummer verschijnt." in page
    assert "Client ar" not in page and "Client ti" not in page


def test_a_called_number_is_announced_in_each_language_and_its_client_leaves_the_list(client, hall, clock):
    first = hall["bookings"][0]
    call = counter.call_next(location=first.location, desk="4", actor=hall["agent"])
    page = client.get("/desk/appointments/screen/dh/").content.decode()
    assert call.number == first.short_number
    assert f"الرقم {call.number}: يرجى التوجه إلى الشباك 4." in page
    assert f"Nummer {call.number}: ga naar balie 4." in page
    # the Arabic reader, just called, comes first; the Tigrinya reader still waits
    assert 'data-languages="nl ar ti"' in page
    clock.move_to(NOW + timedelta(hours=1))
    second = counter.call_next(location=first.location, desk="5", actor=hall["agent"])
    page = client.get("/desk/appointments/screen/dh/").content.decode()
    assert 'data-languages="nl ti"' in page  # nobody waits any more; the Tigrinya reader was just called
    assert f"ቁጽሪ {second.number}: በጃኹም ናብ መዕጠቒ 5 ኺዱ።" in page
