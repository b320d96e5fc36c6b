"""Background work of the client site: telling a client that a message arrived.

The notice never carries the message: an e-mail or SMS can be read by others (a shared
phone, a family's address), the message only by the client, signed in on My Loket.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from loket.clients import selectors as clients
from loket.clients.models import Client

from . import sms


def _link() -> str:
    return getattr(settings, "PORTAL_PUBLIC_URL", "").rstrip("/") + reverse("portal:my_loket")


@task()
def notify_message_received(client_id: int, reference: str) -> dict:
    """E-mail the client (or text them when no address is known) that their message on
    question ``reference`` arrived; say nothing of what it says."""
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        return {"sent": ""}
    emails, phones = clients.contact_details(client.pk)
    with translation.override(client.language or settings.LANGUAGE_CODE):
        values = {"reference": reference, "url": _link()}
        if emails:
            EmailMessage(
                _("New message in My Loket"),
                _(
                    "We received a message on your question %(reference)s. "
                    "Sign in to My Loket to read it: %(url)s\n\n"
                    "For your privacy, this e-mail does not contain the message."
                )
                % values,
                settings.DEFAULT_FROM_EMAIL,
                [emails[0]],
            ).send(fail_silently=False)
            return {"sent": "email"}
        if phones:
            sms.send(
                phones[0],
                _("Loket: we received a message on your question %(reference)s. Read it in My Loket: %(url)s") % values,
            )
            return {"sent": "sms"}
    return {"sent": ""}
