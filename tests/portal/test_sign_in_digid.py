"""Clients sign in with DigiD (the library's mock): only the signed flow that this browser
started signs anyone in; a forged, tampered or replayed callback does not."""

import pytest
from django.core import signing
from django.utils import translation
from furl import furl

from loket.core.audit_models import AuditEntry
from loket.portal import client_session
from loket.portal.digid import ASSERTION_SALT

from .signin_support import BSN_ANNA, BSN_BOB, BSN_UNKNOWN, digid_sign_in, idp_callback, make_client, query

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def anna(db):
    return make_client("Anna Test", v_number="1234567890", bsn=BSN_ANNA)


def signed_in_client_id(client):
    return client.session.get(client_session.SESSION_CLIENT)


def test_a_client_signs_in_through_the_digid_mock_and_lands_signed_in(client, anna):
    response = digid_sign_in(client, BSN_ANNA)
    assert response.status_code == 302
    assert signed_in_client_id(client) == anna.pk
    assert client.session[client_session.SESSION_METHOD] == "digid"
    page = client.get(response["Location"], follow=True)
    assert "Anna Test" in page.content.decode()
    assert AuditEntry.objects.filter(action="portal.signed_in", object_id=str(anna.pk)).exists()


def test_the_callback_carries_no_readable_bsn(client, anna):
    callback = idp_callback(client, BSN_ANNA)
    assert BSN_ANNA not in furl(callback).args.get("bsn", "")
    assert "bsn" not in query(callback)


def test_a_forged_callback_with_a_bsn_signs_nobody_in(client, anna):
    for forged in (f"/digid/acs/?bsn={BSN_ANNA}", f"/digid/acs/?bsn={BSN_ANNA}&next=/"):
        response = client.get(forged, follow=True)
        assert signed_in_client_id(client) is None
        assert "Signing in with DigiD did not work" in response.content.decode()
    response = client.post(f"/digid/acs/?bsn={BSN_ANNA}", {"bsn": BSN_ANNA})
    assert signed_in_client_id(client) is None


def test_an_assertion_signed_with_another_key_signs_nobody_in(client, anna):
    callback = furl(idp_callback(client, BSN_ANNA))
    rid = callback.args["rid"]
    callback.args["assertion"] = signing.dumps({"bsn": BSN_ANNA, "rid": rid}, salt=ASSERTION_SALT, key="not-the-key")
    client.get(callback.url)
    assert signed_in_client_id(client) is None


def test_a_tampered_assertion_signs_nobody_in(client, anna, db):
    bob = make_client("Bob Other", bsn=BSN_BOB)
    callback = furl(idp_callback(client, BSN_BOB))
    value = callback.args["assertion"]
    payload = signing.loads(value, salt=ASSERTION_SALT)
    assert payload["bsn"] == BSN_BOB
    # Swap the signed part for Anna's BSN but keep Bob's signature.
    forged = signing.dumps({**payload, "bsn": BSN_ANNA}, salt=ASSERTION_SALT)
    callback.args["assertion"] = forged.rsplit(":", 1)[0] + ":" + value.rsplit(":", 1)[1]
    response = client.get(callback.url, follow=True)
    assert signed_in_client_id(client) not in (anna.pk, bob.pk)
    assert "Signing in with DigiD did not work" in response.content.decode()


def test_a_replayed_callback_signs_nobody_in(client, anna):
    callback = idp_callback(client, BSN_ANNA)
    client.get(callback)
    assert signed_in_client_id(client) == anna.pk
    client.post("/uitloggen/")
    assert signed_in_client_id(client) is None
    client.get(callback)
    assert signed_in_client_id(client) is None


def test_a_callback_in_another_browser_signs_nobody_in(client, anna, django_user_model):
    from django.test import Client as Browser

    callback = idp_callback(client, BSN_ANNA)
    other = Browser()
    other.get(callback)
    assert other.session.get(client_session.SESSION_CLIENT) is None


def test_an_expired_assertion_signs_nobody_in(client, anna, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)
    callback = idp_callback(client, BSN_ANNA)
    time_machine.move_to("2026-03-02 10:06:00+01:00", tick=False)
    client.get(callback)
    assert signed_in_client_id(client) is None


def test_next_to_another_host_is_never_followed(client, anna):
    response = client.get("/digid/login/?next=https://evil.example/steal")
    assert "evil.example" not in response["Location"]
    callback = furl(idp_callback(client, BSN_ANNA))
    callback.args["next"] = "https://evil.example/steal"
    callback.args["RelayState"] = "//evil.example/"
    response = client.get(callback.url)
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"].startswith("/")


def test_a_bsn_nobody_has_signs_nobody_in_and_says_what_to_do(client, anna):
    response = digid_sign_in(client, BSN_UNKNOWN)
    assert signed_in_client_id(client) is None
    page = client.get(response["Location"])
    assert "cannot find your file" in page.content.decode()


def test_the_mock_refuses_a_bsn_that_fails_the_elfproef(client, anna):
    bsn_page = idp_callback.__globals__["follow_to_idp"](client)
    response = client.post(bsn_page, {"auth_bsn": "111222334"})
    assert response.status_code == 200  # the form again, nobody sent back
    assert signed_in_client_id(client) is None


def test_a_merged_client_signs_in_to_the_surviving_file(client, anna):
    survivor = make_client("Anna Survivor")
    anna.merged_into = survivor
    anna.save()
    response = digid_sign_in(client, BSN_ANNA)
    page = client.get(response["Location"], follow=True)
    assert "Anna Survivor" in page.content.decode()
