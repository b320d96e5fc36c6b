"""Merging two clients who prove to be one person (samenvoegen), and undoing it.

A merge moves the merged client's names, phone numbers, e-mail addresses and case
references to the client that is kept, fills the kept client's empty fields, and points the
merged client at it (``merged_into``). It records exactly what moved and what each client
looked like before, so undoing it restores both. Contacts and other records that point at
the merged client are never touched: they follow ``Client.resolved()``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit, dberrors
from ...core.audit import actor_label
from ..models import CaseReference, Client, ClientEmail, ClientMerge, ClientName, ClientPhone
from ..signals import clients_merged, merge_undone
from .common import check_actor, user_or_none
from .registry import more_precise, readable, rebuild_keys

#: Fields of Client a merge may fill on the kept client, and that undo puts back.
FIELDS = (
    "v_number",
    "display_name",
    "birth_year",
    "birth_month",
    "birth_day",
    "birth_placeholder",
    "nationality",
    "language",
    "representative_id",
    "merged_into_id",
)
_MOVABLE = (
    ("names", ClientName, "full_name"),
    ("phones", ClientPhone, "number"),
    ("emails", ClientEmail, "address"),
    ("case_refs", CaseReference, None),
)


#: How long a merge or undo that staff ask for waits for a client's row someone else holds.
#: An import's batch holds the clients it merges until it commits (seconds). Staff who hold
#: one client and wait for another that the batch holds, while the batch waits for theirs,
#: are a deadlock that PostgreSQL breaks after its ``deadlock_timeout`` (1 s) by aborting
#: whichever waited last: often the batch, and the import stopped. Waiting less than that,
#: staff give way first and are asked to try again (``ClientsBusy``).
STAFF_LOCK_WAIT = "500ms"


class AlreadyMerged(ValidationError):
    """The client was merged into another since it was read (by someone else, meanwhile)."""


class ClientsBusy(ValidationError):
    """Someone else holds one of the clients (an import's batch, say) for longer than staff wait."""


def _snapshot(client: Client) -> dict:
    return {f: getattr(client, f) for f in FIELDS}


def _check_may_open(actor, *clients: Client) -> None:
    """Need to know: staff merge or part only clients whose files they may open. (A merge
    shows the one client's names, numbers and addresses on the other's file: merging a file
    one may not open into one's own was a way to read it.)"""
    if user_or_none(actor) is None:
        return  # the system: a relink, linking
    if len(readable(clients=clients, actor=actor)) < len(clients):
        raise PermissionDenied(_("You may open this client's file only through a case of theirs that you may open."))


def _check_mergeable(keep: Client, merge: Client) -> None:
    if keep.pk == merge.pk:
        raise ValidationError(_("A client cannot be merged with itself."))
    if keep.v_number and merge.v_number and keep.v_number != merge.v_number:
        raise ValidationError(
            _("These clients have different V-numbers (%(a)s and %(b)s): they are two people.")
            % {"a": keep.v_number, "b": merge.v_number}
        )
    if keep.birth_date.compatible(merge.birth_date) == "conflict":
        raise ValidationError(
            _("These clients have different birth dates (%(a)s and %(b)s).")
            % {"a": keep.birth_date, "b": merge.birth_date}
        )


@transaction.atomic
def merge_clients(
    *, keep: Client, merge: Client, actor, reason: str, automatic: bool = False, log: list | None = None
) -> ClientMerge:
    """Merge ``merge`` into ``keep``; returns the record that undoes it. ``log``, a list:
    the merge's audit entries are added there, for the caller to record with others in
    the same transaction (an import's batch: each append locks the head of the chain)."""
    check_actor(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why these clients are one person.")]})
    keep, merge = _lock(keep.resolved().pk, merge.pk, briefly=not automatic)
    _check_may_open(actor, keep, merge)
    if merge.merged_into_id is not None:
        raise AlreadyMerged(_("This client was already merged into another."))
    _check_mergeable(keep, merge)
    changed = {"keep": _snapshot(keep), "merged": _snapshot(merge)}
    moved = {label: _move(model, unique_field, source=merge.pk, to=keep.pk) for label, model, unique_field in _MOVABLE}
    if merge.v_number and not keep.v_number:
        keep.v_number, merge.v_number = merge.v_number, None
    keep.birth_date = more_precise(keep.birth_date, merge.birth_date)
    for name in ("display_name", "nationality", "language", "representative_id"):
        if not getattr(keep, name) and getattr(merge, name):
            setattr(keep, name, getattr(merge, name))
    merge.merged_into = keep
    merge.save()
    keep.save()
    rebuild_keys(keep)
    rebuild_keys(merge)
    record = ClientMerge.objects.create(
        keep=keep,
        merged=merge,
        actor=actor_label(actor),
        reason=reason,
        automatic=automatic,
        moved=moved,
        changed=_jsonable(changed),
    )
    data = {"merge": record.pk, "keep": keep.pk, "merged": merge.pk, "automatic": automatic}
    entries = [dict(action="clients.client.merged", obj=client, reason=reason, data=data) for client in (keep, merge)]
    if log is None:
        audit.record_many(entries, actor=actor)
    else:
        log.extend(entries)
    clients_merged.send(sender=ClientMerge, merge=record)  # in this transaction: see its receivers
    return record


def _lock(keep_id: int, merge_id: int, *, briefly: bool = False) -> tuple[Client, Client]:
    """Both clients' rows, locked in one statement (in id order, as every merge locks).
    ``briefly``: wait at most ``STAFF_LOCK_WAIT`` for them (PostgreSQL), else ``ClientsBusy``."""
    rows = Client.objects.select_for_update().filter(pk__in=(keep_id, merge_id)).order_by("pk")
    if briefly and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # for this transaction, until set back below
            cursor.execute("SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                           [STAFF_LOCK_WAIT])  # fmt: skip
            before = cursor.fetchone()[0]
        try:
            locked = rows.in_bulk()
        except OperationalError as exc:
            if not dberrors.is_lock_timeout(exc):
                raise
            raise ClientsBusy(
                _("Someone else is changing one of these clients right now (an import, say). Try again in a minute.")
            ) from exc
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])
    else:
        locked = rows.in_bulk()
    if keep_id not in locked or merge_id not in locked:
        raise Client.DoesNotExist
    return locked[keep_id], locked[merge_id]


def _move(model, unique_field: str | None, *, source: int, to: int) -> list[int]:
    """Move the rows of ``model`` from client ``source`` to client ``to`` in one statement;
    the ids moved. A value ``to`` already holds stays where it is. (Written out: an import
    merges clients by the thousand, and the ORM took longer to write this statement than
    the database to run it.)"""
    table, quote = model._meta.db_table, connection.ops.quote_name
    statement, params = f"UPDATE {quote(table)} SET client_id = %s WHERE client_id = %s", [to, source]
    if unique_field:
        column = quote(model._meta.get_field(unique_field).column)
        statement += f" AND {column} NOT IN (SELECT {column} FROM {quote(table)} WHERE client_id = %s)"
        params.append(to)
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} RETURNING {quote(model._meta.pk.column)}", params)
        return sorted(pk for (pk,) in cursor.fetchall())


def _jsonable(changed: dict) -> dict:
    return {side: dict(values.items()) for side, values in changed.items()}


@transaction.atomic
def undo_merge(*, merge: ClientMerge, actor, reason: str, automatic: bool = False) -> None:
    """Undo a merge: what moved goes back, both clients get their fields back. Staff
    (not ``automatic``) wait for the clients only briefly, as for a merge."""
    check_actor(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why this merge is undone.")]})
    merge = ClientMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."))
    keep, merged = _lock(merge.keep_id, merge.merged_id, briefly=not automatic)
    holder = keep.resolved()  # the kept client may since have been merged further
    _check_may_open(actor, keep, merged, holder)
    for label, model, _unique in _MOVABLE:
        model.objects.filter(pk__in=merge.moved.get(label, []), client=holder).update(client=merged)
    before_keep, before_merged = merge.changed["keep"], merge.changed["merged"]
    after_keep = {f: getattr(keep, f) for f in FIELDS}
    # Restore each field of the kept client that the merge changed and nobody changed since.
    for name in FIELDS:
        if name == "merged_into_id":
            continue
        if after_keep[name] != before_keep[name] and _set_by_merge(name, before_keep, before_merged, after_keep):
            setattr(keep, name, before_keep[name])
    keep.save()
    v_number = before_merged["v_number"]
    if v_number and holder.pk != keep.pk and holder.v_number == v_number:
        Client.objects.filter(pk=holder.pk).update(v_number=None)  # it travelled on with a later merge
    for name in FIELDS:
        setattr(merged, name, before_merged[name])
    if v_number and Client.objects.filter(v_number=v_number).exclude(pk=merged.pk).exists():
        merged.v_number = None  # undone out of order: another client holds it now; the log says so
    merged.save()
    rebuild_keys(keep)
    rebuild_keys(merged)
    merge.undone_at = timezone.now()
    merge.undone_by = actor_label(actor)
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    for client in (keep, merged):
        audit.record(
            actor=actor,
            action="clients.client.merge_undone",
            obj=client,
            reason=reason,
            data={"merge": merge.pk, "keep": keep.pk, "merged": merged.pk},
        )
    # In this transaction, not after it: the questions the merge joined are parted with it or
    # not at all. (Sent after the commit, a process killed in between left two people's
    # contacts in one question, with the merge undone and nothing left to part them.)
    merge_undone.send(sender=ClientMerge, merge=merge)


def _set_by_merge(name: str, before_keep: dict, before_merged: dict, after_keep: dict) -> bool:
    """Did the merge (rather than a later change) give the kept client this value?"""
    if name.startswith("birth_"):
        birth = ("birth_year", "birth_month", "birth_day", "birth_placeholder")
        return all(after_keep[f] == before_merged[f] for f in birth)
    return after_keep[name] == before_merged[name]
