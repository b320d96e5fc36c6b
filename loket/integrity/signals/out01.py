"""OUT-01: an officer's share of granted decisions deviates from the team's beyond chance.

Two tests, one family (the family-wise ``alpha`` is split between them, Bonferroni):

- per kind of case: the officer's decisions of that kind (granted or partly granted against
  the rest) against those of the rest of the team, Fisher's exact test, corrected for every
  (officer, kind) tested; it finds an officer who favours (or refuses) one kind of case;
- over all the kinds the officer decides: the same comparison in each kind, combined by the
  Cochran-Mantel-Haenszel test (each kind a stratum, because kinds are granted at different
  rates), corrected for every officer tested. The documented failure, an official who
  helps applicants for payment, shows in every kind they decide, and an officer who works
  part-time, or across several kinds, rarely has enough decisions of one kind to test: one
  test over their whole caseload has the power that a test per kind spreads thin.

Only officers with enough decisions are tested (per kind, or in all), the difference must be
large enough to matter, and the figures of the test are shown. The decision counts for the
officer the case is assigned to, the author of the decision.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import Signal
from .state import GRANTED
from .stats import cmh, fisher, score


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["OUT-01"]
    tally, totals = _tally(act)
    per_kind = _per_kind(act, c, tally, totals)
    flagged = {s.officer for s in per_kind}
    return per_kind + [s for s in _all_kinds(act, c, tally, totals) if s.officer not in flagged]


def _tally(act):
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
    return tally, totals


def _per_kind(act, c, tally, totals) -> list[Signal]:
    tested = []
    for (t, k, o), (n, g) in tally.items():
        big_n, big_g = totals[(t, k)]
        rest_n, rest_g = big_n - n, big_g - g
        if n >= c["min_decisions"] and rest_n >= c["min_team_decisions"]:
            tested.append((t, k, o, n, g, rest_n, rest_g))
    tests = max(1, len(tested))
    alpha = c["alpha"] / 2  # half of the family-wise alpha per kind, half over all kinds
    out = []
    for t, k, o, n, g, rest_n, rest_g in tested:
        share, rest = g / n, rest_g / rest_n
        if abs(share - rest) < c["min_difference"]:
            continue
        p = fisher(g, n - g, rest_g, rest_n - rest_g)
        if p * tests > alpha:
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
                    "alpha": alpha,
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


def _all_kinds(act, c, tally, totals) -> list[Signal]:
    """One stratified test per officer over every kind they decide (see the module's text)."""
    strata: dict[tuple[int, int], list[tuple[int, int, int, int, int]]] = {}  # (team, officer) -> per kind
    for (t, k, o), (n, g) in tally.items():
        big_n, big_g = totals[(t, k)]
        if big_n - n > 0:
            strata.setdefault((t, o), []).append((k, n, g, big_n - n, big_g - g))
    tested = []
    for (t, o), rows in strata.items():
        n = sum(r[1] for r in rows)
        if n >= c["min_decisions"] and sum(r[3] for r in rows) >= c["min_team_decisions"]:
            tested.append((t, o, rows))
    tests = max(1, len(tested))
    alpha = c["alpha"] / 2
    out = []
    for t, o, rows in tested:
        n, g = sum(r[1] for r in rows), sum(r[2] for r in rows)
        # what the officer would have granted at the rest of the team's rate in each kind
        expected = sum(r[1] * r[4] / r[3] for r in rows)
        if abs(g - expected) / n < c["min_difference"]:
            continue
        p, statistic = cmh([(r[2], r[1] - r[2], r[4], r[3] - r[4]) for r in rows])
        if p * tests > alpha:
            continue
        out.append(
            Signal(
                "OUT-01",
                act.officer_ids[o],
                None,
                score(p),
                _(
                    "All kinds together (%(kinds)s): granted %(g)s of %(n)s decisions (%(share).0f%%); at the rest "
                    "of team %(team)s's rate in each kind that would be %(e).0f (%(eshare).0f%%). Cochran-Mantel-"
                    "Haenszel test over the kinds: chi-squared %(chi).1f, p = %(p).2g; %(tests)s officers tested (at "
                    "least %(min)s decisions each), so p x tests = %(pt).2g (threshold %(alpha)s; minimum "
                    "difference %(diff).0f points)."
                )
                % {
                    "kinds": ", ".join(act.kinds[r[0]] for r in rows),
                    "g": g,
                    "n": n,
                    "share": 100 * g / n,
                    "team": act.teams[t],
                    "e": expected,
                    "eshare": 100 * expected / n,
                    "chi": statistic,
                    "p": p,
                    "tests": tests,
                    "min": c["min_decisions"],
                    "pt": p * tests,
                    "alpha": alpha,
                    "diff": c["min_difference"] * 100,
                },
                [],
                {
                    "kind": None,
                    "decisions": n,
                    "granted": g,
                    "expected_granted": round(expected, 1),
                    "per_kind": {
                        act.kinds[k]: {"decisions": kn, "granted": kg, "team_decisions": rn, "team_granted": rg}
                        for k, kn, kg, rn, rg in rows
                    },
                    "test": "cochran_mantel_haenszel",
                    "chi2": statistic,
                    "p": p,
                    "tests": tests,
                },
                act.teams[t],
            )
        )
    return out
