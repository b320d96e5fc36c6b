"""Signals other apps listen to without core importing them."""

from django.dispatch import Signal

#: Sent by the sign-in view after password and second factor were accepted, with
#: ``request``, ``user`` and ``password``: the reporting channel unlocks the handler's
#: private key with it, for this session only. The password is never stored.
password_verified = Signal()
