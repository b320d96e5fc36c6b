"""Every booking, change, cancellation and visit is also a contact on the client's
question about their appointment (contact app, topic "appointment")."""

from __future__ import annotations

import secrets

from django.utils import timezone

from ...contact.choices import Channel, Topic
from ...contact.inputs import ContactInput
from ...contact.services import receive_contact
from ...core import audit

CHANNELS = {"web": Channel.WEB, "api": Channel.WEB, "phone": Channel.PHONE, "counter": Channel.COUNTER}


def identity_of(client) -> dict:
    birth = client.birth_date
    day = birth.as_date() if birth is not None else None
    return {
        "name": client.display_name or "",
        "v_number": client.v_number or "",
        "birth_date": day.isoformat() if day else (str(client.birth_year) if client.birth_year else ""),
    }


def record(*, booking, what: str, text: str, actor, channel: str) -> None:
    """Store the contact. The booking's client is the contact's client: the identity given is
    the client's own, so the matching service links it to them."""
    agent = actor if getattr(actor, "is_authenticated", False) else None
    when = timezone.now()
    data = ContactInput(
        channel=CHANNELS.get(channel, Channel.WEB),
        received_at=when,
        ref=f"appt-{booking.reference}-{what}-{secrets.token_hex(4)}",
        topic=Topic.APPOINTMENT,
        subject=f"{what}: {booking.reference}"[:300],
        body=text,
        case_ref=booking.case_ref,
        language=booking.language,
        email=booking.email,
        phone=booking.phone,
        **identity_of(booking.client),
    )
    # The booking service checked the actor's role; the contact is stored on its authority.
    receive_contact(data=data, actor=f"appointments:{audit.actor_label(actor)}", agent=agent)
