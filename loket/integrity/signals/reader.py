"""Reading an activity export (JSON Lines, issue 15 item 8) line by line, never all at once.

Each line is checked for the fields its ``type`` needs; a bad line is reported with its
number and reason and skipped, and reading goes on. Progress goes to a callback every
``every`` lines so that a run over twenty million lines shows that it is alive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

try:  # orjson parses the export about three times faster than the standard library
    import orjson

    _loads = orjson.loads
    _DecodeError = orjson.JSONDecodeError
except ImportError:  # pragma: no cover - orjson is in requirements.txt
    import json

    _loads = json.loads
    _DecodeError = ValueError

ACTIONS = frozenset({"read", "change", "break_glass", "assign", "approve", "sign"})
OUTCOMES = frozenset({"granted", "partly_granted", "rejected", "unfounded", "inadmissible", "revoked"})
REQUIRED = {
    "officer": ("id", "team"),
    "mandate": ("signatory", "for", "from"),
    "case": ("id", "kind", "team", "client", "assigned_to"),
    "event": ("at", "actor", "action", "case"),
}


@dataclass
class BadLine:
    number: int
    reason: str


@dataclass
class ReadStats:
    lines: int = 0
    records: int = 0
    bad: list[BadLine] = field(default_factory=list)
    bad_count: int = 0
    max_kept: int = 1000  # a file of nothing but bad lines must not fill memory
    on_bad: Callable[[BadLine], None] | None = None

    def reject(self, number: int, reason: str) -> None:
        self.bad_count += 1
        bad = BadLine(number, reason)
        if len(self.bad) < self.max_kept:
            self.bad.append(bad)
        if self.on_bad is not None:
            self.on_bad(bad)


def is_plain_event(rec) -> bool:
    """The quick test an ordinary event (nine lines in ten) passes: a read, change, … of a
    case by an actor at a time that looks like one. The rest take the slower path that
    names what is wrong (:func:`_reason`)."""
    if type(rec) is not dict or rec.get("type") != "event":
        return False
    at, actor, case = rec.get("at"), rec.get("actor"), rec.get("case")
    return (
        type(at) is str
        and len(at) >= 19
        and at[13] == ":"
        and at[10] == "T"
        and at[11:13].isdigit()
        and type(actor) is str
        and bool(actor)
        and type(case) is str
        and bool(case)
        and rec.get("action") in ACTIONS
        and rec.get("outcome", "granted") in OUTCOMES
    )


def _check(rec) -> str | None:
    """The reason a decoded line is not a usable record, or None."""
    return None if is_plain_event(rec) else _reason(rec)


def _reason(rec) -> str | None:
    if not isinstance(rec, dict):
        return "not a JSON object"
    kind = rec.get("type")
    needed = REQUIRED.get(kind)
    if needed is None:
        return f"unknown type {kind!r}"
    for name in needed:
        value = rec.get(name)
        if value is None or value == "":
            return f"{kind}: missing {name!r}"
        if not isinstance(value, (str, int)):
            return f"{kind}: {name!r} must be a string"
    if kind == "event":
        if rec["action"] not in ACTIONS:
            return f"event: unknown action {rec['action']!r}"
        at = rec["at"]
        if not isinstance(at, str) or len(at) < 19 or at[10] not in "T " or at[13] != ":" or not at[11:13].isdigit():
            return f"event: 'at' is not an ISO 8601 time: {str(at)[:40]!r}"
        outcome = rec.get("outcome")
        if outcome is not None and outcome not in OUTCOMES:
            return f"event: unknown outcome {outcome!r}"
    elif kind == "officer":
        absent = rec.get("absent") or []
        if not isinstance(absent, list) or not all(isinstance(p, list) and len(p) == 2 for p in absent):
            return "officer: 'absent' must be a list of [from, until] pairs"
    elif kind == "case" and rec.get("contact") is not None and not isinstance(rec["contact"], dict):
        return "case: 'contact' must be an object"
    return None


def records(
    lines: Iterable[bytes | str],
    stats: ReadStats,
    progress: Callable[[ReadStats], None] | None = None,
    every: int = 1_000_000,
) -> Iterator[tuple[int, dict]]:
    """Yield (line number, record) for each good line; count and keep the bad ones in ``stats``."""
    number = 0
    for number, line in enumerate(lines, start=1):
        if progress is not None and number % every == 0:
            stats.lines = number
            progress(stats)
        if len(line) < 3 and not line.strip():
            continue
        try:
            rec = _loads(line)
        except (_DecodeError, UnicodeDecodeError) as exc:
            stats.reject(number, f"not valid JSON: {str(exc)[:80]}")
            continue
        reason = _check(rec)
        if reason is not None:
            stats.reject(number, reason)
            continue
        stats.records += 1
        yield number, rec
    stats.lines = number
