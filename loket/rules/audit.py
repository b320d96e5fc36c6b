"""The re-audit of past decisions (her-toetsing): millions of cases, memory flat.

The input is read in blocks of whole lines; each block goes to a worker process, which
parses and judges its cases and sends back the finished output lines, the rule counts and
the rows for the HTML list of blocked cases. The main process keeps at most a few blocks
in flight and writes results in input order, so memory does not grow with the input and
the output is the same whatever the number of workers.

A bad line (not JSON, or facts that cannot be judged) does not stop the run: it becomes an
output line ``{"ref": …, "error": "field: reason", "line": n}`` in its place, and is also
written to stderr with its line number.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _

from loket.core import safejson
from loket.core.deadlines import CalendarRangeError

from .engine import evaluate
from .facts import CaseFacts, CaseFormatError, parse_case

BLOCK_BYTES = 1 << 20  # one task: about a megabyte of input lines
IN_FLIGHT_PER_WORKER = 3
NOT_UTF8 = "\x00not utf-8"

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_string = json.encoder.encode_basestring  # a JSON string literal, as json.dumps(ensure_ascii=False) writes it


@dataclass
class BlockResult:
    """What a worker sends back for one block of lines."""

    output: str = ""
    cases: int = 0
    bad: list[tuple[int, str | None, str]] = field(default_factory=list)  # (line, ref, reason)
    counts: Counter = field(default_factory=Counter)  # (rule, outcome) -> cases
    blocked: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # ref, [(rule, message)]


def _judge(case: CaseFacts, result: BlockResult, language: str) -> str:
    violations = evaluate(case, language=language)
    result.cases += 1
    seen, blocked = set(), []
    for v in violations:
        if (v.rule, v.outcome) not in seen:
            seen.add((v.rule, v.outcome))
            result.counts[(v.rule, v.outcome)] += 1
        if v.outcome == "block":
            blocked.append((v.rule, v.message))
    if blocked:
        result.blocked.append((case.ref, blocked))
    if not violations:
        return f'{{"ref": {_string(case.ref)}, "violations": []}}'
    # The same JSON as json.dumps would write, with only the free text escaped: rule ids and
    # outcomes are the catalogue's own ASCII constants. This line runs a million times.
    items = ", ".join(
        f'{{"rule": "{v.rule}", "outcome": "{v.outcome}", "message": {_string(v.message)}}}' for v in violations
    )
    return f'{{"ref": {_string(case.ref)}, "violations": [{items}]}}'


def _error_line(result: BlockResult, lineno: int, ref, reason: str) -> str:
    ref = ref if isinstance(ref, str) else None
    result.bad.append((lineno, ref, reason))
    return _dumps({"ref": ref, "error": reason, "line": lineno})


def audit_lines(lines: Iterable[str], first_lineno: int, language: str) -> BlockResult:
    """Judge one block of JSONL lines; line numbers count from ``first_lineno``."""
    result, out = BlockResult(), []
    loads = safejson.loads
    with translation.override(language):
        for lineno, line in enumerate(lines, first_lineno):
            if not line.strip():
                continue
            try:
                obj = loads(line)
            except ValueError as exc:
                reason = _("not valid UTF-8") if line == NOT_UTF8 else f"JSON: {exc}"
                out.append(_error_line(result, lineno, None, reason))
                continue
            try:
                case = parse_case(obj)
            except CaseFormatError as exc:
                out.append(_error_line(result, lineno, obj.get("ref") if isinstance(obj, dict) else None, str(exc)))
                continue
            try:
                out.append(_judge(case, result, language))
            except CalendarRangeError as exc:  # a date so late that its deadlines pass 9999
                out.append(_error_line(result, lineno, case.ref, str(exc)))
    result.output = "\n".join(out) + "\n" if out else ""
    return result


def _audit_block(task: tuple[int, bytes, str]) -> BlockResult:
    first_lineno, data, language = task
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:  # find the bad lines one by one
        lines = [raw.decode("utf-8", errors="replace") for raw in data.split(b"\n")]
        for i, raw in enumerate(data.split(b"\n")):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                lines[i] = NOT_UTF8  # reported as a bad line below
    if lines and lines[-1] == "":
        lines.pop()
    return audit_lines(lines, first_lineno, language)


def read_blocks(stream: IO[bytes], language: str, size: int = BLOCK_BYTES):
    """(first line number, bytes of whole lines, language) blocks of a binary stream."""
    lineno, rest = 1, b""
    while True:
        chunk = stream.read(size)
        if not chunk:
            break
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            continue
        block, rest = data[:cut], data[cut:]
        yield lineno, block, language
        lineno += block.count(b"\n")
    if rest:
        yield lineno, rest + b"\n", language


@dataclass
class AuditTotals:
    cases: int = 0
    bad: int = 0
    counts: Counter = field(default_factory=Counter)
    blocked_cases: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return (self.cases + self.bad) / self.seconds if self.seconds else 0.0


class Progress:
    """Count, rate and bad lines on stderr, at most once a second, and each bad line."""

    def __init__(self, stream: IO[str] | None, every: float = 1.0, max_bad_shown: int = 100):
        self.stream, self.every, self.max_bad_shown = stream, every, max_bad_shown
        self.started = self.last = time.monotonic()
        self.bad_shown = 0

    def bad_line(self, lineno: int, reason: str) -> None:
        if self.stream is None:
            return
        self.bad_shown += 1
        if self.bad_shown <= self.max_bad_shown:
            self.stream.write(f"line {lineno}: {reason}\n")
        elif self.bad_shown == self.max_bad_shown + 1:
            self.stream.write("(further bad lines only in the output file)\n")

    def tick(self, totals: AuditTotals, final: bool = False) -> None:
        now = time.monotonic()
        if self.stream is None or (not final and now - self.last < self.every):
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        done = totals.cases + totals.bad
        self.stream.write(
            f"{'done: ' if final else ''}{done:,} lines, {done / elapsed:,.0f}/s, "
            f"{totals.bad:,} bad, {totals.blocked_cases:,} with a blocking violation\n"
        )
        self.stream.flush()


def _run(tasks, workers: int):
    """Results of ``_audit_block`` over ``tasks``, in order, with a bounded number in flight."""
    if workers <= 1:
        for task in tasks:
            yield _audit_block(task)
        return
    from django.db import connections

    from loket.core import deadlines as calendar

    calendar._equated_days()  # load the calendar once, before the workers fork: they never query
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        connections.close_all()  # and hold no copy of an open database connection
    ctx = multiprocessing.get_context("fork")
    pending: deque = deque()
    with ctx.Pool(workers) as pool:
        for task in tasks:
            pending.append(pool.apply_async(_audit_block, (task,)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def audit_stream(
    stream: IO[bytes],
    out: IO[str],
    *,
    language: str = "nl",
    workers: int = 1,
    progress: Progress | None = None,
    on_blocked: Callable | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> AuditTotals:
    """Audit a JSONL byte stream into ``out``; ``on_blocked(ref, [(rule, message)])`` sees
    every case with a blocking violation, in input order."""
    totals, started = AuditTotals(), time.monotonic()
    progress = progress or Progress(None)
    for result in _run(read_blocks(stream, language, block_bytes), workers):
        out.write(result.output)
        totals.cases += result.cases
        totals.bad += len(result.bad)
        totals.counts.update(result.counts)
        totals.blocked_cases += len(result.blocked)
        for lineno, _ref, reason in result.bad:
            progress.bad_line(lineno, reason)
        if on_blocked is not None:
            for ref, blocked in result.blocked:
                on_blocked(ref, blocked)
        totals.seconds = time.monotonic() - started
        progress.tick(totals)
    totals.seconds = time.monotonic() - started
    progress.tick(totals, final=True)
    return totals


def audit_facts(
    cases: Iterable[CaseFacts],
    out: IO[str],
    *,
    language: str = "nl",
    progress: Progress | None = None,
    on_blocked: Callable | None = None,
) -> AuditTotals:
    """Audit cases that are already facts (the decisions in the database), in one process."""
    totals, started = AuditTotals(), time.monotonic()
    progress = progress or Progress(None)
    result = BlockResult()
    with translation.override(language):
        for case in cases:
            out.write(_judge(case, result, language) + "\n")
            for ref, blocked in result.blocked:
                if on_blocked is not None:
                    on_blocked(ref, blocked)
            totals.blocked_cases += len(result.blocked)
            result.blocked.clear()
            totals.cases = result.cases
            totals.seconds = time.monotonic() - started
            progress.tick(totals)
    totals.counts = result.counts
    totals.seconds = time.monotonic() - started
    progress.tick(totals, final=True)
    return totals


def default_workers() -> int:
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))
