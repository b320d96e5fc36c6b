"""SIG-01: a decision signed by someone other than its signatory, or by a signatory who was absent.

"On behalf of" another officer needs a mandate from the register that covers that day (and,
where the register names them, the kind of case);
a signature on a day the signer was recorded absent means someone else used their session.
One signal per signer and reason, with every decision as evidence.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, Signal


def compute(act, cfg: dict) -> list[Signal]:
    mandates: dict[tuple[int, int], list[tuple[int, int, frozenset | None]]] = {}
    for signer, principal, start, until, kinds in act.mandates:
        mandates.setdefault((signer, principal), []).append((start, until, kinds))
    groups: dict[tuple[int, str, int], list[tuple[str, int]]] = {}
    for actor, principal, day, case in zip(act.sign_actor, act.sign_for, act.sign_day, act.sign_case):
        kind = act.kinds[act.case_kind[case]] if act.case_kind[case] >= 0 else None
        covered = any(
            s <= day <= u and (kinds is None or kind in kinds) for s, u, kinds in mandates.get((actor, principal), ())
        )
        if principal != actor and not covered:
            groups.setdefault((actor, "no_mandate", principal), []).append((act.case_ids[case], day))
        if any(s <= day <= u for s, u in act.absences.get(actor, ())):
            groups.setdefault((actor, "absent", actor), []).append((act.case_ids[case], day))
    out = []
    for (actor, reason, principal), items in groups.items():
        cases = sorted({c for c, _d in items})
        first = date.fromordinal(min(d for _c, d in items)).isoformat()
        if reason == "no_mandate":
            text = _(
                "Signed %(n)s decision(s) in the name of %(principal)s, from %(first)s, without a mandate in the "
                "register for that day."
            ) % {"n": len(cases), "principal": act.officer_ids[principal], "first": first}
        else:
            text = _(
                "%(n)s decision(s) were signed in the session of this officer on days they were recorded "
                "absent (first on %(first)s)."
            ) % {"n": len(cases), "first": first}
        out.append(
            Signal(
                "SIG-01",
                act.officer_ids[actor],
                cases[0] if len(cases) == 1 else None,
                float(len(cases)),
                text,
                cases[:MAX_EVIDENCE],
                {"reason": reason, "decisions": len(cases), "in_name_of": act.officer_ids[principal]},
                act.team_name(actor),
            )
        )
    return out
