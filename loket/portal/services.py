"""Use cases of a signed-in client on My Loket: write on a question, hand in a document,
change their contact details and language.

Each checks that the case or question is the signed-in client's own (through the client,
never by a bare id), then lets the app that owns the data store it, and tells the client by
e-mail or SMS that their message arrived (after the transaction, so no notice goes out for
a message that was not stored).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from loket.cases import selectors as case_selectors
from loket.cases.models import Case
from loket.clients import services as client_services
from loket.contact import services as contact_services
from loket.contact.models import Contact

from .selectors import client_ids
from .tasks import notify_message_received

#: The languages a client can choose (issue 13 item 4).
CLIENT_LANGUAGES = ("nl", "en", "ar", "fa", "ti", "tr", "uk", "ru", "so", "fr")


def actor_for(client, representative=None) -> str:
    """How the audit log names who acted on the client site (never a staff user)."""
    if representative is not None:
        return f"portal:representative:{representative.pk}:for:{client.pk}"
    return f"portal:client:{client.pk}"


def _notify(client, contact: Contact) -> None:
    reference = contact.question.reference
    transaction.on_commit(lambda: notify_message_received.enqueue(client_id=client.pk, reference=reference))


def write_message(*, client, representative=None, question_id: int, text: str, file=None) -> Contact:
    """The client writes on one of their questions, with a file if they like."""
    with transaction.atomic():
        contact = contact_services.write_on_question(
            client_ids=client_ids(client),
            client_id=client.pk,
            question_id=question_id,
            text=text,
            file=file,
            actor=actor_for(client, representative),
            language=client.language,
        )
        _notify(client, contact)
    return contact


def hand_in_document(*, client, representative=None, target: str, file) -> Contact:
    """A document for a case (``case:<reference>``) or a question (``question:<id>``) of the client."""
    kind, _sep, key = (target or "").partition(":")
    with transaction.atomic():
        if kind == "question" and key.isdigit():
            return write_message(client=client, representative=representative, question_id=int(key), text="", file=file)
        if kind == "case" and key:
            try:
                case = case_selectors.client_case(client_ids(client), key)
            except Case.DoesNotExist:
                raise PermissionDenied(_("This case is not yours.")) from None
            contact = contact_services.hand_in_document(
                client_id=client.pk,
                case_ref=case.reference,
                file=file,
                actor=actor_for(client, representative),
                language=client.language,
            )
            _notify(client, contact)
            return contact
    raise PermissionDenied(_("Choose one of your applications or questions."))


def change_details(*, client, representative=None, email: str, phone: str, language: str):
    return client_services.change_own_details(
        client=client,
        email=email,
        phone=phone,
        language=language,
        languages=CLIENT_LANGUAGES,
        actor=actor_for(client, representative),
    )
