"""Run every signal over a stream of activity records, from an export or from Loket itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import acc01, asg01, con01, four02, hrs01, out01, sig01
from .base import Signal
from .reader import ReadStats, records
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
    """Every signal over the lines of an export; bad lines are counted in the returned stats."""
    stats = ReadStats(on_bad=on_bad)
    act = aggregate(records(lines, stats, progress, every), cfg, stats)
    return evaluate(act, cfg), stats


def run_records(recs: Iterable[dict], cfg: dict) -> list[Signal]:
    """Every signal over records made in memory (Loket's own data, through the adapter)."""
    act = aggregate(enumerate(recs, start=1), cfg)
    return evaluate(act, cfg)
