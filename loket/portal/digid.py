"""DigiD for the client site, through django-digid-eherkenning.

The library signs Django users in; Loket's clients are not users, so its views are
subclassed to end in :func:`.signin.signed_in_with_bsn` instead of ``auth.login``. Two modes
(setting ``PORTAL_DIGID``):

* ``saml``: real DigiD. The library resolves the SAML artifact over the back channel and
  checks the IdP's signature and InResponseTo; :class:`SamlACSView` takes the BSN from there.
* ``mock``: the library's DigiD mock (demo and tests), where anyone may type any BSN. The mock
  passes the BSN in a plain query string, so here its identity provider signs what it
  asserts (BSN and the request it answers) and the assertion consumer accepts only a signed,
  fresh assertion that answers the request this session started, once. A forged or replayed
  callback, or one tampered with on the way, signs nobody in, as with SAML.
"""

from __future__ import annotations

import secrets
import time

from digid_eherkenning.backends import DigiDBackend
from digid_eherkenning.mock import conf
from digid_eherkenning.mock.idp.views.digid import DigiDMockIDPBSNLoginView
from digid_eherkenning.mock.views.digid import DigiDAssertionConsumerServiceMockView, DigiDLoginMockView
from digid_eherkenning.models import DigidConfiguration
from digid_eherkenning.views.digid import DigiDAssertionConsumerServiceView, DigiDLoginView
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from furl import furl

from . import signin

PENDING = "portal_digid_request"  # session key: the request id this session waits for
ASSERTION_SALT = "loket.portal.digid-mock.assertion"
ASSERTION_MAX_AGE = 5 * 60
REQUEST_MAX_AGE = 15 * 60


def _start_request(request) -> str:
    request_id = secrets.token_urlsafe(24)
    request.session[PENDING] = {"id": request_id, "at": int(time.time())}
    return request_id


def _take_request(request, request_id: str) -> bool:
    """True once for the request this session started (and not too long ago)."""
    pending = request.session.pop(PENDING, None)
    return bool(
        pending
        and request_id
        and secrets.compare_digest(str(pending.get("id", "")), str(request_id))
        and time.time() - pending.get("at", 0) <= REQUEST_MAX_AGE
    )


class MockLoginView(DigiDLoginMockView):
    """The library's mock login, with a request id the assertion must answer. The client
    always returns to Loket's own pages, whatever ``next`` says."""

    def get(self, request, *args, **kwargs):
        back = request.build_absolute_uri(reverse("portal:sign_in"))
        acs = furl(request.build_absolute_uri(reverse("digid:acs")))
        acs.args["rid"] = _start_request(request)
        url = furl(request.build_absolute_uri(conf.get_idp_login_url()))
        url.args.update({"next": back, "cancel": back, "acs": acs.url})
        return redirect(url.url)


class MockIdPBSNView(DigiDMockIDPBSNLoginView):
    """The mock identity provider's BSN page: what it asserts is signed, as an IdP signs."""

    def get_success_url(self):
        acs = furl(self.acs_url)
        assertion = signing.dumps({"bsn": str(self.bsn), "rid": acs.args.get("rid", "")}, salt=ASSERTION_SALT)
        acs.args["assertion"] = assertion
        return acs.url


class MockACSView(DigiDAssertionConsumerServiceMockView):
    """Accept only a signed, fresh assertion answering this session's own request, once."""

    def get(self, request):
        try:
            claim = signing.loads(request.GET.get("assertion", ""), salt=ASSERTION_SALT, max_age=ASSERTION_MAX_AGE)
        except signing.BadSignature:
            claim = None
        answered = _take_request(request, request.GET.get("rid", ""))
        if not isinstance(claim, dict) or not answered or claim.get("rid") != request.GET.get("rid"):
            return signin.digid_failed(request)
        return signin.signed_in_with_bsn(request, str(claim.get("bsn", "")))


class _BSNOnly(DigiDBackend):
    """The library's DigiD backend without its user: it answers the BSN DigiD vouched for."""

    def get_or_create_user_from_bsn(self, request, bsn):
        return bsn or None


def saml_configured() -> bool:
    """Whether an administrator has configured DigiD (entity id, base URL, IdP metadata)."""
    config = DigidConfiguration.get_solo()
    return bool(config.entity_id and config.base_url and config.idp_service_entity_id)


def digid_unavailable(request):
    messages.error(
        request,
        _(
            "Signing in with DigiD is not possible at the moment. Please try again later, "
            "or sign in with a sign-in code."
        ),
    )
    return redirect("portal:sign_in")


class SamlLoginView(DigiDLoginView):
    """The library's DigiD login (an AuthnRequest by POST binding), once DigiD is configured."""

    def get(self, request, *args, **kwargs):
        if not saml_configured():
            return digid_unavailable(request)
        return super().get(request, *args, **kwargs)


class SamlACSView(DigiDAssertionConsumerServiceView):
    def get(self, request):
        errors: list = []
        bsn = _BSNOnly().authenticate(request, digid=True, saml_art=request.GET.get("SAMLart"), errors=errors)
        if not bsn:
            return signin.digid_failed(request)
        return signin.signed_in_with_bsn(request, bsn)


def start(request):
    """The sign-in page's DigiD button: on to DigiD (the mock in the demo)."""
    if settings.PORTAL_DIGID == "off" or (settings.PORTAL_DIGID == "saml" and not saml_configured()):
        return digid_unavailable(request)
    return redirect("digid:login")
