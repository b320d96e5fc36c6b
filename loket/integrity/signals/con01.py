"""CON-01: one phone number, e-mail address or bank account across many unrelated clients' cases.

A household shares a phone; a lawyer's office number stands on all of the lawyer's clients.
So clients who have a representative count once per representative, and the signal needs
more such unrelated clients than a household has. It names no officer: the person behind
the number is outside the service.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import MAX_EVIDENCE, SUBJECT_KINDS, Signal
from .state import CONTACT_KINDS


def compute(act, cfg: dict) -> list[Signal]:
    c = cfg["CON-01"]
    out = []
    prefixes = tuple(k + ":" for k in CONTACT_KINDS)
    for key, cases in act.subjects.items():
        if not isinstance(cases, list) or len(cases) < c["min_clients"] or not key.startswith(prefixes):
            continue
        unit_of: dict[int, tuple] = {}  # client -> its representative, or itself
        for i in cases:
            client, rep = act.case_client[i], act.case_rep[i]
            if rep >= 0 or client not in unit_of:
                unit_of[client] = ("r", rep) if rep >= 0 else ("c", client)
        units = set(unit_of.values())
        clients = unit_of
        if len(units) < c["min_clients"]:
            continue
        kind, _sep, value = key.partition(":")
        officers = {act.case_assignee[i] for i in cases if act.case_assignee[i] >= 0}
        out.append(
            Signal(
                "CON-01",
                None,
                value,
                float(len(units)),
                _(
                    "The %(kind)s %(value)s is given on %(cases)s cases of %(clients)s clients; counting clients "
                    "with one representative once, %(units)s are unrelated (threshold %(min)s). The cases are "
                    "with %(officers)s officers."
                )
                % {
                    "kind": SUBJECT_KINDS[kind],
                    "value": value,
                    "cases": len(cases),
                    "clients": len(clients),
                    "units": len(units),
                    "min": c["min_clients"],
                    "officers": len(officers),
                },
                sorted(act.case_ids[i] for i in cases)[:MAX_EVIDENCE],
                {
                    "kind": kind,
                    "cases": len(cases),
                    "clients": len(clients),
                    "unrelated": len(units),
                    "officers": len(officers),
                },
            )
        )
    return out
