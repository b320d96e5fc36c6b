"""How alike an incoming contact's sender and a client on file are: a score from 0 to 1 and
the reasons for it (which fields matched), free of any database access so that it can be
tested and measured alone.

The score adds evidence: name (the larger part), birth date, nationality, and a phone number
or e-mail address that both share but that is not proof on its own (a family phone).
Hard rules on top: a conflicting birth date keeps a candidate out of linking, a name alone
(no birth date, no shared contact detail) never reaches the link threshold, and a clearly
different name never reaches review. How alike two names are is worked out in
``similarity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .names import NameForms, forms
from .parsing import UNKNOWN_DATE, PartialDate
from .similarity import name_similarity

LINK_THRESHOLD = 0.80
REVIEW_THRESHOLD = 0.50
#: Below this name similarity a candidate is a different person whatever else matches
#: (a sister on the family phone scores about 0.5, a transliteration of the same name 0.85+).
NAME_FLOOR = 0.78
NAME_REVIEW_FLOOR = 0.70
#: Two candidates closer than this are too close to call: an agent decides.
AMBIGUITY_MARGIN = 0.05

W_NAME = 0.55
W_BIRTH = {"exact": 0.35, "year": 0.30, "unknown": 0.05, "conflict": 0.0}
W_NATIONALITY = {"same": 0.05, "unknown": 0.0, "different": -0.10}
W_CONTACT = 0.25
W_CONTACT_CROWDED = 0.10
#: A year of birth alone links only a name so rare that fewer than this many other people
#: are expected to share it and the year: name count / BIRTH_YEARS.
MAX_NAMESAKES = 0.05
BIRTH_YEARS = 60
#: A phone number or address held by more clients than a family has is "crowded".
FAMILY_SIZE = 6


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
        return cls(
            [forms(n) for n in names if n and n.strip()],
            birth,
            (nationality or "").upper(),
            frozenset(p for p in phones if p),
            frozenset(e for e in emails if e),
        )


_REASONS: dict[tuple, tuple[str, ...]] = {}  # Scored.reasons, by what they depend on
_BIRTH_REASONS = {
    "exact": "birth date",
    "year": "birth year",
    "unknown": "birth date unknown",
    "conflict": "birth date differs",
}


@dataclass(slots=True)
class Scored:
    score: float
    birth: str
    can_link: bool
    name: float | None = None
    nationality: str = "unknown"
    shared: str = ""  # "family": a contact detail both hold; "crowded": one many clients hold
    common_name: bool = False

    @property
    def reasons(self) -> list[str]:
        """Which fields matched, in words (made when asked: most candidates scored are
        never shown; the same words come again and again, so they are kept)."""
        key = (self.name, self.birth, self.nationality, self.shared, self.common_name)
        words = _REASONS.get(key)
        if words is None:
            if len(_REASONS) >= 100_000:
                _REASONS.clear()
            words = _REASONS[key] = tuple(self._reasons())
        return list(words)

    def _reasons(self) -> list[str]:
        reasons = [f"name ~{self.name:.2f}"] if self.name is not None else []
        reasons.append(_BIRTH_REASONS[self.birth])
        if self.nationality != "unknown":
            reasons.append("nationality" if self.nationality == "same" else "nationality differs")
        if self.shared:
            reasons.append("shared contact detail" if self.shared == "family" else "widely shared contact detail")
        if self.common_name:
            reasons.append("common name")
        return reasons


def expected_namesakes(name_count: int | None) -> float:
    """How many other people one expects with this name and year of birth, from how many
    clients on file carry the name. (Nationality is no help here: a name tells it already,
    Mehmet Yilmaz is Turkish.)"""
    if name_count is None:
        return float("inf")  # a one-word name: no telling how common it is
    return name_count / BIRTH_YEARS


_NOTHING: frozenset[str] = frozenset()


def _shared(incoming: Profile, candidate: Profile) -> frozenset[str]:
    """The phone numbers and e-mail addresses both hold."""
    phones = incoming.phones & candidate.phones if incoming.phones and candidate.phones else _NOTHING
    emails = incoming.emails & candidate.emails if incoming.emails and candidate.emails else _NOTHING
    return phones | emails if phones and emails else phones or emails


def out_of_reach(incoming: Profile, candidate: Profile) -> bool:
    """Does a hard rule keep ``candidate`` below the review band whatever the names say?
    So it is when the birth dates conflict and the two share no phone number or address:
    matching then leaves out the name comparison, the costliest part of ``score``. (Any
    shared detail, even one many clients hold, can lift a name that is nearly alike into
    the review band.)"""
    return incoming.birth.compatible(candidate.birth) == "conflict" and not _shared(incoming, candidate)


def score_within_reach(
    incoming: Profile, candidate: Profile, *, crowded: frozenset[str] = frozenset(), name_count: int | None = None
) -> Scored | None:
    """``score``, or None when the candidate is ``out_of_reach`` (birth dates and shared
    details compared once for both)."""
    birth = incoming.birth.compatible(candidate.birth)
    shared = _shared(incoming, candidate)
    if birth == "conflict" and not shared:
        return None
    return _score(incoming, candidate, birth, shared, crowded, name_count)


def score(
    incoming: Profile, candidate: Profile, *, crowded: frozenset[str] = frozenset(), name_count: int | None = None
) -> Scored:
    """Score ``candidate`` against ``incoming``; ``can_link`` is False when a hard rule
    keeps the candidate below the link threshold whatever its score. ``crowded`` holds
    phone numbers and addresses shared by many clients (a lawyer's): they count for less
    than a family's. ``name_count`` is how many clients on file carry the sender's name
    (None: unknown); with a year of birth alone only a rare name may link."""
    return _score(
        incoming,
        candidate,
        incoming.birth.compatible(candidate.birth),
        _shared(incoming, candidate),
        crowded,
        name_count,
    )


def _score(
    incoming: Profile,
    candidate: Profile,
    birth: str,
    shared: frozenset[str],
    crowded: frozenset[str],
    name_count: int | None,
) -> Scored:
    name = name_similarity(incoming.names, candidate.names) if incoming.names and candidate.names else None
    if incoming.nationality and candidate.nationality:
        nationality = "same" if incoming.nationality == candidate.nationality else "different"
    else:
        nationality = "unknown"
    family = bool(shared - crowded) if shared else False
    contact = (W_CONTACT if family else W_CONTACT_CROWDED) if shared else 0.0
    total = W_NAME * (name or 0.0) + W_BIRTH[birth] + W_NATIONALITY[nationality] + contact
    total = max(0.0, min(1.0, total))
    can_link, common = True, False
    if name is None:
        # One side has no name: a shared phone or address makes it worth an agent's look.
        can_link = False
        total = max(total, REVIEW_THRESHOLD) if shared and birth != "conflict" else min(total, REVIEW_THRESHOLD - 0.01)
        total = min(total, LINK_THRESHOLD - 0.01)
    elif name < NAME_FLOOR:
        can_link = False  # a name this different may still be a typo: an agent may look
        total = min(total, LINK_THRESHOLD - 0.01 if name >= NAME_REVIEW_FLOOR else REVIEW_THRESHOLD - 0.01)
    elif birth == "conflict":
        can_link = False  # the same name on a family phone with another birth date: a typo, or a namesake?
        total = min(total, LINK_THRESHOLD - 0.01 if family and name >= NAME_FLOOR else REVIEW_THRESHOLD - 0.01)
    elif birth == "unknown" and not family:
        can_link = False  # a name alone never links, however rare
        total = min(total, LINK_THRESHOLD - 0.01)
    elif birth == "year" and not family and expected_namesakes(name_count) > MAX_NAMESAKES:
        can_link, common = False, True  # this name and year of birth are shared by too many people
        total = min(total, LINK_THRESHOLD - 0.01)
    return Scored(
        round(total, 4),
        birth,
        can_link,
        name,
        nationality,
        ("family" if family else "crowded") if shared else "",
        common,
    )
