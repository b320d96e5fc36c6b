"""Write the signals: one JSON line each, and an HTML page beside them for a person to read."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.template.loader import render_to_string

from .base import Signal
from .config import SIGNAL_IDS
from .reader import ReadStats


def write_jsonl(signals: list[Signal], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for s in signals:
            fh.write(json.dumps(s.line(), ensure_ascii=False) + "\n")


def html_path(output: Path) -> Path:
    return output.with_name("SIGNALS.html")


def write_html(signals: list[Signal], stats: ReadStats | None, source: str, path: Path, cfg: dict) -> None:
    counts = Counter(s.signal for s in signals)
    context = {
        "source": source,
        "stats": stats,
        "counts": [(sid, counts.get(sid, 0), cfg[sid]) for sid in SIGNAL_IDS],
        "signals": sorted(signals, key=lambda s: (SIGNAL_IDS.index(s.signal), -s.score)),
    }
    path.write_text(render_to_string("integrity/signals_report.html", context), encoding="utf-8")
