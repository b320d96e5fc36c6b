"""The audit log (DESIGN.md): every state change and every read of a case, client or
report writes an append-only, hash-chained entry.

Call :func:`record` inside the transaction of the use case it describes, so that the
entry and the change are stored together or not at all.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .audit_models import AuditEntry, AuditHead

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x10CE7A0D17  # any constant: serialises appends to the chain on PostgreSQL


def actor_label(actor) -> str:
    """How an actor is named in the log: a username, or a fixed word for non-staff."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "anonymous"


def _digest(*, seq, at, actor, action, object_type, object_id, reason, data, prev_hash) -> str:
    payload = json.dumps(
        [seq, at.isoformat(), actor, action, object_type, str(object_id), reason, data, prev_hash],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(*, actor, action: str, obj=None, object_type: str = "", object_id: Any = "",
           reason: str = "", data: dict | None = None) -> AuditEntry:
    """Append one entry. ``obj`` may stand for ``object_type``/``object_id``."""
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = obj.pk
    data = json.loads(json.dumps(data or {}, default=str))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        fields = dict(
            seq=head.seq + 1, at=timezone.now(), actor=actor_label(actor), action=action,
            object_type=object_type, object_id=str(object_id), reason=reason or "", data=data,
            prev_hash=head.hash,
        )
        entry = AuditEntry(**fields, hash=_digest(**fields))
        entry.save()
        AuditHead.objects.filter(id=1).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # changed | removed | reordered | added
    detail: str

    def __str__(self):
        return f"entry {self.seq}: {self.kind} ({self.detail})"


def _entries(batch: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        chunk = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def verify() -> Problem | None:
    """Walk the chain; return the first entry that was changed, removed or reordered."""
    expected_seq, prev_hash = 1, GENESIS
    for entry in _entries():
        if entry.seq != expected_seq:
            kind = "removed" if entry.seq > expected_seq else "reordered"
            return Problem(expected_seq, kind, f"the log jumps from {expected_seq - 1} to {entry.seq}")
        fields = {f: getattr(entry, f) for f in
                  ("seq", "at", "actor", "action", "object_type", "object_id", "reason", "data", "prev_hash")}
        if entry.prev_hash != prev_hash:
            return Problem(entry.seq, "reordered",
                           "it does not follow the entry before it: one of the two was moved, replaced or changed and re-hashed")
        if _digest(**fields) != entry.hash:
            return Problem(entry.seq, "changed", "its content no longer matches its hash")
        prev_hash = entry.hash
        expected_seq += 1
    last = expected_seq - 1
    head = AuditHead.objects.filter(id=1).first()
    if head is None:
        return Problem(1, "removed", "the record of the newest entry is gone") if last else None
    if head.seq > last:
        return Problem(last + 1, "removed", f"the log ends at {last} but {head.seq} were written")
    if head.seq < last:
        return Problem(head.seq + 1, "added", f"entries after {head.seq} were not written by the log")
    if head.hash != prev_hash:
        return Problem(head.seq, "changed", "the newest entry differs from the one written")
    return None


def entries_for(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(
        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk)))
