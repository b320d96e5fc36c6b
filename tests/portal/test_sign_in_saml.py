"""Real DigiD (SAML) goes through the library's artifact resolution: what it does not vouch
for signs nobody in. (The IdP itself is not reachable here; the mock covers the flow.)"""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from loket.portal import client_session
from loket.portal.digid import SamlACSView, _BSNOnly

from .signin_support import BSN_ANNA, make_client

pytestmark = pytest.mark.django_db


def callback(query):
    request = RequestFactory().get("/digid/acs/", query)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("query", [{}, {"SAMLart": "forged"}, {"SAMLart": "", "bsn": BSN_ANNA}])
def test_an_artifact_the_idp_does_not_resolve_signs_nobody_in(query, monkeypatch):
    make_client("Anna", bsn=BSN_ANNA)

    def unreachable(self, request, saml_art):
        from onelogin.saml2.utils import OneLogin_Saml2_ValidationError

        raise OneLogin_Saml2_ValidationError("no such artifact", OneLogin_Saml2_ValidationError.STATUS_CODE_AUTHNFAILED)

    monkeypatch.setattr("digid_eherkenning.saml2.digid.DigiDClient.artifact_resolve", unreachable)
    request = callback(query)
    response = SamlACSView.as_view()(request)
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
    assert request.session.get(client_session.SESSION_CLIENT) is None


def test_a_resolved_artifact_signs_in_the_client_of_its_bsn(monkeypatch):
    anna = make_client("Anna", bsn=BSN_ANNA)

    class Resolved:
        def get_nameid(self):
            return f"s00000000:{BSN_ANNA}"

    monkeypatch.setattr("digid_eherkenning.saml2.digid.DigiDClient.artifact_resolve", lambda self, r, a: Resolved())
    monkeypatch.setattr("digid_eherkenning.saml2.digid.DigiDClient.conf", property(lambda self: {}))
    request = callback({"SAMLart": "artifact", "RelayState": "https://evil.example/"})
    response = SamlACSView.as_view()(request)
    assert request.session[client_session.SESSION_CLIENT] == anna.pk
    assert "evil.example" not in response["Location"]


def test_the_backend_answers_a_bsn_never_a_user():
    assert _BSNOnly().get_or_create_user_from_bsn(None, BSN_ANNA) == BSN_ANNA
    assert _BSNOnly().get_or_create_user_from_bsn(None, "") is None


def test_the_deploy_check_warns_about_the_mock_without_debugging(settings):
    from loket.portal.checks import digid_mock_in_production

    settings.PORTAL_DIGID, settings.DEBUG = "mock", False
    assert [w.id for w in digid_mock_in_production(None)] == ["loket.portal.W001"]
    settings.PORTAL_DIGID = "saml"
    assert digid_mock_in_production(None) == []


def test_unconfigured_digid_says_so_instead_of_failing(client, settings):
    from loket.portal.digid import SamlLoginView, saml_configured

    assert not saml_configured()
    settings.PORTAL_DIGID = "saml"
    response = client.get("/inloggen/digid/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Signing in with DigiD is not possible at the moment" in response.content.decode()
    request = callback({})
    response = SamlLoginView.as_view()(request)
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
