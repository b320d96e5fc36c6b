"""OUT-01: an officer's share of granted decisions for a kind of case deviates from the team's.

Per team and kind of case, the officer's decisions (granted or partly granted against the
rest) are held against those of the rest of the team in Fisher's exact test. Only officers
with enough decisions are tested, the difference must be large enough to matter, and the
p-value is corrected (Bonferroni) for every (officer, kind) tested. The decision counts for
the officer the case is assigned to, the author of the decision.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import Signal
from .state import GRANTED
from .stats import fisher, score


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["OUT-01"]
    tally: dict[tuple[int, int, int], list[int]] = {}  # (team, kind, officer) -> [decisions, granted]
    for i in range(len(act.case_ids)):
        code = act.case_outcome[i]
        if code < 0 or not act.case_known[i]:
            continue
        cell = tally.setdefault((act.case_team[i], act.case_kind[i], act.case_assignee[i]), [0, 0])
        cell[0] += 1
        cell[1] += code in GRANTED
    totals: dict[tuple[int, int], list[int]] = {}
    for (t, k, _o), (n, g) in tally.items():
        tot = totals.setdefault((t, k), [0, 0])
        tot[0] += n
        tot[1] += g
    tested = []
    for (t, k, o), (n, g) in tally.items():
        big_n, big_g = totals[(t, k)]
        rest_n, rest_g = big_n - n, big_g - g
        if n >= c["min_decisions"] and rest_n >= c["min_team_decisions"]:
            tested.append((t, k, o, n, g, rest_n, rest_g))
    tests = max(1, len(tested))
    out = []
    for t, k, o, n, g, rest_n, rest_g in tested:
        share, rest = g / n, rest_g / rest_n
        if abs(share - rest) < c["min_difference"]:
            continue
        p = fisher(g, n - g, rest_g, rest_n - rest_g)
        if p * tests > c["alpha"]:
            continue
        out.append(
            Signal(
                "OUT-01",
                act.officer_ids[o],
                None,
                score(p),
                _(
                    "Kind %(kind)s: granted %(g)s of %(n)s decisions (%(share).0f%%); the rest of team %(team)s "
                    "granted %(rg)s of %(rn)s (%(rest).0f%%). Fisher's exact test, two-sided: p = %(p).2g; "
                    "%(tests)s officer-kind pairs tested (at least %(min)s decisions each), so p x tests = %(pt).2g "
                    "(threshold %(alpha)s; minimum difference %(diff).0f points)."
                )
                % {
                    "kind": act.kinds[k],
                    "g": g,
                    "n": n,
                    "share": share * 100,
                    "team": act.teams[t],
                    "rg": rest_g,
                    "rn": rest_n,
                    "rest": rest * 100,
                    "p": p,
                    "tests": tests,
                    "min": c["min_decisions"],
                    "pt": p * tests,
                    "alpha": c["alpha"],
                    "diff": c["min_difference"] * 100,
                },
                [],
                {
                    "kind": act.kinds[k],
                    "decisions": n,
                    "granted": g,
                    "team_decisions": rest_n,
                    "team_granted": rest_g,
                    "test": "fisher_exact",
                    "p": p,
                    "tests": tests,
                },
                act.teams[t],
            )
        )
    return out
