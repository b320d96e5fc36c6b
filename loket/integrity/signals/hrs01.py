"""HRS-01: bulk reads outside working hours.

A session is the off-hours of one evening and the night after it (weekends whole). It is
"bulk" when it has at least ``min_reads`` reads and ``factor`` times the officer's own
90th-percentile day: an officer on night shifts reads as much at night as others by day,
and is held against their own nights, not against the office's hours.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, Signal
from .stats import percentile

MASK = (1 << 21) - 1


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["HRS-01"]
    days: dict[int, list[int]] = {}
    for key, n in act.daily.items():
        days.setdefault(key & MASK, []).append(n)
    p90 = {o: percentile(v, 0.9) for o, v in days.items()}
    sessions: dict[int, list[tuple[int, int, list[int]]]] = {}
    for key, bucket in act.offhours.items():
        o, n = key & MASK, bucket[0]
        if n >= c["min_reads"] and n >= c["factor"] * p90[o]:
            sessions.setdefault(o, []).append((key >> 21, n, bucket[1:]))
    out = []
    for o, found in sessions.items():
        found.sort(key=lambda s: -s[1])
        dates = [date.fromordinal(d).isoformat() for d, _n, _l in found]
        lines = [line for _d, _n, ls in found for line in ls]
        out.append(
            Signal(
                "HRS-01",
                act.officer_ids[o],
                dates[0],
                round(found[0][1] / max(p90[o], 1), 1),
                _(
                    "%(sessions)s off-hours session(s) with bulk reads, the largest %(n)s reads in the evening and "
                    "night of %(date)s; this officer's 90th-percentile day has %(p90)s reads (thresholds: at least "
                    "%(min)s reads and %(factor)s times that day). Sessions: %(dates)s."
                )
                % {
                    "sessions": len(found),
                    "n": found[0][1],
                    "date": dates[0],
                    "p90": int(p90[o]),
                    "min": c["min_reads"],
                    "factor": c["factor"],
                    "dates": ", ".join(dates[:10]),
                },
                lines[:MAX_EVIDENCE],
                {"sessions": [[d, n] for d, (_x, n, _l) in zip(dates, found)], "p90_day": p90[o]},
                act.team_name(o),
            )
        )
    return out
