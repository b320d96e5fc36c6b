"""Signed checkpoints of the audit log, kept where the database's users cannot reach.

Every hour (``loket audit checkpoint`` from cron, or the task in :mod:`loket.core.tasks`)
the newest entry's number and keyed hash, the count of entries and the time are signed with
the Ed25519 signing key and appended as one JSON line to ``checkpoints.jsonl`` in
``AUDIT_CHECKPOINT_DIR`` (opened O_APPEND; in production a volume of its own made
append-only with ``chattr +a``), and mailed to the integrity officers. ``loket audit
verify`` holds the log against every checkpoint: an entry a checkpoint signed that is gone
(truncation, a deleted log) or different (a rewritten, recomputed chain) is found, however
consistent the database looks on its own.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from .audit import GENESIS, Findings, Problem, _entries, _fields, digest
from .audit_keys import AuditKeyError, key_id, keys
from .audit_models import AuditHead

log = logging.getLogger("loket.audit")
FILE = "checkpoints.jsonl"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    count: int
    at: datetime
    line: str  # as written and signed

    def __str__(self):
        return f"checkpoint of {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


@dataclass
class Read:
    valid: list[Checkpoint] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _message(body: dict) -> bytes:
    return json.dumps({k: v for k, v in body.items() if k != "sig"}, sort_keys=True, separators=(",", ":")).encode()


def _parse(line: str, trusted: dict[str, VerifyKey]) -> Checkpoint:
    body = json.loads(line)
    signer = trusted.get(body.get("signer"))
    if signer is None:
        raise ValueError("it is signed by a key the integrity officer does not trust")
    try:
        signer.verify(_message(body), bytes.fromhex(body["sig"]))
    except (BadSignatureError, ValueError, KeyError):
        raise ValueError("its signature does not verify") from None
    return Checkpoint(
        seq=int(body["seq"]),
        hash=str(body["hash"]),
        count=int(body["count"]),
        at=datetime.fromisoformat(body["at"]),
        line=line,
    )


def read_all(extra=(), verify_keys=None) -> Read:
    """Every checkpoint in the checkpoint folder and in ``extra`` files; a line that is not
    a checkpoint signed by a trusted key is a forgery (the file is append-only)."""
    given = [VerifyKey(bytes.fromhex(k)) for k in verify_keys] if verify_keys else keys().trusted
    trusted = {key_id(bytes(k)): k for k in given}
    out = Read()
    folder = Path(settings.AUDIT_CHECKPOINT_DIR)
    paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    seen = set()
    for path in [*paths, *map(Path, extra)]:
        out.files.append(path)
        if not path.is_file():
            raise ValueError(f"{path}: no such checkpoint file")
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    cp = _parse(line, trusted)
                except (ValueError, TypeError, AttributeError) as exc:
                    reason = exc if isinstance(exc, ValueError) and "sign" in str(exc) else "it is not a checkpoint"
                    out.problems.append(Problem(0, "forged checkpoint", f"line {number} of {path}: {reason}"))
                    continue
                if cp.line not in seen:
                    seen.add(cp.line)
                    out.valid.append(cp)
    out.valid.sort(key=lambda c: (c.seq, c.at))
    return out


def _inside(gaps, seq) -> tuple[int, int] | None:
    return next((g for g in gaps if g[0] <= seq <= g[1]), None)


def hold_against(findings: Findings, read: Read) -> None:
    """Add to ``findings`` what the checkpoints say about the walked log."""
    findings.problems.extend(read.problems)
    findings.checkpoints = len(read.valid)
    complete = not any(p.kind != "forged checkpoint" for p in findings.problems)
    truncated, differs = None, None
    for cp in read.valid:
        if cp.seq == 0:
            continue
        gap = _inside(findings.gaps, cp.seq)
        if gap and cp.seq < gap[1]:
            findings.notices.append(f"the {cp} named entry {cp.seq}, lost in the recorded restore")
            continue
        if cp.seq > findings.last_seq:
            if complete:
                truncated = cp
            continue
        walked = findings.hashes.get(cp.seq)
        if walked is not None and (
            not hmac.compare_digest(walked, cp.hash) or findings.counts.get(cp.seq, cp.count) != cp.count
        ):
            differs = differs or cp
    if differs:
        findings.problems.append(
            Problem(
                differs.seq,
                "recomputed",
                f"it is not the entry the {differs} signed: "
                "the log was rewritten up to there and its hashes recomputed",
            )
        )
    if truncated:
        last = findings.last_seq
        findings.problems.append(
            Problem(
                last + 1,
                "truncated",
                (
                    f"the log ends at entry {last}, but the {truncated} names {truncated.seq} entries: entries "
                    "were removed and the head rewound (or a backup older than that checkpoint was restored "
                    "without `loket restore` recording it)"
                )
                if last
                else (f"the log is empty, but the {truncated} names {truncated.seq} entries: the log was deleted"),
            )
        )
    if not read.valid and findings.last_seq:
        findings.notices.append(
            f"no checkpoints in {settings.AUDIT_CHECKPOINT_DIR}: removing the newest entries "
            "cannot be found; run `loket audit checkpoint` hourly"
        )
    elif read.valid and timezone.now() - max(c.at for c in read.valid) > timedelta(hours=2):
        findings.notices.append(
            f"the newest checkpoint is of {timezone.localtime(max(c.at for c in read.valid)):%Y-%m-%d %H:%M}: "
            "checkpoints should be written hourly"
        )


class CheckpointError(Exception):
    """The log does not continue the last checkpoint: no new checkpoint is signed."""


def _continue(last: Checkpoint | None, head_seq: int, head_hash: str) -> int:
    """Check the entries written since ``last`` and return the new count; never sign a
    checkpoint over a log that was changed behind the last one."""
    ring = keys()
    seq, prev, count = (last.seq, last.hash, last.count) if last else (0, GENESIS, 0)
    if head_seq < seq:
        raise CheckpointError(f"the log ends at {head_seq}, before the last checkpoint's {seq}")
    first = True
    for entry in _entries_after(seq, head_seq):
        key = ring.chain.get(entry.key_id)
        genuine = key is not None and digest(key, key_id=entry.key_id, **_fields(entry)) == entry.hash
        if first and entry.seq == seq:
            if entry.hash != prev or not genuine:
                raise CheckpointError(f"entry {seq} is not the one the last checkpoint signed")
            first = False
            continue
        first = False
        if entry.seq != seq + 1 or entry.prev_hash != prev or not genuine:
            raise CheckpointError(f"entry {entry.seq} does not continue the chain; run `loket audit verify`")
        seq, prev, count = entry.seq, entry.hash, count + 1
    if seq != head_seq or prev != head_hash:
        raise CheckpointError("the log's head does not match its newest entry; run `loket audit verify`")
    return count


def _entries_after(seq: int, upto: int):
    for entry in _entries(start=max(seq - 1, 0)):
        if entry.seq > upto:
            return
        yield entry


def last_checkpoint() -> Checkpoint | None:
    read = read_all()
    return max(read.valid, key=lambda c: (c.at, c.seq)) if read.valid else None


def write(*, mail: bool = True) -> Checkpoint:
    """Sign and append a checkpoint of the log as it is now; mail it to the integrity officers."""
    ring = keys()
    if ring.signing is None:
        raise AuditKeyError(
            "no checkpoint signing key on this machine (LOKET_AUDIT_SIGNING_KEY or "
            f"checkpoint-signing.key in {settings.AUDIT_KEY_DIR})"
        )
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    count = _continue(last_checkpoint(), head_seq, head_hash)
    body = {
        "v": 1,
        "seq": head_seq,
        "hash": head_hash,
        "count": count,
        "at": timezone.now().isoformat(timespec="seconds"),
        "key_id": ring.current_id,
        "signer": key_id(bytes(ring.signing.verify_key)),
    }
    body["sig"] = ring.signing.sign(_message(body)).signature.hex()
    line = json.dumps(body, sort_keys=True, separators=(",", ":"))
    folder = Path(settings.AUDIT_CHECKPOINT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    checkpoint = _parse(line, {body["signer"]: ring.signing.verify_key})
    if mail:
        _mail(checkpoint, ring.signing.verify_key)
    return checkpoint


def officers_addresses() -> list[str]:
    from django.contrib.auth import get_user_model

    from .roles import Role

    users = get_user_model().objects.filter(groups__name=Role.INTEGRITY_OFFICER, is_active=True).exclude(email="")
    return sorted({*users.values_list("email", flat=True), *settings.AUDIT_CHECKPOINT_MAIL})


def _mail(cp: Checkpoint, verify_key: VerifyKey) -> None:
    to = officers_addresses()
    if not to:
        log.warning("audit checkpoint %s: no integrity officer with an e-mail address to send it to", cp.seq)
        return
    body = (
        f"Loket audit log checkpoint: entry {cp.seq}, {cp.count} entries, {cp.at.isoformat()}.\n\n"
        "Keep this line. To check the log independently, save it in a file and run\n"
        f"  loket audit verify --checkpoints FILE --verify-key {bytes(verify_key).hex()}\n\n{cp.line}\n"
    )
    try:
        send_mail(f"Loket audit checkpoint {cp.seq}", body, None, to)
    except Exception:  # the file holds the checkpoint; a mail server down must not lose it
        log.exception("audit checkpoint %s: could not mail it to the integrity officers", cp.seq)
