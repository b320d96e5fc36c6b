"""Run every signal over a stream of activity records, from an export or from Loket itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import acc01, asg01, con01, four02, hrs01, out01, sig01
from .base import Signal
from .reader import ReadStats, _DecodeError, _loads, _reason, is_plain_event
from .state import Activity, OrderError

SIGNALS = {
    "ACC-01": acc01.compute,
    "ASG-01": asg01.compute,
    "OUT-01": out01.compute,
    "FOUR-02": four02.compute,
    "HRS-01": hrs01.compute,
    "SIG-01": sig01.compute,
    "CON-01": con01.compute,
}


def aggregate(numbered: Iterable[tuple[int, dict]], cfg: dict, stats: ReadStats | None = None) -> Activity:
    """Feed (line number, record) pairs into one Activity; a record that cannot be used is a bad line."""
    act = Activity(cfg)
    add = act.add
    for number, rec in numbered:
        try:
            add(rec, number)
        except OrderError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            if stats is None:
                raise
            stats.records -= 1
            stats.reject(number, f"{rec.get('type')}: {exc}"[:200])
    act.finish()
    return act


def evaluate(act: Activity, cfg: dict) -> list[Signal]:
    found: list[Signal] = []
    for compute in SIGNALS.values():
        found.extend(compute(act, cfg))
    return found


def run_lines(
    lines: Iterable[bytes | str],
    cfg: dict,
    progress: Callable[[ReadStats], None] | None = None,
    every: int = 1_000_000,
    on_bad: Callable | None = None,
) -> tuple[list[Signal], ReadStats]:
    """Every signal over the lines of an export; bad lines are counted in the returned stats.

    The same checks as :func:`reader.records` feeding :func:`aggregate`, in one loop: an
    ordinary event (nineteen lines in twenty) passes the quick test (:func:`reader.is_plain_event`) and
    goes straight to the aggregate. A year of a large service is twenty million of them, and a generator, a
    dispatch and two calls per line were a third of the time."""
    stats = ReadStats(on_bad=on_bad)
    act = Activity(cfg)
    event, add, loads, decode_errors = act.event, act.add, _loads, (_DecodeError, UnicodeDecodeError)
    is_plain = is_plain_event
    number = 0
    countdown = every
    good = 0
    for number, line in enumerate(lines, start=1):
        countdown -= 1
        if not countdown:
            countdown = every
            if progress is not None:
                stats.lines, stats.records = number, good
                progress(stats)
        try:
            rec = loads(line)
        except decode_errors as exc:
            if len(line) < 3 and not line.strip():
                continue
            stats.reject(number, f"not valid JSON: {str(exc)[:80]}")
            continue
        if is_plain(rec):
            try:
                event(rec, number)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                stats.reject(number, f"event: {exc}"[:200])
                continue
            good += 1
            continue
        reason = _reason(rec)
        if reason is not None:
            stats.reject(number, reason)
            continue
        try:
            add(rec, number)
        except OrderError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            stats.reject(number, f"{rec.get('type')}: {exc}"[:200])
            continue
        good += 1
    stats.lines, stats.records = number, good
    act.finish()
    return evaluate(act, cfg), stats


def run_records(recs: Iterable[dict], cfg: dict) -> list[Signal]:
    """Every signal over records made in memory (Loket's own data, through the adapter)."""
    act = aggregate(enumerate(recs, start=1), cfg)
    return evaluate(act, cfg)
