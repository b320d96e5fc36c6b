"""The audit log (DESIGN.md): every state change and every read of a case, client or
report writes an append-only entry, chained to the one before by an HMAC-SHA256 keyed with
a key the database does not hold (:mod:`.audit_keys`), and anchored by signed checkpoints
outside the database (:mod:`.audit_checkpoints`).

Call :func:`record` inside the transaction of the use case it describes, so that the
entry and the change are stored together or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from . import access_context
from .audit_keys import keys
from .audit_models import AuditEntry, AuditHead

GENESIS = "0" * 64
RESTORED = "core.audit.restored"
CHAINED_FIELDS = ("seq", "at", "actor", "action", "object_type", "object_id", "reason", "data", "prev_hash")


def actor_label(actor) -> str:
    """How an actor is named in the log: a username, or a fixed word for non-staff."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username() if getattr(actor, "is_authenticated", False) else "anonymous"


def _payload(*, seq, at, actor, action, object_type, object_id, reason, data, prev_hash) -> bytes:
    return json.dumps(
        [seq, at.isoformat(), actor, action, object_type, str(object_id), reason, data, prev_hash],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


def legacy_digest(**fields) -> str:
    """The unkeyed hash of entries written before the chain was keyed (anyone can compute
    it, so it proves nothing by itself: :func:`rechain` replaces it once)."""
    return hashlib.sha256(_payload(**fields)).hexdigest()


def digest(key: bytes, *, key_id: str, **fields) -> str:
    """The entry's keyed hash; the key id is covered too, so it cannot be swapped."""
    return hmac.new(key, key_id.encode() + b"\0" + _payload(**fields), hashlib.sha256).hexdigest()


def _coarse(actor: str, at: datetime) -> datetime:
    """Keep no finer time than promised for actors such as the anonymous reporter."""
    seconds = settings.AUDIT_COARSE_ACTORS.get(actor)
    if not seconds:
        return at
    epoch = int(at.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: Any = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry. ``obj`` may stand for ``object_type``/``object_id``."""
    return record_many(
        [dict(action=action, obj=obj, object_type=object_type, object_id=object_id, reason=reason, data=data)],
        actor=actor,
    )[0]


def record_many(entries: list[dict], *, actor) -> list[AuditEntry]:
    """Append several entries of one actor, in order, each a dict of :func:`record`'s
    keywords: the chain's head is locked and moved once for all (a merge writes two)."""
    if not entries:
        return []
    ring = keys()
    label = actor_label(actor)
    context = access_context.current()
    # The head row's lock serialises appends to the chain until the commit. No savepoint of
    # our own: an entry that fails fails the use case around it (stored together or not at all).
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq, prev_hash, written = head.seq, head.hash, []
        for entry in entries:
            obj = entry.get("obj")
            object_type, object_id = entry.get("object_type", ""), entry.get("object_id", "")
            if obj is not None:
                object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
                object_id = obj.pk
            data = json.loads(json.dumps(entry.get("data") or {}, default=str))
            for key, value in context.items():  # origin and purpose (BIO2 8.15.01)
                data.setdefault(key, value)
            seq += 1
            fields = dict(
                seq=seq,
                at=_coarse(label, timezone.now()),
                actor=label,
                action=entry["action"],
                object_type=object_type,
                object_id=str(object_id),
                reason=entry.get("reason") or "",
                data=data,
                prev_hash=prev_hash,
            )
            prev_hash = digest(ring.chain[ring.current_id], key_id=ring.current_id, **fields)
            written.append(AuditEntry(**fields, key_id=ring.current_id, hash=prev_hash))
        AuditEntry.objects.bulk_create(written)
        AuditHead.objects.filter(id=1).update(seq=seq, hash=prev_hash)
    return written


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # changed | removed | reordered | added | unkeyed | truncated | recomputed | forged checkpoint
    detail: str

    def __str__(self):
        return f"entry {self.seq}: {self.kind} ({self.detail})"


@dataclass
class Findings:
    """What :func:`check` found: problems (tampering) and notices (recorded, known gaps)."""

    entries: int = 0
    last_seq: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    checkpoints: int = 0
    hashes: dict[int, str] = field(default_factory=dict)  # seq -> hash, at the checkpoints' seqs
    counts: dict[int, int] = field(default_factory=dict)  # seq -> entries up to it (lost ones included)
    gaps: list[tuple[int, int]] = field(default_factory=list)  # (first, last) lost by a recorded restore


def _entries(batch: int = 5000, start: int = 0) -> Iterator[AuditEntry]:
    last = start
    while True:
        chunk = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].seq


def _fields(entry: AuditEntry) -> dict:
    return {f: getattr(entry, f) for f in CHAINED_FIELDS}


def _recorded_gap(entry: AuditEntry, expected_seq: int, known: bool) -> bool:
    """A jump in the numbers is no tampering when a genuine (keyed) restore entry records it."""
    data = entry.data if isinstance(entry.data, dict) else {}
    return (
        known
        and entry.action == RESTORED
        and data.get("lost_from") == expected_seq
        and data.get("lost_to") == entry.seq - 1
        and data.get("anchor_hash") == entry.prev_hash
    )


def _walk(findings: Findings, want: set[int]) -> None:
    ring = keys()
    expected_seq, prev_hash, position = 1, GENESIS, 0
    for entry in _entries():
        key = ring.chain.get(entry.key_id)
        valid = key is not None and hmac.compare_digest(digest(key, key_id=entry.key_id, **_fields(entry)), entry.hash)
        if entry.seq != expected_seq:
            if entry.seq > expected_seq and _recorded_gap(entry, expected_seq, valid):
                findings.gaps.append((expected_seq, entry.seq - 1))
                findings.notices.append(
                    f"entries {expected_seq} to {entry.seq - 1} were lost when an older backup was restored "
                    f"(recorded at entry {entry.seq}, {entry.at:%Y-%m-%d %H:%M} by {entry.actor})"
                )
                prev_hash = findings.hashes[entry.seq - 1] = entry.prev_hash
                position += entry.seq - expected_seq
            else:
                kind = "removed" if entry.seq > expected_seq else "reordered"
                findings.problems.append(
                    Problem(expected_seq, kind, f"the log jumps from {expected_seq - 1} to {entry.seq}")
                )
                return
        if not entry.key_id:
            findings.problems.append(
                Problem(
                    entry.seq,
                    "unkeyed",
                    "written before the chain was keyed: an administrator runs `loket audit rechain` once",
                )
            )
            return
        if entry.prev_hash != prev_hash:
            findings.problems.append(
                Problem(
                    entry.seq,
                    "reordered",
                    "it does not follow the entry before it: one "
                    "of the two was moved, replaced or changed and re-hashed",
                )
            )
            return
        if key is None:
            findings.problems.append(
                Problem(
                    entry.seq, "changed", f"its hash names key {entry.key_id!r}, which is not one of the log's keys"
                )
            )
            return
        if not valid:
            findings.problems.append(Problem(entry.seq, "changed", "its content no longer matches its keyed hash"))
            return
        findings.entries += 1
        position += 1
        if entry.seq in want:
            findings.hashes[entry.seq] = entry.hash
            findings.counts[entry.seq] = position
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    findings.last_seq = expected_seq - 1
    last = findings.last_seq
    head = AuditHead.objects.filter(id=1).first()
    if head is None:
        if last:
            findings.problems.append(Problem(1, "removed", "the record of the newest entry is gone"))
    elif head.seq > last:
        findings.problems.append(Problem(last + 1, "removed", f"the log ends at {last} but {head.seq} were written"))
    elif head.seq < last:
        findings.problems.append(
            Problem(head.seq + 1, "added", f"entries after {head.seq} were not written by the log")
        )
    elif head.hash != prev_hash:
        findings.problems.append(Problem(head.seq, "changed", "the newest entry differs from the one written"))


def check(extra_checkpoints=(), verify_keys=None) -> Findings:
    """Walk the chain with the keys, then hold it against every signed checkpoint (those in
    the checkpoint folder and any ``extra_checkpoints`` files, e.g. the ones mailed to the
    integrity officer); ``verify_keys`` (hex) stand in for the configured trusted keys."""
    from . import audit_checkpoints

    read = audit_checkpoints.read_all(extra_checkpoints, verify_keys)
    findings = Findings()
    _walk(findings, {c.seq for c in read.valid})
    audit_checkpoints.hold_against(findings, read)
    return findings


def verify() -> Problem | None:
    """The first sign of tampering, or None when the log is intact."""
    problems = check().problems
    return problems[0] if problems else None


def rechain(*, actor) -> int:
    """Key an unkeyed log once: check the old chain with the old hash, then hash every
    entry again with the current key, and record that it was done. Returns the count."""
    ring = keys()
    key = ring.chain[ring.current_id]
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        old_head = head.hash if head else GENESIS
        prev_old, prev_new, count, batch = GENESIS, GENESIS, 0, []
        raw = models.QuerySet(AuditEntry)  # the append-only manager refuses updates on purpose
        for entry in _entries():
            count += 1
            if entry.key_id:
                raise ValueError(f"entry {entry.seq} is keyed already: nothing to rechain")
            if entry.seq != count or entry.prev_hash != prev_old or legacy_digest(**_fields(entry)) != entry.hash:
                raise ValueError(f"the unkeyed log is broken at entry {entry.seq}: report it, do not rechain")
            prev_old = entry.hash
            entry.prev_hash = prev_new
            entry.key_id = ring.current_id
            entry.hash = prev_new = digest(key, key_id=ring.current_id, **_fields(entry))
            batch.append(entry)
            if len(batch) >= 2000:
                raw.bulk_update(batch, ["prev_hash", "key_id", "hash"])
                batch = []
        raw.bulk_update(batch, ["prev_hash", "key_id", "hash"])
        if head is not None and (head.seq, head.hash) != (count, prev_old):
            raise ValueError("the unkeyed log's head does not match its last entry: report it, do not rechain")
        AuditHead.objects.update_or_create(id=1, defaults={"seq": count, "hash": prev_new})
        record(
            actor=actor,
            action="core.audit.rechained",
            data={"entries": count, "unkeyed_head": old_head, "key_id": ring.current_id},
        )
    return count


def record_restore(*, actor, backup_seq: int, anchor_seq: int, anchor_hash: str, backup: str) -> AuditEntry:
    """After restoring a backup older than the last checkpoint: continue the log after that
    checkpoint and record which entries were lost, so that verify reports the gap as a known
    loss (a notice) instead of tampering."""
    with transaction.atomic():
        AuditHead.objects.update_or_create(id=1, defaults={"seq": anchor_seq, "hash": anchor_hash})
        return record(
            actor=actor,
            action=RESTORED,
            data={"lost_from": backup_seq + 1, "lost_to": anchor_seq, "anchor_hash": anchor_hash, "backup": backup},
        )


def entries_for(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk))
    )
