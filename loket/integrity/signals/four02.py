"""FOUR-02: a second reader who approves within seconds, again and again; a pair who approve each other.

Fast: the share of a reader's approvals given within ``fast_seconds`` of being asked, held
against the service-wide share in a binomial tail (Bonferroni over readers). Pairs: how
often one reader approves an author's decisions, against the chance of that reader being
picked among the team's readers, each way (Bonferroni over pairs).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, Signal
from .stats import binom_tail, score


def _fast(act, c) -> list[Signal]:
    total: dict[int, int] = {}
    fast: dict[int, list[int]] = {}
    limit = c["fast_seconds"]
    for reader, seconds, line in zip(act.approve_reader, act.approve_seconds, act.approve_line):
        if seconds < 0:
            continue
        total[reader] = total.get(reader, 0) + 1
        if seconds <= limit:
            fast.setdefault(reader, []).append(line)
    all_total = sum(total.values())
    if not all_total:
        return []
    base = sum(len(v) for v in fast.values()) / all_total
    tests = max(1, len(total))
    out = []
    for reader, lines in fast.items():
        f, a = len(lines), total[reader]
        if f < c["min_fast"] or f / a < c["min_fast_share"]:
            continue
        p = binom_tail(f, a, base)
        if p * tests > c["alpha"]:
            continue
        out.append(
            Signal(
                "FOUR-02",
                act.officer_ids[reader],
                None,
                score(p),
                _(
                    "Approved %(f)s of %(a)s decisions within %(s)s seconds of being asked (%(share).0f%%); "
                    "across the service %(base).1f%% of approvals are that fast. Binomial tail p = %(p).2g; "
                    "%(tests)s readers tested, so p x tests = %(pt).2g (threshold %(alpha)s)."
                )
                % {
                    "f": f,
                    "a": a,
                    "s": limit,
                    "share": 100 * f / a,
                    "base": 100 * base,
                    "p": p,
                    "tests": tests,
                    "pt": p * tests,
                    "alpha": c["alpha"],
                },
                lines[:MAX_EVIDENCE],
                {"pattern": "fast", "fast": f, "approvals": a, "service_share": base, "p": p, "tests": tests},
                act.team_name(reader),
            )
        )
    return out


def _pairs(act, c) -> list[Signal]:
    pair: dict[tuple[int, int], list[int]] = {}  # (author, reader) -> line numbers
    by_author: dict[int, int] = {}
    readers_of_team: dict[int, set[int]] = {}
    for reader, case, line in zip(act.approve_reader, act.approve_case, act.approve_line):
        author = act.case_assignee[case]
        if author < 0 or author == reader:
            continue
        pair.setdefault((author, reader), []).append(line)
        by_author[author] = by_author.get(author, 0) + 1
        readers_of_team.setdefault(act.case_team[case], set()).add(reader)
    candidates = []
    for (a, b), lines in pair.items():
        if a < b and len(lines) >= c["pair_min"] and len(pair.get((b, a), ())) >= c["pair_min"]:
            candidates.append((a, b))
    tests = max(1, len(candidates))
    out = []
    for a, b in candidates:
        n_ab, n_ba = len(pair[(a, b)]), len(pair[(b, a)])
        s_ab, s_ba = n_ab / by_author[a], n_ba / by_author[b]
        if min(s_ab, s_ba) < c["pair_share"]:
            continue
        p_values = []
        for author, n, total in ((a, n_ab, by_author[a]), (b, n_ba, by_author[b])):
            readers = readers_of_team.get(act.officer_team[author], set()) - {author}
            chance = 1 / max(1, len(readers))
            p_values.append(binom_tail(n, total, chance))
        p = max(p_values)
        if p * tests > c["alpha"]:
            continue
        for me, other in ((a, b), (b, a)):
            out.append(
                Signal(
                    "FOUR-02",
                    act.officer_ids[me],
                    act.officer_ids[other],
                    score(p),
                    _(
                        "%(a)s and %(b)s approve each other: %(nab)s of %(ta)s approvals of %(a)s's decisions came "
                        "from %(b)s (%(sab).0f%%) and %(nba)s of %(tb)s the other way (%(sba).0f%%). Binomial tail "
                        "against the team's readers picked at random: p = %(p).2g; %(tests)s pairs tested, so "
                        "p x tests = %(pt).2g (threshold %(alpha)s)."
                    )
                    % {
                        "a": act.officer_ids[a],
                        "b": act.officer_ids[b],
                        "nab": n_ab,
                        "ta": by_author[a],
                        "sab": 100 * s_ab,
                        "nba": n_ba,
                        "tb": by_author[b],
                        "sba": 100 * s_ba,
                        "p": p,
                        "tests": tests,
                        "pt": p * tests,
                        "alpha": c["alpha"],
                    },
                    (pair[(a, b)] + pair[(b, a)])[:MAX_EVIDENCE],
                    {
                        "pattern": "pair",
                        "partner": act.officer_ids[other],
                        "each_way": [n_ab, n_ba],
                        "totals": [by_author[a], by_author[b]],
                        "p": p,
                        "tests": tests,
                    },
                    act.team_name(me),
                )
            )
    return out


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["FOUR-02"]
    return _fast(act, c) + _pairs(act, c)
