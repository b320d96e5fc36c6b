"""Cases in the re-audit format, built with only the facts a test cares about.

Each builder returns the JSON object of issue 4 (so tests go through ``parse_case`` as the
audit does); ``facts(obj)`` parses it, ``judge(obj)`` returns {rule: [outcomes]}.
"""

from __future__ import annotations

import copy

from loket.rules.engine import evaluate
from loket.rules.facts import parse_case


def ev(type_, on, by=None):
    return {"type": type_, "on": on, "by": by}


def decision(decided_on, outcome="granted", **kw):
    base = {
        "decided_on": decided_on,
        "outcome": outcome,
        "author": "officer",
        "signatory": "head",
        "second_reader": "reader",
        "reasons": "Grounds stated (Vw 14).",
        "hearing_exception": None,
        "revocation_ground": None,
    }
    base.update(kw)
    return base


def objection(
    *,
    track="regular",
    notified_on="2026-04-07",
    received_on="2026-04-20",
    events=None,
    decided_on=None,
    outcome="granted",
    heard=True,
    **extra,
):
    """An objection that breaks no rule unless told to: heard by an independent hearer."""
    evts = [ev("hearing_held", received_on, "hearer")] if heard else []
    obj = {
        "ref": "B-1",
        "kind": "objection",
        "track": track,
        "received_on": received_on,
        "contested": {"decided_on": notified_on, "notified_on": notified_on, "author": "first", "signatory": "boss"},
        "events": evts + list(events or ()),
        "decision": decision(decided_on or received_on, outcome, **extra.pop("decision", {})),
    }
    obj.update(extra)
    return obj


def application(*, track="regular", received_on="2026-01-01", events=None, decided_on=None, outcome="granted", **extra):
    obj = {
        "ref": "A-1",
        "kind": "application",
        "track": track,
        "received_on": received_on,
        "events": list(events or ()),
        "decision": decision(decided_on or received_on, outcome, **extra.pop("decision", {})),
    }
    obj.update(extra)
    return obj


def revocation(*, track="asylum", events=None, decided_on="2026-06-01", outcome="revoked", **extra):
    dec = {"revocation_ground": "vw32-1-a"} if outcome == "revoked" else {}
    dec.update(extra.pop("decision", {}))
    obj = {
        "ref": "R-1",
        "kind": "revocation",
        "track": track,
        "received_on": None,
        "events": list(events or ()),
        "decision": decision(decided_on, outcome, **dec),
    }
    obj.update(extra)
    return obj


def undecided(obj):
    obj = copy.deepcopy(obj)
    obj["decision"] = None
    return obj


def facts(obj):
    return parse_case(obj)


def judge(obj, **kw) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for v in evaluate(parse_case(obj), **kw):
        found.setdefault(v.rule, []).append(v.outcome)
    return found


def messages(obj, rule, **kw) -> list[str]:
    return [v.message for v in evaluate(parse_case(obj), **kw) if v.rule == rule]
