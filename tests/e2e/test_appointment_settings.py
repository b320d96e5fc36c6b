"""Issue 14, item 1 in the browser (Chromium, axe-core): an administrator changes a location's
opening hours and removes a roster by keyboard, is told which appointment stops a removal,
and every settings page reflows at 320 px. The waiting-room screen, in the languages of the
clients waiting, passes axe-core and reflows at 320 px too."""

import re
from datetime import time, timedelta

import pytest

from .appointment_support import place

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page, width=320):
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def _activate(page, locator):
    """Focus a control and press Enter, as a keyboard user does."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_administrator_changes_and_removes_settings_by_keyboard(page, sign_in, assert_accessible, make_user):
    from loket.appointments.models import Location, Roster, Slot
    from loket.appointments.services import booking as svc
    from loket.appointments.services.identify import resolve
    from loket.core.roles import Role

    _loc, _bio, day = place(ends=time(10))
    nine = Slot.objects.order_by("starts_at").first()  # 09:00, two seats (counters 1 and 2)
    person = resolve(actor="test", name="Farah Osman", v_number="5678901234", birth_date="1985-05-05")
    booking, _ = svc.book(slot=nine, client=person, actor="agent", channel="phone")
    sign_in(make_user(Role.ADMINISTRATOR, username="beheer"))
    page.wait_for_url("**/desk/")

    page.goto("/desk/appointments/settings/")
    assert_accessible(page)
    _fits(page)
    _activate(page, page.get_by_role("link", name=re.compile("Wijzigen of verwijderen Den Haag")))
    assert_accessible(page)
    _fits(page)
    page.locator("#id_name").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Den Haag Centrum")
    page.fill("#id_closes_0", "00:00")  # Monday would close when it opens
    _activate(page, page.locator("main form button[type=submit]").first)
    assert "moet de sluitingstijd na de openingstijd liggen" in page.locator("main").inner_text()
    assert_accessible(page)
    assert Location.objects.get().opening_hours["0"] == ["00:00", "23:59"]
    page.fill("#id_closes_0", "17:00")
    _activate(page, page.locator("main form button[type=submit]").first)
    assert "Locatie Den Haag Centrum is gewijzigd." in page.locator("main").inner_text()
    assert Location.objects.get().opening_hours["0"] == ["00:00", "17:00"]

    page.goto(f"/desk/appointments/settings/rosters/?location=dh&week={day.isoformat()}")
    assert_accessible(page)
    _fits(page)
    _activate(page, page.get_by_role("button", name=re.compile("Verwijderen balie 2")))
    assert "verwijderd" in page.locator("main").inner_text()
    _activate(page, page.get_by_role("button", name=re.compile("Verwijderen balie 1")))
    text = page.locator("main").inner_text()
    assert "Er is niets gewijzigd" in text and booking.reference in text
    assert_accessible(page)
    assert Roster.objects.filter(counter=1).exists() and not Roster.objects.filter(counter=2).exists()
    booking.refresh_from_db()
    assert booking.status == "booked" and booking.claim.seat.slot_id == nine.pk

    roster = Roster.objects.get(counter=1)
    page.goto(f"/desk/appointments/settings/rosters/{roster.pk}/")
    assert_accessible(page)
    _fits(page)
    page.goto("/desk/appointments/settings/services/bio/")
    assert_accessible(page)
    _fits(page)


def test_the_waiting_room_screen_in_the_clients_languages(page, assert_accessible, make_user):
    from django.utils import timezone

    from loket.appointments.models import Seat, Slot
    from loket.appointments.services import booking as svc, counter
    from loket.appointments.services.identify import resolve

    loc, bio, _day = place(ends=time(10))
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=2)
    if timezone.localtime(starts).date() != timezone.localdate():
        pytest.skip("too close to midnight for today's hall")
    agent = make_user("counter_agent")
    for n, (lang, v) in enumerate((("ar", "6789012345"), ("fa", "6789012346"))):
        slot = Slot.objects.create(
            location=loc,
            service=bio,
            starts_at=starts + timedelta(minutes=20 * n),
            ends_at=starts + timedelta(minutes=20 * (n + 1)),
            seats=1,
            released_at=timezone.now(),
        )
        Seat.objects.create(slot=slot, number=1)
        person = resolve(actor="test", name=f"Client {lang}", v_number=v, birth_date="1990-01-01", language=lang)
        booking, _ = svc.book(slot=slot, client=person, actor="portal", channel="web", language=lang)
        counter.check_in(booking=booking, actor=agent, v_number=v, birth_date="")
    page.goto("/desk/appointments/screen/dh/")
    assert page.get_by_test_id("screen-languages").get_attribute("data-languages") == "nl ar fa"
    assert page.locator('p[lang="ar"][dir="rtl"]').inner_text() == "يرجى الانتظار حتى يظهر رقمك."
    assert_accessible(page)
    _fits(page)
    counter.call_next(location=loc, desk="2", actor=agent)
    page.reload()
    assert page.locator('p[lang="fa"][dir="rtl"]').inner_text().endswith("بروید.")
    assert_accessible(page)
    _fits(page)
