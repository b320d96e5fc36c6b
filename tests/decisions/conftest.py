"""The cases fixtures (team, staff, case builders, a fixed today) serve the decisions tests too."""

import pytest

from tests.cases.conftest import application, objection, staff, today  # noqa: F401


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the services' messages in English; Dutch is the site's default."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _signing_sessions(staff):
    """The staff of these tests act in sessions verified with their second factor, as a
    signatory must (issue 15 item 5); tests of a session without one fetch the user afresh."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for user in staff.values():
        if hasattr(user, "pk") and hasattr(user, "groups"):
            user.otp_device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_of(user) -> str:
    """The current code of ``user``'s authenticator (the device of ``_signing_sessions``)."""
    from django_otp.oath import totp

    device = user.otp_device
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def verify_session(client, user) -> None:
    """Mark ``client``'s session as verified with ``user``'s second factor (as signing in with the code does)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.otp_device.persistent_id
    session.save()
