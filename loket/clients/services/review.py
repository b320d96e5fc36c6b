"""The review queue (controle door een medewerker): an agent decides who sent a contact
that matching could not place with confidence."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ..models import Client, ReviewItem
from ..review_models import ReviewStatus
from ..signals import review_decided
from .common import check_actor, user_or_none
from .identity import ContactIdentity, parse_identity
from .merging import merge_clients
from .registry import create_from_identity, enrich


@transaction.atomic
def confirm_review(*, item: ReviewItem, client: Client | None, actor) -> Client:
    """The agent confirms ``client`` as the sender, or (``client=None``) says the sender is
    a new client: the client made while the contact waited (``provisional``) is merged into
    the confirmed one (reversible, as every merge) or kept; an item without one gets a new
    client from what the contact said. Returns the client the contact belongs to."""
    check_actor(actor)
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ReviewStatus.OPEN:
        raise ValidationError(_("This contact was already decided."))
    parsed = parse_identity(ContactIdentity(**item.identity))
    provisional = item.provisional.resolved() if item.provisional_id else None
    if client is not None and provisional is not None and client.resolved().pk == provisional.pk:
        client = None  # the agent found the client made while waiting: keep it
    if client is None:
        if provisional is not None:
            chosen, added = provisional, ["client made while waiting kept"]
        else:
            if parsed.v_number and Client.objects.filter(v_number=parsed.v_number).exists():
                raise ValidationError(_("A client with this V-number exists: link the contact to that client."))
            chosen, added = create_from_identity(parsed), ["new client"]
        item.status = ReviewStatus.CREATED
    else:
        chosen = client.resolved()
        if chosen.birth_date.compatible(parsed.birth) == "conflict":
            # The agent may know better (a corrected birth date), but the file keeps its own.
            parsed = replace(parsed, birth=chosen.birth_date)
        if parsed.v_number and chosen.v_number and parsed.v_number != chosen.v_number:
            raise ValidationError(_("This client has another V-number than the contact gives."))
        if provisional is not None:
            # what the contact said, and what the sender's later contacts added, move over
            merge_clients(
                keep=chosen,
                merge=provisional,
                actor=actor,
                reason=_("Review item %(item)s: the agent confirmed the sender.") % {"item": item.pk},
            )
            added = ["client made while waiting merged"]
        else:
            added = enrich(chosen, parsed)
        item.status = ReviewStatus.LINKED
    item.client = chosen
    item.resolved_at = timezone.now()
    item.resolved_by = user_or_none(actor)
    item.save(update_fields=["client", "status", "resolved_at", "resolved_by"])
    audit.record(
        actor=actor,
        action="clients.review.decided",
        obj=item,
        data={"client": chosen.pk, "status": item.status, "added": added},
    )
    transaction.on_commit(lambda: review_decided.send(sender=ReviewItem, item=item, client=chosen))
    return chosen
