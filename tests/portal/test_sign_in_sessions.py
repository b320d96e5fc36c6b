"""Sign-in by one-time code, representatives acting only for their own clients, the idle
time-out and signing out everywhere."""

import re
from datetime import date

import pytest
from django.test import Client as Browser
from django.utils import translation

from loket.clients.models import SignInThrottle
from loket.clients.services import signin as access
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.portal import client_session

from .signin_support import BSN_ANNA, BSN_REP, digid_sign_in, make_client, make_representative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def english_browser():
    return Browser(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def agent(make_user):
    return make_user(Role.COUNTER_AGENT)


@pytest.fixture
def vera(db):
    return make_client("Vera Code", v_number="2233445566")


def signed_in_as(browser):
    return browser.session.get(client_session.SESSION_CLIENT)


# --- one-time code -----------------------------------------------------------------------


def test_a_client_signs_in_with_v_number_and_code(client, vera, agent):
    code = access.issue_sign_in_code(client=vera, channel="letter", actor=agent)
    response = client.post("/inloggen/code/", {"v_number": "22-3344-5566", "code": code})
    assert response.status_code == 302
    assert signed_in_as(client) == vera.pk
    assert client.session[client_session.SESSION_METHOD] == "code"
    assert "Vera Code" in client.get(response["Location"], follow=True).content.decode()


def test_a_wrong_code_and_an_unknown_v_number_get_the_same_answer(client, vera, agent):
    access.issue_sign_in_code(client=vera, channel="letter", actor=agent)
    wrong = client.post("/inloggen/code/", {"v_number": "2233445566", "code": "AAAA-BBBB-CCCC"})
    unknown = client.post("/inloggen/code/", {"v_number": "9999999999", "code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == unknown.status_code == 400
    text = "This V-number and code do not match"
    assert text in wrong.content.decode() and text in unknown.content.decode()

    def page(response, v_number):
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode().replace(v_number, "X"))

    assert page(wrong, "2233445566") == page(unknown, "9999999999")
    assert signed_in_as(client) is None


def test_empty_fields_are_named(client):
    response = client.post("/inloggen/code/", {"v_number": "", "code": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_used_code_does_not_sign_in_again(client, vera, agent):
    code = access.issue_sign_in_code(client=vera, channel="counter", actor=agent)
    client.post("/inloggen/code/", {"v_number": "2233445566", "code": code})
    other = english_browser()
    response = other.post("/inloggen/code/", {"v_number": "2233445566", "code": code})
    assert response.status_code == 400
    assert signed_in_as(other) is None


def test_guessing_codes_for_one_v_number_is_stopped(client, vera, agent, settings):
    code = access.issue_sign_in_code(client=vera, channel="letter", actor=agent)
    for n in range(settings.PORTAL_CODE_FAILURES_PER_V_NUMBER):
        # from different addresses: the count is per V-number too
        client.post("/inloggen/code/", {"v_number": "2233445566", "code": f"WRONG{n}"}, REMOTE_ADDR=f"10.0.0.{n}")
    response = client.post("/inloggen/code/", {"v_number": "2233445566", "code": code}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert signed_in_as(client) is None


def test_guessing_from_one_address_is_stopped_for_every_v_number(client, settings):
    settings.PORTAL_CODE_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        client.post("/inloggen/code/", {"v_number": f"111111111{n}", "code": "WRONG"})
    response = client.post("/inloggen/code/", {"v_number": "1111111119", "code": "WRONG"})
    assert response.status_code == 429
    # the same answer for a V-number that does not exist: the throttle does not tell either
    assert "Too many attempts" in response.content.decode()


def test_the_throttle_forgets_after_an_hour(client, vera, agent, settings, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    settings.PORTAL_CODE_FAILURES_PER_V_NUMBER = 1
    client.post("/inloggen/code/", {"v_number": "2233445566", "code": "WRONG"})
    code = access.issue_sign_in_code(client=vera, channel="letter", actor=agent)
    assert client.post("/inloggen/code/", {"v_number": "2233445566", "code": code}).status_code == 429
    time_machine.move_to("2026-03-02 11:00:01+01:00", tick=False)
    assert client.post("/inloggen/code/", {"v_number": "2233445566", "code": code}).status_code == 302
    assert SignInThrottle.objects.count() == 2  # keyed hashes, no V-number or address in the clear
    assert not SignInThrottle.objects.filter(key__contains="2233445566").exists()


# --- representatives ---------------------------------------------------------------------


@pytest.fixture
def lawyer(db, agent):
    rep = make_representative("Mr. Ria Advocaat", bsn=BSN_REP)
    mine = make_client("Mina Client", v_number="3000000001")
    also = make_client("Omar Client", v_number="3000000002")
    stranger = make_client("Stan Stranger", v_number="3000000003", bsn=BSN_ANNA)
    for c in (mine, also):
        access.record_mandate(client=c, representative=rep, valid_from=date(2020, 1, 1), actor=agent)
    return {"rep": rep, "mine": mine, "also": also, "stranger": stranger}


def test_a_representative_sees_their_clients_and_not_another(client, lawyer):
    response = digid_sign_in(client, BSN_REP)
    assert response["Location"] == "/inloggen/kies/"
    page = client.get("/inloggen/kies/").content.decode()
    assert "Mina Client" in page and "Omar Client" in page
    assert "Stan Stranger" not in page
    response = client.post("/inloggen/kies/", {"client": lawyer["mine"].pk})
    assert response.status_code == 302
    assert "Mina Client" in client.get(response["Location"], follow=True).content.decode()
    assert AuditEntry.objects.filter(action="portal.client_chosen").exists()


def test_a_representative_cannot_choose_another_clients_id(client, lawyer):
    digid_sign_in(client, BSN_REP)
    for bad in (lawyer["stranger"].pk, 987654, "x", ""):
        assert client.post("/inloggen/kies/", {"client": bad}).status_code == 404
        assert signed_in_as(client) is None


def test_a_representative_whose_mandate_ends_loses_the_client_at_once(client, lawyer, agent):
    digid_sign_in(client, BSN_REP)
    client.post("/inloggen/kies/", {"client": lawyer["mine"].pk})
    access.end_mandate(mandate=lawyer["mine"].mandates.get(), actor=agent)
    response = client.get("/ingelogd/")
    assert response["Location"] == "/inloggen/kies/"
    page = client.get("/inloggen/kies/").content.decode()
    assert "Mina Client" not in page and "Omar Client" in page


def test_a_session_forged_for_another_client_is_refused(client, lawyer):
    digid_sign_in(client, BSN_REP)
    session = client.session
    session[client_session.SESSION_CLIENT] = lawyer["stranger"].pk
    session.save()
    response = client.get("/ingelogd/")
    assert response.status_code == 302 and response["Location"] == "/inloggen/kies/"


def test_choosing_needs_a_signed_in_representative(client, lawyer):
    assert client.get("/inloggen/kies/")["Location"] == "/inloggen/"
    assert client.post("/inloggen/kies/", {"client": lawyer["mine"].pk})["Location"] == "/inloggen/"


# --- time-out and signing out ------------------------------------------------------------


@pytest.fixture
def anna(db):
    return make_client("Anna Test", v_number="1234567890", bsn=BSN_ANNA)


def test_an_idle_session_ends_after_15_minutes_on_the_server(client, anna, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    digid_sign_in(client, BSN_ANNA)
    time_machine.move_to("2026-03-02 10:14:00+01:00", tick=False)
    assert client.get("/ingelogd/").status_code == 200  # activity: the 15 minutes start again
    time_machine.move_to("2026-03-02 10:29:01+01:00", tick=False)
    response = client.get("/ingelogd/", follow=True)
    assert response.redirect_chain[-1][0] == "/inloggen/"
    assert "did nothing for 15 minutes" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_keep_alive_button_keeps_the_session(client, anna, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    digid_sign_in(client, BSN_ANNA)
    time_machine.move_to("2026-03-02 10:13:30+01:00", tick=False)
    assert client.post("/inloggen/actief/").json()["signed_in"] is True
    time_machine.move_to("2026-03-02 10:28:00+01:00", tick=False)
    assert client.get("/ingelogd/").status_code == 200
    time_machine.move_to("2026-03-02 10:43:01+01:00", tick=False)
    assert client.post("/inloggen/actief/").status_code == 401


def test_the_keep_alive_needs_a_post_and_a_session(client):
    assert client.get("/inloggen/actief/").status_code == 405
    assert client.post("/inloggen/actief/").status_code == 401


def test_the_page_carries_the_warning_and_its_script(client, anna, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    digid_sign_in(client, BSN_ANNA)
    page = client.get("/ingelogd/").content.decode()
    assert 'id="session-warning"' in page and "session_timeout.js" in page
    assert 'data-idle-seconds="900"' in page and 'data-warning-seconds="120"' in page
    assert "Stay signed in" in page


def test_activity_is_written_once_a_minute_and_the_warning_counts_from_it(client, anna, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    digid_sign_in(client, BSN_ANNA)
    written = client.session[client_session.SESSION_LAST_SEEN]
    time_machine.move_to("2026-03-02 10:00:40+01:00", tick=False)
    # a page within the minute leaves the session as it is, and the warning comes 40 s sooner
    assert 'data-idle-seconds="860"' in client.get("/ingelogd/").content.decode()
    assert client.session[client_session.SESSION_LAST_SEEN] == written
    time_machine.move_to("2026-03-02 10:01:00+01:00", tick=False)
    assert 'data-idle-seconds="900"' in client.get("/ingelogd/").content.decode()
    time_machine.move_to("2026-03-02 10:01:30+01:00", tick=False)
    assert client.post("/inloggen/actief/").json()["idle_seconds"] == 900  # the button always counts


def test_signing_out_ends_every_session_of_the_client(client, anna):
    digid_sign_in(client, BSN_ANNA)
    phone = english_browser()
    digid_sign_in(phone, BSN_ANNA)
    assert phone.get("/ingelogd/").status_code == 200
    client.post("/uitloggen/")
    assert client.get("/ingelogd/")["Location"] == "/inloggen/"
    response = phone.get("/ingelogd/", follow=True)
    assert response.redirect_chain[-1][0] == "/inloggen/"
    assert "You were signed out" in response.content.decode()
    digid_sign_in(phone, BSN_ANNA)  # signing in again works
    assert phone.get("/ingelogd/").status_code == 200


def test_signing_out_a_representative_ends_all_their_sessions(client, lawyer):
    digid_sign_in(client, BSN_REP)
    other = english_browser()
    digid_sign_in(other, BSN_REP)
    other.post("/inloggen/kies/", {"client": lawyer["also"].pk})
    client.post("/uitloggen/")
    assert other.get("/ingelogd/")["Location"] == "/inloggen/"


def test_signing_out_is_a_post_not_a_link(client, anna):
    digid_sign_in(client, BSN_ANNA)
    client.get("/uitloggen/")
    assert signed_in_as(client) == anna.pk


def test_a_test_style_session_still_works(client, anna):
    """wt-mylok's tests sign in by setting the three session keys: the contract holds."""
    session = client.session
    session[client_session.SESSION_CLIENT] = anna.pk
    session[client_session.SESSION_REPRESENTATIVE] = None
    session[client_session.SESSION_METHOD] = "digid"
    session.save()
    assert client.get("/ingelogd/").status_code == 200


def test_client_pages_send_a_stranger_to_sign_in(client):
    assert client.get("/ingelogd/")["Location"] == "/inloggen/"


def test_the_scripts_time_up_ends_the_session_and_says_why(client, anna, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    digid_sign_in(client, BSN_ANNA)
    time_machine.move_to("2026-03-02 10:15:01+01:00", tick=False)
    page = client.get("/inloggen/?timeout=1").content.decode()
    assert "did nothing for 15 minutes" in page
    assert signed_in_as(client) is None
