"""Which client a booking made by an agent or a partner system is for: the clients app's
matching service decides, as it does for contacts. Run in its own transaction, before
the booking's, so that a booking never waits on a seat while holding the matching locks."""

from __future__ import annotations

from django.db import transaction

from ...clients import services as clients
from ..errors import BookingError


def resolve(
    *,
    actor,
    name: str = "",
    v_number: str = "",
    birth_date: str = "",
    email: str = "",
    phone: str = "",
    language: str = "",
):
    """The client, made if new; ``client_unclear`` when an agent must decide between
    candidates. Bad fields raise the clients app's InvalidIdentity (a ValidationError)."""
    identity = clients.ContactIdentity(
        name=name, v_number=v_number, birth_date=birth_date, email=email, phone=phone, language=language
    )
    with transaction.atomic():
        result = clients.link_contact(identity=identity, actor=actor, create=True, source="appointments")
    if result.client is None:
        raise BookingError("client_unclear")
    return result.client.resolved()
