"""ACC-01: an officer reads many cases that are not theirs, compared with the peers of their team.

"Not theirs": not assigned to them and not of their team. The count is of distinct cases in
the period. Peers differ in workload, so the comparison is on log(1 + count) with the team's
median and a robust spread (1.4826 x MAD, floored), and the count must also be unlikely
under a Poisson law with the team's median as its mean (Bonferroni over all officers).
"""

from __future__ import annotations

import math
from statistics import median

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, Signal
from .stats import poisson_tail, robust_z


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["ACC-01"]
    members = act.team_members()
    tests = max(1, sum(len(m) for m in members.values()))
    out = []
    for team, officers in members.items():
        counts = {o: len(act.foreign.get(o, ())) for o in officers}
        logs = {o: math.log1p(n) for o, n in counts.items()}
        for o in officers:
            x = counts[o]
            if x < c["min_cases"] or len(officers) < 3:
                continue
            peers = [logs[p] for p in officers if p != o]
            z, _med, spread = robust_z(logs[o], peers, c["min_spread"])
            mu = max(median(counts[p] for p in officers if p != o), 1.0)
            p = poisson_tail(x, mu)
            if z < c["robust_z"] or p * tests > c["alpha"]:
                continue
            cases = sorted(act.case_ids[i] for i in act.foreign[o])
            glass = len(act.glass.get(o, set()) & act.foreign[o])
            out.append(
                Signal(
                    "ACC-01",
                    act.officer_ids[o],
                    None,
                    round(z, 2),
                    _(
                        "Read %(n)s cases that are neither assigned to them nor of their team "
                        "(%(glass)s by breaking the glass); their team's median is %(median)s. "
                        "Robust z-score %(z)s (threshold %(zt)s); Poisson tail p = %(p).2g, "
                        "%(tests)s officers tested, so p x tests = %(pt).2g (threshold %(alpha)s)."
                    )
                    % {
                        "n": x,
                        "glass": glass,
                        "median": round(mu, 1),
                        "z": round(z, 1),
                        "zt": c["robust_z"],
                        "p": p,
                        "tests": tests,
                        "pt": p * tests,
                        "alpha": c["alpha"],
                    },
                    cases[:MAX_EVIDENCE],
                    {
                        "cases": x,
                        "break_glass": glass,
                        "team_median": mu,
                        "z": z,
                        "spread": spread,
                        "p": p,
                        "tests": tests,
                    },
                    act.teams[team],
                )
            )
    return out
