"""What a rule is: its identity, its legal source, where and when it applies, and its check.

A rule (regel) is data plus one pure function ``check(case, on)``: it looks at a case's
facts as they stood on ``on`` (the decision's date, or the day of judgement for a case not
yet decided) and returns *findings*, each with its outcome and its message in Dutch and English; the engine
turns them into :class:`~loket.rules.engine.Violation` in the reader's language. Keeping
both languages in the rule itself (not in a translation catalogue) keeps the legal wording
next to the code that applies it, where a reviewer can compare them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..facts import KINDS, TRACKS, CaseFacts

BLOCK, WARN = "block", "warn"


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach found by a rule's check, in both languages."""

    outcome: str
    nl: str
    en: str


@dataclass(frozen=True)
class Rule:
    """One procedural rule of RULES.md.

    ``outcome`` is the rule's main outcome; a check may also report a finding with the
    other outcome (HEAR-02 warns on grounds (a)/(b), DW-01 warns on accrual), which
    ``outcome_note_*`` explains. ``valid_from``/``valid_to`` (inclusive) is the period in
    which the version of the law that this rule implements is in force; a decision is judged
    by the rules in force on its date. ``tests`` names the test functions that pin the rule
    down (checked by tests/rules/test_catalogue.py, shown on the staff pages).
    """

    id: str
    title_nl: str
    title_en: str
    description_nl: str
    description_en: str
    source: str
    outcome: str
    valid_from: date
    check: Callable[[CaseFacts, date], list[Finding]]
    kinds: frozenset[str] = KINDS
    tracks: frozenset[str] = TRACKS
    valid_to: date | None = None
    outcome_note_nl: str = ""
    outcome_note_en: str = ""
    tests: tuple[str, ...] = field(default=())

    def __post_init__(self):
        assert self.outcome in (BLOCK, WARN), self.id
        assert self.kinds <= KINDS and self.tracks <= TRACKS, self.id

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def applies_to(self, case: CaseFacts) -> bool:
        return case.kind in self.kinds and case.track in self.tracks

    def title(self, language: str) -> str:
        return self.title_nl if language.startswith("nl") else self.title_en

    def description(self, language: str) -> str:
        return self.description_nl if language.startswith("nl") else self.description_en

    def outcome_note(self, language: str) -> str:
        return self.outcome_note_nl if language.startswith("nl") else self.outcome_note_en


def block(nl: str, en: str) -> Finding:
    return Finding(BLOCK, nl, en)


def warn(nl: str, en: str) -> Finding:
    return Finding(WARN, nl, en)


def quoted(value: str, limit: int = 80) -> str:
    """A value from the input, quoted in a message: cut short, so that a megabyte of nonsense
    in one field does not become a megabyte of report."""
    return f"'{value[:limit]}…'" if len(value) > limit else f"'{value}'"


def d(value: date) -> str:
    """A date in messages: ISO, the same in both languages and easy to search for."""
    return value.isoformat()
