"""Listening to the clients app: when an agent decides who sent a contact that was under
review, the contact (found by its ref, the review item's ``source``) and its question get
that client."""
from django.db import transaction

from ..core import audit


def on_review_decided(sender, item, client, **kwargs):
    from .models import Contact, Question

    if not item.source:
        return
    with transaction.atomic():
        contact = Contact.objects.select_for_update().filter(ref=item.source, client__isnull=True).first()
        if contact is None:
            return
        client = client.resolved()
        contact.client, contact.match_outcome = client, "linked"
        contact.save(update_fields=["client", "match_outcome"])
        Question.objects.filter(pk=contact.question_id, client__isnull=True).update(client=client)
        audit.record(actor="review", action="contact.contact.client_confirmed", obj=contact,
                     data={"client": client.pk, "review_item": item.pk})
