"""Issue 14 in the browser (Chromium, axe-core on every page): a client books, gets the
confirmation with its .ics, changes and cancels; an agent books for a caller; a counter
agent checks a client in and calls them on the waiting-room screen.

The client books in Arabic (her stored language), right to left; a screenshot of the
booking page is kept in test-results/.
"""

from datetime import timedelta
from pathlib import Path

import pytest

from .appointment_support import place

pytestmark = pytest.mark.django_db(transaction=True)


def _client_session(page, live_server, client):
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from loket.portal.client_session import SESSION_CLIENT, SESSION_METHOD, SESSION_REPRESENTATIVE

    session = SessionStore()
    session[SESSION_CLIENT], session[SESSION_REPRESENTATIVE], session[SESSION_METHOD] = client.pk, None, "digid"
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def _fits(page, width=320):
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_a_client_books_gets_the_ics_changes_and_cancels(page, live_server, assert_accessible, mailoutbox):
    from django.utils import translation

    from loket.appointments.choices import BookingStatus
    from loket.appointments.models import Booking
    from loket.appointments.services.identify import resolve

    _loc, _bio, day = place()
    person = resolve(actor="test", name="Amal Haddad", v_number="2345678901", birth_date="1992-07-01")
    type(person).objects.filter(pk=person.pk).update(language="ar")  # her own choice, stored on her file
    _client_session(page, live_server, person)

    page.goto(f"/appointments/book/?location=dh&service=bio&day={day.isoformat()}")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    Path("test-results").mkdir(exist_ok=True)
    page.screenshot(path="test-results/appointment-book-ar.png", full_page=True)
    assert_accessible(page)
    _fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("input[name=slot]").first.check()
    page.click("form[action$='/hold/'] button[type=submit]")
    page.wait_for_url("**/appointments/book/confirm/")
    assert_accessible(page)
    page.fill("#id_email", "senait@example.org")
    page.select_option("#id_interpreter_language", "ti")
    page.click("main button[type=submit]")
    page.wait_for_url("**/appointments/AP-*/")
    assert_accessible(page)
    _fits(page)
    booking = Booking.objects.get()
    assert page.get_by_test_id("reference").inner_text() == booking.reference
    assert booking.interpreter_language == "ti"

    (mail,) = mailoutbox
    assert any("\u0600" <= ch <= "\u06ff" for ch in mail.subject), mail.subject  # the confirmation in Arabic
    assert mail.attachments[0][0] == f"{booking.reference}.ics"
    with page.expect_download() as download:
        page.click(f"a[href$='{booking.reference}/calendar.ics']")
    assert "BEGIN:VEVENT" in Path(download.value.path()).read_text(encoding="utf-8")

    first_slot = booking.slot_id
    page.click(f"a[href$='{booking.reference}/change/']")
    assert_accessible(page)
    page.locator("input[name=slot]").last.check()
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/appointments/{booking.reference}/")
    booking.refresh_from_db()
    assert booking.slot_id != first_slot

    page.click(f"a[href$='{booking.reference}/cancel/']")
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/appointments/{booking.reference}/")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    with translation.override("ar"):
        cancelled = str(BookingStatus.CANCELLED.label)
    assert cancelled != "cancelled"  # the Arabic catalogue has it
    assert page.get_by_test_id("status").inner_text() == cancelled


def test_an_agent_books_for_a_caller(page, sign_in, assert_accessible, make_user):
    from loket.appointments.models import Booking
    from loket.core.roles import Role

    _loc, _bio, day = place()
    sign_in(make_user(Role.CONTACT_AGENT, username="agent"))
    page.wait_for_url("**/desk/")
    page.goto(f"/desk/appointments/book/?location=dh&service=bio&day={day.isoformat()}")
    assert_accessible(page)
    page.locator("main ul a[href*='slot=']").first.click()
    page.fill("#id_name", "Yusuf Rahimi")
    page.fill("#id_v_number", "4567890123")
    page.fill("#id_phone", "0612345678")
    assert_accessible(page)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/desk/appointments/book/")
    booking = Booking.objects.get()
    assert booking.reference in page.locator("main").inner_text()
    assert booking.channel == "phone" and booking.client.display_name == "Yusuf Rahimi"


def test_a_counter_agent_checks_in_and_calls_to_the_screen(page, sign_in, assert_accessible, make_user):
    from django.utils import timezone

    from loket.appointments.models import Seat, Slot
    from loket.appointments.services import booking as svc
    from loket.appointments.services.identify import resolve
    from loket.core.roles import Role

    loc, bio, _day = place()
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=2)
    slot = Slot.objects.create(
        location=loc,
        service=bio,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        seats=1,
        released_at=timezone.now(),
    )
    Seat.objects.create(slot=slot, number=1)
    person = resolve(actor="test", name="Olena Kovalenko", v_number="3456789012", birth_date="1979-11-23")
    booking, _ = svc.book(slot=slot, client=person, actor="portal", channel="web")
    if timezone.localtime(starts).date() != timezone.localdate():
        pytest.skip("too close to midnight for today's agenda")

    sign_in(make_user(Role.COUNTER_AGENT, username="counter"))
    page.wait_for_url("**/desk/")
    page.goto("/desk/appointments/?location=dh")
    assert_accessible(page)
    page.fill("#id_reference", booking.reference.lower())
    page.fill("#id_v_number", "9999999999")  # another person's document
    page.click("form[action$='/check-in/'] button[type=submit]")
    assert "persoonlijk" in page.locator("main").inner_text() or "personal" in page.locator("main").inner_text()
    page.fill("#id_reference", booking.reference)
    page.fill("#id_v_number", "3456789012")
    page.click("form[action$='/check-in/'] button[type=submit]")
    page.fill("#id_desk", "4")
    page.click("form[action$='/call/'] button[type=submit]")
    assert_accessible(page)
    page.goto("/desk/appointments/screen/dh/")
    assert_accessible(page)
    assert page.get_by_test_id("called-number").inner_text() == booking.short_number
    assert page.get_by_test_id("called-desk").inner_text() == "4"
    assert "Olena" not in page.content()
    booking.refresh_from_db()
    assert booking.status == "checked_in" and booking.desk == "4"
