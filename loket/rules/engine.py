"""The rule engine: which rules were in force on a day, and what they say about a case.

A decision is judged by the rules in force on the day it was taken (or, for a case not
yet decided, on the day of judgement), never by today's rules: the law a decision had to
follow is the law of its day. ``RULESET_VERSION`` names the catalogue (rule ids, sources,
validity and the code of every check), so a stored judgement says by which rules it was made.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.utils import timezone

from .catalogue import CATALOGUE, Rule
from .facts import CaseFacts


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule broken by a case: ``outcome`` is "block" (the decision may not be issued) or
    "warn" (it may, once someone acknowledged the warning with a reason)."""

    rule: str
    outcome: str
    message: str
    source: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "outcome": self.outcome, "message": self.message, "source": self.source}


#: Raise when a check changes meaning without its code changing (e.g. a new reading of the law).
CODE_VERSION = "1"


def _ruleset_version() -> str:
    digest = hashlib.sha256(CODE_VERSION.encode())
    for rule in CATALOGUE:
        digest.update(
            repr(
                (
                    rule.id,
                    rule.outcome,
                    rule.source,
                    rule.valid_from,
                    rule.valid_to,
                    sorted(rule.kinds),
                    sorted(rule.tracks),
                )
            ).encode()
        )
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("catalogue/*.py"), here / "deadlines.py", here / "facts.py"]):
        digest.update(path.read_bytes())
    return f"rules-{digest.hexdigest()[:16]}"


RULESET_VERSION: str = _ruleset_version()


def rules_in_force(on: date) -> list[Rule]:
    """Every rule in force on ``on``, in catalogue order."""
    return [rule for rule in CATALOGUE if rule.in_force(on)]


@lru_cache(maxsize=65536)
def _applicable(on: date, kind: str, track: str) -> tuple[Rule, ...]:
    return tuple(r for r in CATALOGUE if r.in_force(on) and kind in r.kinds and track in r.tracks)


def judgement_day(case: CaseFacts, on: date | None = None) -> date:
    """The decision's date; for a case not decided yet, ``on`` or today."""
    if case.decision is not None:
        return case.decision.decided_on
    return on or timezone.localdate()


def evaluate(case: CaseFacts, *, language: str = "en", on: date | None = None) -> list[Violation]:
    """Every violation of the rules in force on the decision's date (or ``on``/today when the
    case is not decided), messages in ``language`` ("nl" or "en")."""
    day = judgement_day(case, on)
    dutch = language.startswith("nl")
    found = []
    for rule in _applicable(day, case.kind, case.track):
        for finding in rule.check(case, day):
            found.append(Violation(rule.id, finding.outcome, finding.nl if dutch else finding.en, rule.source))
    return found


def blocking(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.outcome == "block"]
