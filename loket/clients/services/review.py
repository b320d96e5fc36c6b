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
from .registry import create_unless_taken, enrich


@transaction.atomic
def confirm_review(*, item: ReviewItem, client: Client | None, actor) -> Client:
    """The agent confirms ``client`` as the sender, or (``client=None``) creates a new client
    from what the contact said. Returns the client the contact belongs to."""
    check_actor(actor)
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ReviewStatus.OPEN:
        raise ValidationError(_("This contact was already decided."))
    parsed = parse_identity(ContactIdentity(**item.identity))
    if client is None:
        if parsed.v_number and Client.objects.filter(v_number=parsed.v_number).exists():
            raise ValidationError(_("A client with this V-number exists: link the contact to that client."))
        chosen = create_unless_taken(parsed)
        item.status = ReviewStatus.CREATED
        added = ["new client"]
    else:
        chosen = client.resolved()
        if chosen.birth_date.compatible(parsed.birth) == "conflict":
            # The agent may know better (a corrected birth date), but the file keeps its own.
            parsed = replace(parsed, birth=chosen.birth_date)
        if parsed.v_number and chosen.v_number and parsed.v_number != chosen.v_number:
            raise ValidationError(_("This client has another V-number than the contact gives."))
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
