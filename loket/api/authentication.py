"""DRF authentication by API token: ``Authorization: Bearer <token>`` (or ``Token <token>``).

A request without such a header falls through to the session, so staff pages that call the
API keep working. Being first in the list also makes an unauthenticated request a 401 with
a ``WWW-Authenticate`` header, as RFC 9110 asks, instead of a 403.
"""

import logging

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import services

KEYWORDS = ("bearer", "token")
log = logging.getLogger(__name__)


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, with one space."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raw = None
        token = services.admit(raw=raw, method=request.method, path=request.path) if raw else None
        if token is None:
            log.warning("API token refused (unknown, revoked or expired)")
            raise exceptions.AuthenticationFailed(_("The token is unknown, revoked or expired."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="loket"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "loket.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token made with `loket apitoken create`; `Token <token>` works as well.",
        }
