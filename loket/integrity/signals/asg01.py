"""ASG-01: one representative's, phone number's, e-mail address's or IBAN's cases concentrated on one officer.

Within one team, each case lands with an officer with a probability equal to that officer's
share of the team's cases (part-timers get fewer). Counting distinct clients (one client's
follow-up cases may rightly stay together), the chance of an officer getting k or more of
the subject's n clients is a binomial tail; the test is corrected (Bonferroni) for every
(subject, officer) pair that could have been tested.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, SUBJECT_KINDS, Signal
from .stats import binom_tail, score


def _shares(act) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    per_team: dict[int, int] = {}
    per_officer: dict[tuple[int, int], int] = {}
    for i in range(len(act.case_ids)):
        if act.case_known[i]:
            t, o = act.case_team[i], act.case_assignee[i]
            per_team[t] = per_team.get(t, 0) + 1
            per_officer[(t, o)] = per_officer.get((t, o), 0) + 1
    return per_team, per_officer


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["ASG-01"]
    per_team, per_officer = _shares(act)
    team_size = {}
    for t, _o in per_officer:
        team_size[t] = team_size.get(t, 0) + 1
    candidates = []  # (subject key, team, officer, k, n, cases)
    tests = 0
    for key, cases in act.subjects.items():
        if not isinstance(cases, list) or len(cases) < c["min_cases"]:
            continue
        groups: dict[int, dict[int, set[int]]] = {}
        clients: dict[int, set[int]] = {}
        for i in cases:
            if not act.case_known[i]:
                continue
            t, o = act.case_team[i], act.case_assignee[i]
            groups.setdefault(t, {}).setdefault(o, set()).add(act.case_client[i])
            clients.setdefault(t, set()).add(act.case_client[i])
        for t, by_officer in groups.items():
            n = len(clients[t])
            if n < c["min_cases"]:
                continue
            tests += team_size.get(t, 1)
            for o, cl in by_officer.items():
                if len(cl) >= c["min_cases"]:
                    candidates.append((key, t, o, len(cl), n))
    out = []
    tests = max(tests, 1)
    for key, t, o, k, n in candidates:
        share = per_officer[(t, o)] / per_team[t]
        p = binom_tail(k, n, share)
        if p * tests > c["alpha"]:
            continue
        kind, _sep, value = key.partition(":")
        cases = act.subjects[key]
        mine = sorted(act.case_ids[i] for i in cases if act.case_assignee[i] == o and act.case_team[i] == t)
        manual = sum(1 for i in cases if act.case_assignee[i] == o and act.case_manual[i])
        out.append(
            Signal(
                "ASG-01",
                act.officer_ids[o],
                value,
                score(p),
                _(
                    "%(k)s of the %(n)s clients with %(kind)s %(value)s in team %(team)s are with this officer, "
                    "who has %(share).1f%% of the team's cases (%(manual)s of them assigned by hand). "
                    "Binomial tail p = %(p).2g; %(tests)s pairs tested, so p x tests = %(pt).2g (threshold %(alpha)s)."
                )
                % {
                    "k": k,
                    "n": n,
                    "kind": SUBJECT_KINDS[kind],
                    "value": value,
                    "team": act.teams[t],
                    "share": share * 100,
                    "manual": manual,
                    "p": p,
                    "tests": tests,
                    "pt": p * tests,
                    "alpha": c["alpha"],
                },
                mine[:MAX_EVIDENCE],
                {
                    "kind": kind,
                    "clients_with_officer": k,
                    "clients_in_team": n,
                    "officer_share": share,
                    "assigned_by_hand": manual,
                    "p": p,
                    "tests": tests,
                },
                act.teams[t],
            )
        )
    return out
