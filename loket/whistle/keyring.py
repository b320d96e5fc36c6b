"""A handler's unlocked private key for the length of their session, and no longer.

At sign-in (``password_verified``) the private key is unlocked with the password and
wrapped with a fresh random key. The wrapped private key goes into the server session;
the wrapping key goes into an HttpOnly cookie in the handler's browser. Neither half
alone opens anything, and signing out or closing the browser ends both.
"""

from __future__ import annotations

import base64

import nacl.utils
from django.db import transaction

from ..core.roles import REPORT_READER_ROLES, has_role
from . import crypto
from .models import HandlerKeyPair, ReportKey

SESSION_KEY = "whistle_wrapped_private_key"
COOKIE_NAME = "loket_keywrap"


def ensure_keypair(user, password: str) -> HandlerKeyPair:
    """The handler's key pair, made on first use from their password."""
    pair = HandlerKeyPair.objects.filter(user=user).first()
    if pair is None:
        public, locked, salt = crypto.new_handler_keypair(password)
        with transaction.atomic():
            pair = HandlerKeyPair.objects.create(user=user, public_key=public, locked_private_key=locked, salt=salt)
    return pair


def change_key_password(user, old_password: str, new_password: str) -> None:
    """Re-lock the handler's private key when they change their password; call it from
    any password change that knows the old password. Raises LockedError for a wrong one."""
    from ..core import audit

    with transaction.atomic():
        pair = HandlerKeyPair.objects.select_for_update().filter(user=user).first()
        if pair is None:
            return
        private_key = crypto.unlock_private_key(old_password, bytes(pair.locked_private_key), bytes(pair.salt))
        pair.locked_private_key, pair.salt = crypto.relock_private_key(private_key, new_password)
        pair.save(update_fields=["locked_private_key", "salt"])
        audit.record(actor=user, action="whistle.key.relocked", obj=pair)


class Keyring:
    """What one handler can open: the report keys sealed for them."""

    def __init__(self, user, private_key: bytes | None):
        self.user = user
        self._private_key = private_key
        self._cache: dict[int, bytes] = {}

    @classmethod
    def from_password(cls, user, password: str) -> Keyring:
        pair = ensure_keypair(user, password)
        return cls(user, crypto.unlock_private_key(password, bytes(pair.locked_private_key), bytes(pair.salt)))

    @property
    def unlocked(self) -> bool:
        return self._private_key is not None

    def report_key(self, report) -> bytes:
        if report.pk in self._cache:
            return self._cache[report.pk]
        if self._private_key is None:
            raise crypto.LockedError("sign in again to unlock your key")
        sealed = ReportKey.objects.filter(report=report, user=self.user).values_list("sealed_key", flat=True).first()
        if sealed is None:
            raise crypto.LockedError("this report's key was not shared with you")
        key = crypto.unseal(self._private_key, sealed)
        self._cache[report.pk] = key
        return key

    def open_sealed(self, sealed: bytes) -> bytes:
        """Open something sealed for this handler's public key (see ``protection``)."""
        if self._private_key is None:
            raise crypto.LockedError("sign in again to unlock your key")
        return crypto.unseal(self._private_key, sealed)

    def holds_key_for(self, report) -> bool:
        return ReportKey.objects.filter(report=report, user=self.user).exists()


def unlock_for_session(sender, request, user, password, **kwargs):
    """Receiver of ``password_verified``: keeps the unlocked key for this session only."""
    if not has_role(user, *REPORT_READER_ROLES):
        return
    pair = ensure_keypair(user, password)
    try:
        private_key = crypto.unlock_private_key(password, bytes(pair.locked_private_key), bytes(pair.salt))
    except crypto.LockedError:
        # The password was reset without re-locking the key (see change_key_password): the
        # sign-in goes on, the reports stay locked, and the log says why.
        from ..core import audit

        audit.record(
            actor=user,
            action="whistle.key.unlock_failed",
            obj=pair,
            reason="the key pair is locked with an earlier password",
        )
        request.session.pop(SESSION_KEY, None)
        return
    wrap = nacl.utils.random(crypto.KEY_SIZE)
    request.session[SESSION_KEY] = base64.b64encode(crypto.encrypt(wrap, private_key)).decode()
    request._whistle_new_wrap = base64.b64encode(wrap).decode()


def keyring_for(request) -> Keyring:
    cached = getattr(request, "_whistle_keyring", None)
    if cached is not None:
        return cached
    private_key = None
    wrapped = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    wrap = getattr(request, "_whistle_new_wrap", None) or request.COOKIES.get(COOKIE_NAME)
    if wrapped and wrap:
        try:
            private_key = crypto.decrypt(base64.b64decode(wrap), base64.b64decode(wrapped))
        except (crypto.LockedError, ValueError):
            private_key = None
    request._whistle_keyring = Keyring(request.user, private_key)
    return request._whistle_keyring


class KeyringCookieMiddleware:
    """Sets the wrapping key's cookie after sign-in and removes it after sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        new_wrap = getattr(request, "_whistle_new_wrap", None)
        if new_wrap:
            response.set_cookie(
                COOKIE_NAME, new_wrap, httponly=True, samesite="Strict", secure=request.is_secure(), max_age=None
            )
        elif COOKIE_NAME in request.COOKIES and not getattr(getattr(request, "user", None), "is_authenticated", False):
            response.delete_cookie(COOKIE_NAME, samesite="Strict")
        return response
