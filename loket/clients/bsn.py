"""The burgerservicenummer (BSN): checked with the elfproef and kept only as a keyed hash.

DigiD names a person by their BSN. Loket needs it for one thing, to find the client (or
representative) who signs in, so it stores HMAC-SHA256(key, BSN) with a key the database
does not hold (``CLIENT_BSN_KEY``, else one derived from ``SECRET_KEY``): a copy of the
database gives no list of BSNs, and guessing needs the key. The same key hashes the one-time
sign-in codes.
"""

from __future__ import annotations

import hashlib
import hmac

from digid_eherkenning.validators import BSNValidator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_validate = BSNValidator()


def parse_bsn(text) -> str:
    """A BSN as its nine digits (an eight-digit one gets its leading zero); ``ValueError``
    with a message that says what is wrong otherwise."""
    raw = "".join(str(text or "").split()).replace(".", "").replace("-", "")
    if not raw:
        raise ValueError(_("The BSN is empty."))
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(_("A BSN has only digits."))
    if len(raw) == 8:
        raw = "0" + raw
    if len(raw) != 9:
        raise ValueError(_("A BSN has 9 digits."))
    try:
        _validate(raw)
    except ValidationError:
        raise ValueError(_("This is not a valid BSN: it fails the eleven test (elfproef).")) from None
    if raw == "000000000":
        raise ValueError(_("This is not a valid BSN: it fails the eleven test (elfproef)."))
    return raw


def _key() -> bytes:
    configured = getattr(settings, "CLIENT_BSN_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"loket.clients.bsn\0" + settings.SECRET_KEY.encode()).digest()


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of ``value`` under the BSN key, separated by purpose ("bsn", "code", ...)."""
    return hmac.new(_key(), purpose.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()


def bsn_hash(bsn: str) -> str:
    """The stored form of a BSN that ``parse_bsn`` accepted."""
    return keyed_hash(bsn, purpose="bsn")
