"""Synthetic cases in the re-audit format of issue 4, for bench/rules_audit.py.

Varied on purpose: every kind and track, weekends and holidays, late objections, hearings
held by the wrong person, decisions signed by whoever took the contested one, missing second
readers, empty reasons, postponements without consent, notices of default with and without a
fixed penalty, revocations without an intention; and a few bad lines (broken JSON, an unknown
kind, a missing date, a decision before the case was received). Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

_BASE = date(2016, 1, 1)
_DAYS = [(_BASE + timedelta(days=i)).isoformat() for i in range(12 * 366)]
_STAFF = [f"u{i}" for i in range(1, 401)]
_REASONS = [
    "Bezwaar ongegrond: de feiten zijn juist vastgesteld (Vw 14, 16).",
    "De aanvraag voldoet aan de voorwaarden van Vb 3.13.",
    "Gelet op de zienswijze en het advies wordt de vergunning ingetrokken (Vw 32(1)(a)).",
]
_OBJECTION_OUTCOMES = ["granted", "partly_granted", "unfounded", "unfounded", "unfounded", "inadmissible"]
_APPLICATION_OUTCOMES = ["granted", "granted", "rejected"]
_GROUNDS = [f"vw32-1-{c}" for c in "abcde"] + [f"vw35-1-{c}" for c in "abcd"]


class CaseMaker:
    def __init__(self, seed: int = 4):
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.ri = self.rng.randrange

    def person(self, *avoid):
        while True:
            p = _STAFF[self.ri(len(_STAFF))]
            if p not in avoid:
                return p

    def decision(self, day: int, outcome: str) -> dict:
        r = self.r
        author = self.person()
        return {
            "decided_on": _DAYS[day],
            "outcome": outcome,
            "author": author,
            "signatory": self.person(author),
            "second_reader": None if r() < 0.03 else (author if r() < 0.02 else self.person(author)),
            "reasons": "" if r() < 0.01 else _REASONS[self.ri(3)],
            "hearing_exception": None,
            "revocation_ground": None,
        }

    def objection(self, ref: str) -> dict:
        r, ri = self.r, self.ri
        track = "regular" if r() < 0.7 else ("naturalisation" if r() < 0.93 else "asylum")
        decided = ri(3000)
        notified = decided + ri(6)
        received = notified + ri(1, 36 if track == "regular" else 50)
        c_author = self.person()
        c_sign = self.person(c_author)
        events = [{"type": "received", "on": _DAYS[received], "by": None}]
        held = r() < 0.78
        if r() < 0.7:
            events.append({"type": "hearing_invited", "on": _DAYS[received + 12], "by": None})
        if held:
            hearer = c_author if r() < 0.03 else self.person(c_author, c_sign)
            events.append({"type": "hearing_held", "on": _DAYS[received + 40], "by": hearer})
        elif r() < 0.3:
            events.append({"type": "hearing_waived", "on": _DAYS[received + 20], "by": None})
        if r() < 0.06:
            events.append({"type": "defect_repair_requested", "on": _DAYS[received + 5], "by": None})
            events.append({"type": "resumed", "on": _DAYS[received + 5 + ri(5, 30)], "by": None})
        if track == "naturalisation":
            if r() < 0.12:
                events.append({"type": "advisory_committee", "on": _DAYS[received + 14], "by": None})
            if r() < 0.15:
                events.append({"type": "postponed", "on": _DAYS[received + 60], "by": None})
                if r() < 0.3:
                    events.append({"type": "postponed", "on": _DAYS[received + 95], "by": None})
        elif track == "regular" and r() < 0.08:
            events.append({"type": "extended", "on": _DAYS[received + 100], "by": None})
        span = ri(30, 260)
        if r() < 0.07:
            events.append({"type": "notice_of_default", "on": _DAYS[received + span - ri(20, 30)], "by": None})
            if r() < 0.5:
                events.append({"type": "penalty_fixed", "on": _DAYS[received + span], "by": None})
        if r() < 0.05:
            events.append({"type": "excusability_assessed", "on": _DAYS[received + 15], "by": None})
        outcome = _OBJECTION_OUTCOMES[ri(6)]
        decision = self.decision(received + span, outcome)
        if r() < 0.03:
            decision["author"] = c_author
        elif r() < 0.02:
            decision["signatory"] = c_sign
        if not held:
            choice = r()
            decision["hearing_exception"] = (
                None
                if choice < 0.15
                else "manifestly_unfounded"
                if choice < 0.45
                else "manifestly_inadmissible"
                if choice < 0.6
                else "waived"
                if choice < 0.75
                else "no_reply"
                if choice < 0.9
                else "granted_in_full"
            )
        case = {
            "ref": ref,
            "kind": "objection",
            "track": track,
            "received_on": _DAYS[received],
            "contested": {
                "decided_on": _DAYS[decided],
                "notified_on": _DAYS[notified],
                "author": c_author,
                "signatory": c_sign,
            },
            "events": events,
            "decision": decision,
        }
        if r() < 0.1:
            case["posted_on"] = _DAYS[received - ri(1, 4)]
        return case

    def application(self, ref: str) -> dict:
        r, ri = self.r, self.ri
        track = "regular" if r() < 0.5 else ("asylum" if r() < 0.7 else "naturalisation")
        received = ri(3000)
        events = [{"type": "received", "on": _DAYS[received], "by": None}]
        span = ri(10, 420 if track != "regular" else 160)
        if r() < 0.1:
            events.append({"type": "extended", "on": _DAYS[received + 60], "by": None})
        if r() < 0.06:
            events.append({"type": "suspended", "on": _DAYS[received + 7], "by": None})
            events.append({"type": "resumed", "on": _DAYS[received + 7 + ri(3, 40)], "by": None})
        if r() < 0.1:
            events.append({"type": "notice_of_default", "on": _DAYS[received + max(1, span - ri(15, 60))], "by": None})
            if r() < 0.6:
                events.append({"type": "penalty_fixed", "on": _DAYS[received + span], "by": None})
        decision = None if r() < 0.02 else self.decision(received + span, _APPLICATION_OUTCOMES[ri(3)])
        case = {
            "ref": ref,
            "kind": "application",
            "track": track,
            "received_on": _DAYS[received],
            "events": events,
            "decision": decision,
        }
        if track == "asylum":
            case["accelerated"] = r() < 0.2
        return case

    def revocation(self, ref: str) -> dict:
        r, ri = self.r, self.ri
        track = "asylum" if r() < 0.7 else "regular"
        start = ri(3000)
        events = []
        if r() < 0.96:
            events.append({"type": "intention_sent", "on": _DAYS[start], "by": self.person()})
        view = r() < 0.5
        if view:
            events.append({"type": "view_received", "on": _DAYS[start + ri(10, 50)], "by": None})
            if r() < 0.85:
                events.append({"type": "hearing_offered", "on": _DAYS[start + 55], "by": None})
        decided = start + ri(56, 140) if r() < 0.9 else start + ri(5, 42)
        outcome = "revoked" if r() < 0.8 else "not_revoked"
        decision = self.decision(decided, outcome)
        if outcome == "revoked" and track == "asylum" and r() < 0.96:
            decision["revocation_ground"] = _GROUNDS[ri(len(_GROUNDS))]
        return {
            "ref": ref,
            "kind": "revocation",
            "track": track,
            "received_on": None,
            "events": events,
            "decision": decision,
        }

    def bad_line(self, ref: str) -> str:
        choice = self.ri(4)
        if choice == 0:
            return f'{{"ref": "{ref}", "kind": "objection", "track":'  # cut off
        if choice == 1:
            return json.dumps({"ref": ref, "kind": "complaint", "track": "regular", "received_on": "2020-01-01"})
        if choice == 2:
            return json.dumps({"ref": ref, "kind": "application", "track": "regular", "events": []})
        return json.dumps(
            {
                "ref": ref,
                "kind": "application",
                "track": "regular",
                "received_on": "2021-05-04",
                "decision": self.decision(1000, "granted"),
            }
        )  # decided 2018, before receipt

    def line(self, i: int) -> str:
        x = self.r()
        ref = f"X-{i:07d}"
        if x < 0.0005:
            return self.bad_line(ref)
        if x < 0.45:
            return json.dumps(self.objection(ref))
        if x < 0.85:
            return json.dumps(self.application(ref))
        return json.dumps(self.revocation(ref))


def write_cases(path, n: int, seed: int = 4) -> int:
    """Write ``n`` lines to ``path``, streaming; returns the bytes written."""
    maker = CaseMaker(seed)
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        batch = []
        for i in range(n):
            batch.append(maker.line(i))
            if len(batch) == 5000:
                text = "\n".join(batch) + "\n"
                size += out.write(text)
                batch.clear()
        if batch:
            size += out.write("\n".join(batch) + "\n")
    return size
