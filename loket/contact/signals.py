"""Listening to the clients app.

* A review decided: the contact under review (found by its ref, the review item's
  ``source``) and its question get the client, and the client's open questions on one
  topic within the window are joined.
* Two clients merged: their open questions on one topic within the window are joined, after
  the merge has committed; the merge's transaction records that this is due (``RegroupDue``).

A bulk import defers the second until it has finished (see ``services.bulk``), so that
its own view of the open questions stays true while it runs; it records the clients to
regroup itself, in the transaction of each batch (``RegroupDue``).
"""

import threading

from django.db import transaction

from ..core import audit

_deferred = threading.local()


def defer_regrouping():
    """Merges on this thread regroup nothing now: an import is running and regroups later."""
    _deferred.on = True


def resume_regrouping():
    _deferred.on = False


def on_review_decided(sender, item, client, **kwargs):
    from .models import Contact, Question
    from .services.questions import regroup_client

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
        audit.record(
            actor="review",
            action="contact.contact.client_confirmed",
            obj=contact,
            data={"client": client.pk, "review_item": item.pk},
        )
        regroup_client(client=client, actor="review", reason=f"client confirmed in review item {item.pk}")


def on_clients_merged(sender, merge, **kwargs):
    """Inside the merge's transaction: the kept client is recorded as due to regroup
    (``RegroupDue``), and regrouped once the merge has committed, with the removal of the
    record. A process killed in between leaves the record on file; the next import or
    ``regroup_task`` finishes it (not the next merge: a running import's records are its own
    until it ends)."""
    from .services.questions import finish_regroup, regroup_due

    if getattr(_deferred, "on", False):
        return  # the import records the client with the batch that merged it
    regroup_due([merge.keep_id])

    transaction.on_commit(
        lambda: finish_regroup(
            merge.keep_id, actor="regroup", reason=f"clients merged (client merge {merge.pk})", client_merge=merge
        )
    )


def on_merge_undone(sender, merge, **kwargs):
    """Two clients are two people again: the questions their merge joined are parted."""
    from .services.questions import part_questions

    part_questions(client_merge=merge, actor="regroup")
