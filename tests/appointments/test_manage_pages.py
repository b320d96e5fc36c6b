"""The administrator's change and remove pages, through the test client, in Dutch (the staff
site's default language): what the administrator sees, and that a refusal changes nothing."""

from datetime import timedelta

import pytest

from loket.appointments.models import Closure, CounterService, Location, Roster
from loket.appointments.services import booking as svc, manage
from loket.desk.navigation import menu_for

from .conftest import MONDAY, slot_at

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


@pytest.fixture
def admin(client, make_user):
    user = make_user("administrator")
    client.force_login(user)
    client.user = user
    return client


def test_the_settings_page_lists_everything_with_its_actions(admin, place):
    manage.add_closure(actor=admin.user, location=place["location"], day=WEDNESDAY, reason="Training")
    page = admin.get("/desk/appointments/settings/").content.decode()
    assert 'href="/desk/appointments/settings/locations/dh/"' in page
    assert 'href="/desk/appointments/settings/services/bio/"' in page
    assert "Wijzigen of verwijderen" in page and "Training" in page
    assert "maandag 09:00–17:00" in page.lower()
    rosters = admin.get(f"/desk/appointments/settings/rosters/?location=dh&week={TUESDAY.isoformat()}")
    text = rosters.content.decode()
    assert rosters.status_code == 200 and text.count('action="/desk/appointments/settings/rosters/') == 21


def test_removing_a_booked_roster_says_which_appointment_and_keeps_it(admin, place, make_client):
    booking, _ = svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=make_client(), actor="agent", channel="phone")
    roster = Roster.objects.get(day=TUESDAY, counter=3)
    response = admin.post(f"/desk/appointments/settings/rosters/{roster.pk}/remove/", follow=True)
    text = response.content.decode()
    assert "Er is niets gewijzigd" in text and booking.reference in text
    assert Roster.objects.filter(pk=roster.pk).exists()


def test_a_roster_is_changed_on_its_page(admin, place):
    roster = Roster.objects.get(day=WEDNESDAY, counter=3)
    url = f"/desk/appointments/settings/rosters/{roster.pk}/"
    assert admin.get(url).status_code == 200
    form = {"counter": "3", "service": place["bio"].pk, "starts": "09:00", "ends": "08:00", "staff": ""}
    bad = admin.post(url, form)
    assert bad.status_code == 400 and "De eindtijd moet na de begintijd liggen" in bad.content.decode()
    busy = admin.post(url, {**form, "counter": "1", "ends": "10:00"})
    assert busy.status_code == 400 and "Balie 1 van Den Haag is al ingeroosterd" in busy.content.decode()
    done = admin.post(url, {**form, "ends": "11:00", "staff": "Sanne"})
    assert done.status_code == 302
    roster.refresh_from_db()
    assert roster.ends.hour == 11 and roster.staff == "Sanne"


def test_a_location_is_changed_and_deactivated(admin, place, make_client):
    url = "/desk/appointments/settings/locations/dh/"
    page = admin.get(url).content.decode()
    assert 'value="09:00"' in page and "Rijswijkseplein 1" in page
    hours = {f"opens_{d}": "09:00" for d in range(5)} | {f"closes_{d}": "17:00" for d in range(5)}
    bad = admin.post(url, {"name": "Den Haag", "address": "X", **hours, "closes_2": ""})
    assert bad.status_code == 400 and "Geef beide tijden voor woensdag" in bad.content.decode()
    assert Location.objects.get().address == "Rijswijkseplein 1"
    assert admin.post(url, {"name": "Den Haag", "address": "Rijswijkseplein 2", **hours}).status_code == 302
    assert Location.objects.get().address == "Rijswijkseplein 2"
    svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=make_client(), actor="agent", channel="phone")
    response = admin.post(url + "remove/", follow=True)
    assert "geen nieuwe afspraken" in response.content.decode() and Location.objects.get().active is False
    assert "Weer actief maken" in admin.get(url).content.decode()


def test_a_service_duration_out_of_range_is_refused_on_the_page(admin, place):
    url = "/desk/appointments/settings/services/bio/"
    bad = admin.post(url, {"name": "Biometrie", "duration_minutes": "-10", "skill": ""})
    assert bad.status_code == 400 and "Een dienst duurt tussen 5 en 480 minuten" in bad.content.decode()
    assert CounterService.objects.get(code="bio").duration_minutes == 20


def test_a_closure_is_changed_and_removed(admin, place):
    closure, _ = manage.add_closure(actor=admin.user, location=place["location"], day=WEDNESDAY, reason="Training")
    url = f"/desk/appointments/settings/closures/{closure.pk}/"
    assert admin.get(url).status_code == 200
    thursday = (MONDAY + timedelta(days=3)).isoformat()
    assert admin.post(url, {"location": "", "day": thursday, "reason": "Staff day"}).status_code == 302
    closure.refresh_from_db()
    assert closure.location is None and closure.reason == "Staff day"
    admin.post(url + "remove/")
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/desk/appointments/settings/locations/dh/",
        "/desk/appointments/settings/services/bio/",
        "/desk/appointments/settings/rosters/",
    ],
)
def test_the_new_pages_need_the_administrator(client, make_user, place, path):
    client.force_login(make_user("team_lead"))
    assert client.get(path).status_code == 403
    assert client.post(path + "remove/" if not path.endswith("rosters/") else path).status_code in (403, 405)
    assert Location.objects.get().active and CounterService.objects.get(code="bio").active


def test_the_staff_menu_shows_the_rosters_to_an_administrator_only(make_user, db):
    assert "/desk/appointments/settings/rosters/" in {i["url"] for i in menu_for(make_user("administrator"))}
    assert "/desk/appointments/settings/rosters/" not in {i["url"] for i in menu_for(make_user("team_lead"))}


def test_a_service_name_written_in_the_clients_language_is_what_the_client_reads(admin, place, make_client):
    from django.test import Client
    from django.utils import translation

    from loket.appointments.services import notify

    from .test_pages import sign_in

    url = "/desk/appointments/settings/services/bio/"
    assert 'lang="ar" dir="rtl"' in admin.get(url).content.decode()
    form = {
        "name": "Biometrics",
        "duration_minutes": "20",
        "skill": "",
        "name_ar": "أخذ البصمات والصورة",
        "name_fr": " ",
    }
    assert admin.post(url, form).status_code == 302
    assert CounterService.objects.get(code="bio").names == {"ar": "أخذ البصمات والصورة"}

    arabic = Client()
    sign_in(arabic, make_client(name="Amal Haddad", language="ar"))
    page = arabic.get("/appointments/book/", {"location": "dh", "service": "bio", "day": TUESDAY.isoformat()})
    assert "أخذ البصمات والصورة" in page.content.decode()
    booking, _ = svc.book(slot=slot_at(place, "bio", TUESDAY, 9), client=make_client(), actor="agent", channel="phone")
    with translation.override("ar"):
        assert "أخذ البصمات والصورة" in notify.texts(booking, "booked")[1]
    with translation.override("fr"):  # no French name given: the name as written
        assert "Biometrics" in notify.texts(booking, "booked")[1]
