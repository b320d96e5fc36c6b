"""Whether a user acts in a session verified with their second factor (django-otp).

django-otp's middleware puts the device that verified the session on ``request.user``
(``otp_device``); a view that asks for a code at the moment of an act (signing a decision)
verifies it with :func:`verify_now`. Services ask :func:`verified` about the actor they were
given, so no path that skips the session (a command, an API token) passes.
"""

from __future__ import annotations

from django_otp import login as otp_login, match_token, user_has_device


def verified(user) -> bool:
    device = getattr(user, "otp_device", None)
    return bool(
        device is not None
        and getattr(device, "user_id", None) == getattr(user, "pk", object())
        and getattr(device, "confirmed", False)
    )


def has_device(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user_has_device(user))


def verify_now(request, token: str) -> bool:
    """Check ``token`` against the signed-in user's devices; on success the session is verified."""
    token = (token or "").strip().replace(" ", "")
    if verified(request.user):
        return True
    if not token or not has_device(request.user):
        return False
    device = match_token(request.user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True
