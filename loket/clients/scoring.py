"""How alike an incoming contact's sender and a client on file are: a score from 0 to 1 and
the reasons for it (which fields matched), free of any database access so that it can be
tested and measured alone.

The score adds evidence: name (the larger part), birth date, nationality, and a phone number
or e-mail address that both share but that is not proof on its own (a family phone).
Hard rules on top: a conflicting birth date keeps a candidate out of linking, a name alone
(no birth date, no shared contact detail) never reaches the link threshold, and a clearly
different name never reaches review.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .names import NameForms, forms
from .parsing import UNKNOWN_DATE, PartialDate

LINK_THRESHOLD = 0.85
REVIEW_THRESHOLD = 0.65
#: Below this name similarity a candidate is a different person whatever else matches.
NAME_FLOOR = 0.70
#: Two candidates closer than this are too close to call: an agent decides.
AMBIGUITY_MARGIN = 0.05

W_NAME = 0.60
W_BIRTH = {"exact": 0.30, "year": 0.20, "unknown": 0.05, "conflict": 0.0}
W_NATIONALITY = {"same": 0.05, "unknown": 0.025, "different": -0.10}
W_CONTACT = 0.10


@dataclass
class Profile:
    """What is known about one person, in comparable form (a contact's sender or a client)."""

    names: list[NameForms] = field(default_factory=list)
    birth: PartialDate = UNKNOWN_DATE
    nationality: str = ""
    phones: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()

    @classmethod
    def build(cls, *, names=(), birth=UNKNOWN_DATE, nationality="", phones=(), emails=()):
        return cls([forms(n) for n in names if n and n.strip()], birth, (nationality or "").upper(),
                   frozenset(p for p in phones if p), frozenset(e for e in emails if e))


def _pair_similarity(a: NameForms, b: NameForms) -> float:
    if not a.tokens or not b.tokens:
        return 0.0
    skeleton = fuzz.token_sort_ratio(a.skeleton_key, b.skeleton_key) / 100
    if a.vowelless or b.vowelless:
        best = skeleton  # Arabic script has no short vowels: only the consonants compare
    else:
        best = (skeleton + fuzz.token_sort_ratio(a.folded, b.folded) / 100) / 2
    if min(len(a.tokens), len(b.tokens)) >= 2 and len(a.tokens) != len(b.tokens):
        # one name has an extra (middle or family) name: compare the shared part, a little lower
        subset = fuzz.token_set_ratio(a.skeleton_key, b.skeleton_key) / 100
        if not (a.vowelless or b.vowelless):
            subset = (subset + fuzz.token_set_ratio(a.folded, b.folded) / 100) / 2
        best = max(best, 0.92 * subset)
    return best


def name_similarity(left: list[NameForms], right: list[NameForms]) -> float:
    """The best similarity over every written form of both names (0..1)."""
    return max((_pair_similarity(a, b) for a in left for b in right), default=0.0)


@dataclass
class Scored:
    score: float
    reasons: list[str]
    birth: str
    can_link: bool


def score(incoming: Profile, candidate: Profile) -> Scored:
    """Score ``candidate`` against ``incoming``; ``can_link`` is False when a hard rule
    keeps the candidate below the link threshold whatever its score."""
    reasons: list[str] = []
    name = name_similarity(incoming.names, candidate.names) if incoming.names and candidate.names else None
    if name is not None:
        reasons.append(f"name ~{name:.2f}")
    birth = incoming.birth.compatible(candidate.birth)
    reasons.append({"exact": "birth date", "year": "birth year", "unknown": "birth date unknown",
                    "conflict": "birth date differs"}[birth])
    if incoming.nationality and candidate.nationality:
        nationality = "same" if incoming.nationality == candidate.nationality else "different"
        reasons.append("nationality" if nationality == "same" else "nationality differs")
    else:
        nationality = "unknown"
    shared = sorted((incoming.phones & candidate.phones) | (incoming.emails & candidate.emails))
    if shared:
        reasons.append("shared contact detail")
    total = W_NAME * (name or 0.0) + W_BIRTH[birth] + W_NATIONALITY[nationality] + (W_CONTACT if shared else 0.0)
    total = max(0.0, min(1.0, total))
    can_link = True
    if name is None or name < NAME_FLOOR:
        can_link = False
        total = min(total, REVIEW_THRESHOLD - 0.01)
    elif birth == "conflict":
        can_link = False
        total = min(total, REVIEW_THRESHOLD - 0.01 if not shared else LINK_THRESHOLD - 0.01)
    elif birth == "unknown" and not shared:
        can_link = False  # a name alone never links, however common or rare
        total = min(total, LINK_THRESHOLD - 0.01)
    return Scored(round(total, 4), reasons, birth, can_link)
