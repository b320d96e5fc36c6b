"""ACC-01: an officer reads many cases that are not theirs, compared with the peers of their team.

"Not theirs": not assigned to them and not of their team. The count is of distinct cases in
the period. Peers differ in workload, so the comparison is on log(1 + count): the distance
from the median of the officer's team peers, in units of the service-wide robust spread of
those distances (1.4826 x MAD, floored). The spread is pooled because a team of five gives no
stable spread of its own, while teams differ in level (an objection team reads other teams'
decisions by trade). The count must also be unlikely under a Poisson law with the peers'
median as its mean (Bonferroni over all officers).
"""

from __future__ import annotations

import math
from statistics import median

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, Signal
from .stats import poisson_tail


def _distances(act, members) -> dict[int, tuple[int, float, float]]:
    """Officer -> (count, log distance from the team peers' median, the peers' median count)."""
    out = {}
    for officers in members.values():
        if len(officers) < 3:
            continue  # no peers to speak of
        counts = {o: len(act.foreign.get(o, ())) for o in officers}
        for o in officers:
            peers = [counts[p] for p in officers if p != o]
            med = median(peers)
            out[o] = (counts[o], math.log1p(counts[o]) - median(math.log1p(n) for n in peers), med)
    return out


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["ACC-01"]
    members = act.team_members()
    dist = _distances(act, members)
    tests = max(1, len(dist))
    devs = [d for _n, d, _m in dist.values()]
    centre = median(devs) if devs else 0.0
    spread = max(1.4826 * median(abs(d - centre) for d in devs) if devs else 0.0, c["min_spread"])
    out = []
    for o, (x, d, med) in dist.items():
        if x < c["min_cases"]:
            continue
        z = d / spread
        mu = max(med, 1.0)
        p = poisson_tail(x, mu)
        if z < c["robust_z"] or p * tests > c["alpha"]:
            continue
        team = act.officer_team[o]
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
                    "Robust z-score %(z)s against the team, with the service-wide spread (threshold %(zt)s); Poisson tail p = %(p).2g, "
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
