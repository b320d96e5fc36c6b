"""How much each field's agreement says about two records being one person, learned from the
register (Fellegi–Sunter, as Splink implements it); fitting it is ``linkage_fit.py``.

A pair (an incoming contact's sender, a client on file) is compared field by field; each
comparison falls into a level (the names nearly equal, the birth dates swapped day and
month, the phone numbers differ, ...). For each level two probabilities are estimated:
``m``, how often the level is seen when the two are one person, and ``u``, when they are
not. A level's match weight is log2(m/u); the weights add up, and with the prior ``lambda``
(how many candidate pairs are one person) give the probability that the pair is one person.
A field either side lacks adds nothing.

``u`` comes from random pairs (almost all of them are two people, so their levels are the
levels of chance); ``m`` and ``lambda`` from expectation–maximisation over the candidate pairs
the blocking keys find, without any label (Splink's ``estimate_u_using_random_sampling`` and
``estimate_parameters_using_expectation_maximisation``), in ``linkage_fit.py``. Free of
database access: the service that feeds both lives in ``services/estimation.py``.

Two corrections to plain Fellegi–Sunter, both estimated from the register, no label:

* term frequency (as Splink's term frequency adjustments): names that agree say less when
  the name is common. The u of an agreeing name is, for this name, how often a client on
  file carries it (``share``, from the name's blocking keys), not the average over all
  names; the weight gains log2(u_average / share): negative for Mohammed Hassan, positive
  for a name held once.
* nationality is not independent of the name (Mehmet Yilmaz is Turkish): when the names
  agree, its u is taken from random pairs whose names agree too, so it is not counted twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .parsing import PartialDate
from .scoring import Profile
from .similarity import name_similarity

NULL = -1

# comparison -> its levels, most alike first
LEVELS: dict[str, tuple[str, ...]] = {
    "name": ("≥ 0.97", "≥ 0.92", "≥ 0.85", "≥ 0.78", "≥ 0.70", "< 0.70"),
    "birth": (
        "exact",
        "day and month swapped",
        "same year",
        "one year apart",
        "differs",
        "years one apart",
        "years differ",
    ),
    "nationality": ("same", "differs"),
    "phone": ("shared", "shared by many", "differs"),
    "email": ("shared", "shared by many", "differs"),
}
COMPARISONS = tuple(LEVELS)
#: Levels that can only be seen together: the birth dates compare as full dates (exact ...
#: differs) or, where one side knows only the year, as years (same year, years one apart,
#: years differ). m and u are estimated within each group, as the chance that two full
#: dates agree (1 in 20,000) is another thing than that two years do (1 in 60).
GROUPS = {"birth": ((0, 1, 3, 4), (2, 5, 6))}
#: Birth levels at which the dates clearly differ.
BIRTH_DIFFERS = (1, 3, 4, 5, 6)
_NAME_CUTS = (0.97, 0.92, 0.85, 0.78, 0.70)

# Before the register has taught anything (a new installation): what a careful person would
# guess. They are replaced by the first estimate (``loket clients estimate-weights``).
PRIOR_M = {
    "name": (0.55, 0.2, 0.12, 0.06, 0.04, 0.03),
    "birth": (0.94, 0.02, 0.9, 0.02, 0.02, 0.05, 0.05),
    "nationality": (0.97, 0.03),
    "phone": (0.6, 0.05, 0.35),
    "email": (0.6, 0.05, 0.35),
}
PRIOR_U = {
    "name": (0.002, 0.003, 0.01, 0.03, 0.05, 0.905),
    "birth": (0.0005, 0.0002, 0.2, 0.04, 0.9593, 0.05, 0.75),
    "nationality": (0.3, 0.7),
    "phone": (0.001, 0.005, 0.994),
    "email": (0.001, 0.005, 0.994),
}
PRIOR_LAMBDA = 0.05
#: The least alike names that may still link by score (level index in LEVELS["name"]: ≥ 0.78).
LINKABLE_NAME_LEVEL = 3
#: Clients counted per name for the term frequency adjustment: past this a name is common
#: enough that its agreement says almost nothing.
NAME_COUNT_ENOUGH = 1000
#: No probability below this: a level never seen in one class is rare, not impossible.
FLOOR = 1e-4
#: An agent is asked only when the sender is more likely than not the candidate on file.
#: Below this a new client is made: the sender's later contacts gather on it, and the relink
#: merges it when the evidence grows (a review ties up an agent and leaves the contact on no
#: client). The relink also parts its own merges that fall below it.
REVIEW_FLOOR = 0.5


def name_level(similarity: float | None) -> int:
    if similarity is None:
        return NULL
    for i, cut in enumerate(_NAME_CUTS):
        if similarity >= cut:
            return i
    return len(_NAME_CUTS)


def birth_level(a: PartialDate, b: PartialDate) -> int:
    if a.year is None or b.year is None:
        return NULL
    if a.is_full and b.is_full:
        if (a.year, a.month, a.day) == (b.year, b.month, b.day):
            return 0
        if a.year == b.year and (a.month, a.day) == (b.day, b.month):
            return 1
        if abs(a.year - b.year) == 1 and (a.month, a.day) == (b.month, b.day):
            return 3
        return 4
    if a.year == b.year:
        relation = a.compatible(b)
        return 2 if relation != "conflict" else 6
    return 5 if abs(a.year - b.year) == 1 else 6


def _detail_level(mine: frozenset[str], theirs: frozenset[str], crowded: frozenset[str]) -> int:
    if not mine or not theirs:
        return NULL
    shared = mine & theirs
    if not shared:
        return 2
    return 1 if shared <= crowded else 0


def _other_levels(incoming: Profile, candidate: Profile, crowded: frozenset[str]) -> tuple[int, int, int, int]:
    """The levels of every comparison but the name (the cheap ones): birth, nationality, phone, e-mail."""
    if incoming.nationality and candidate.nationality:
        nationality = 0 if incoming.nationality == candidate.nationality else 1
    else:
        nationality = NULL
    return (
        birth_level(incoming.birth, candidate.birth),
        nationality,
        _detail_level(incoming.phones, candidate.phones, crowded),
        _detail_level(incoming.emails, candidate.emails, crowded),
    )


def compare(incoming: Profile, candidate: Profile, *, crowded: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """The comparison vector of a pair: one level index per comparison (``NULL``: a side lacks it)."""
    name = name_similarity(incoming.names, candidate.names) if incoming.names and candidate.names else None
    return (name_level(name), *_other_levels(incoming, candidate, crowded))


#: What makes a pair's probability (``Weights.__setattr__``), and how many are kept.
_SHAPING = frozenset({"m", "u", "prior", "u_named", "clients", "name_share"})
MEMO = 100_000


@dataclass
class Weights:
    """m, u and lambda, and what the estimate was made from."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    pairs: int = 0
    random_pairs: int = 0
    iterations: int = 0
    link_threshold: float = 0.95  # before the first estimate; then chosen for a precision
    notes: list[str] = field(default_factory=list)
    #: clients on file when estimated (0: not estimated, no term frequency adjustment)
    clients: int = 0
    #: the part of the register an incoming name's blocking keys find on average (the chance
    #: agreement of names, in the units of ``name_adjustment``; 0: not estimated)
    name_share: float = 0.0
    #: u of nationality among pairs whose names agree (empty: the plain u)
    u_named: dict[str, list[float]] = field(default_factory=dict)

    def __setattr__(self, name, value):
        # A pair's probability is kept once worked out (an import scores the same few hundred
        # comparison vectors a million times); a change of the parameters forgets them. The
        # lists in m and u are replaced, never changed in place.
        object.__setattr__(self, name, value)
        if name in _SHAPING:
            object.__setattr__(self, "_memo", {})

    @property
    def review_threshold(self) -> float:
        """Where the review band starts: a rule (``REVIEW_FLOOR``), not an estimate, so an
        older stored estimate is read with today's; never above the link threshold."""
        return min(REVIEW_FLOOR, self.link_threshold)

    @classmethod
    def initial(cls) -> Weights:
        return cls({k: list(v) for k, v in PRIOR_M.items()}, {k: list(v) for k, v in PRIOR_U.items()}, PRIOR_LAMBDA)

    def name_adjustment(self, name_count: int | None) -> float:
        """The term frequency adjustment of agreeing names, in bits: log2(average / share),
        where share is the part of the register carrying the name (at least one client) and
        average the share of an average incoming name (``name_share``), both counted by the
        name's blocking keys. 0 before an estimate or for a name whose count is unknown (a
        one-word name)."""
        if not self.clients or not self.name_share or name_count is None:
            return 0.0
        share = max(name_count, 1) / self.clients
        return math.log2(self.name_share / share)

    def match_weight(self, vector: tuple[int, ...], adjustment: float = 0.0) -> float:
        """The sum of the levels' weights and the prior; ``adjustment`` (``name_adjustment``)
        counts only where the names agree well enough to link."""
        total = math.log2(self.prior / (1 - self.prior))
        named = vector[0] != NULL and vector[0] <= LINKABLE_NAME_LEVEL
        for comparison, level in zip(COMPARISONS, vector, strict=True):
            if level != NULL:
                total += self.level_weight(comparison, level, named)
        return total + adjustment if named else total

    def level_weight(self, comparison: str, level: int, named: bool = False) -> float:
        """log2(m/u) of one level: how many bits of evidence for one person (negative:
        against); ``named``: the names agree, and a field that goes with the name (the
        nationality) is weighed by its u among pairs whose names agree."""
        u = self.u_named[comparison] if named and comparison in self.u_named else self.u[comparison]
        return math.log2(max(self.m[comparison][level], FLOOR) / max(u[level], FLOOR))

    def probability(self, vector: tuple[int, ...], adjustment: float = 0.0) -> float:
        memo = self._memo
        p = memo.get((vector, adjustment))
        if p is None:
            w = self.match_weight(vector, adjustment)
            p = 1 / (1 + 2 ** (-w)) if w > -60 else 0.0
            if len(memo) >= MEMO:
                memo.clear()
            memo[vector, adjustment] = p
        return p

    def explain(self, vector: tuple[int, ...]) -> list[str]:
        """Each field's level and its weight in bits, in words, for the agent."""
        named = vector[0] != NULL and vector[0] <= LINKABLE_NAME_LEVEL
        return [
            f"{comparison} {LEVELS[comparison][level]} ({self.level_weight(comparison, level, named):+.1f})"
            for comparison, level in zip(COMPARISONS, vector, strict=True)
            if level != NULL
        ]

    def as_json(self) -> dict:
        return {
            "m": self.m,
            "u": self.u,
            "prior": self.prior,
            "pairs": self.pairs,
            "random_pairs": self.random_pairs,
            "iterations": self.iterations,
            "link_threshold": self.link_threshold,
            "review_threshold": self.review_threshold,
            "notes": self.notes,
            "clients": self.clients,
            "name_share": self.name_share,
            "u_named": self.u_named,
        }

    @classmethod
    def from_json(cls, data: dict) -> Weights:
        """The stored weights; an estimate made with other levels (an older version) gives
        the prior weights, until the next estimate."""
        if any(len(data["m"].get(c, ())) != len(levels) for c, levels in LEVELS.items()):
            return cls.initial()
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


#: A name this many bits less telling than an average name is "common" in the reasons.
COMMON_NAME_BITS = -1.0

_BIRTH_WORDS = (
    "birth date",
    "birth date: day and month swapped",
    "birth year",
    "birth date differs",
    "birth date differs",
    "birth date differs",
    "birth date differs",
)
_DETAIL_WORDS = ("shared contact detail", "widely shared contact detail", "")


class Linked:
    """A candidate scored by the weights: ``score`` is the probability of one person;
    ``reasons`` say which fields agreed, in the words agents know, and the probability."""

    __slots__ = ("_weights", "adjustment", "can_link", "common_name", "score", "similarity", "vector")

    def __init__(
        self, weights: Weights, vector: tuple[int, ...], similarity: float | None, common_name=False, adjustment=0.0
    ):
        self._weights, self.vector, self.similarity, self.adjustment = weights, vector, similarity, adjustment
        self.score = round(weights.probability(vector, adjustment), 4)
        name, birth, _nationality, phone, email = vector
        shared = phone in (0, 1) or email in (0, 1)
        # Hard guards on top of the weights, which take the fields as independent (a family
        # shares a phone, a family name and sometimes a birth date): without a name, with a
        # clearly different one, with birth dates that differ (even a swapped day and month:
        # twins?), or with a name alone, never linked by score; an agent looks. Before the
        # first estimate (no term frequencies yet) a common name with a year alone neither.
        self.common_name = common_name and not weights.clients and birth == 2 and not shared
        self.can_link = (
            name != NULL
            and name <= LINKABLE_NAME_LEVEL
            and birth not in BIRTH_DIFFERS
            and (birth in (0, 2) or shared)
            and not self.common_name
        )

    @property
    def reasons(self) -> list[str]:
        """In words; kept with the weights' memo (an import words the same few thousand
        (vector, name similarity) pairs again and again)."""
        key = ("reasons", self.vector, self.similarity, self.adjustment, self.common_name)
        memo = self._weights._memo
        words = memo.get(key)
        if words is None:
            if len(memo) >= MEMO:
                memo.clear()
            words = memo[key] = tuple(self._words())
        return list(words)

    def _words(self) -> list[str]:
        _name, birth, nationality, phone, email = self.vector
        words = [f"name ~{self.similarity:.2f}"] if self.similarity is not None else []
        words.append(_BIRTH_WORDS[birth] if birth != NULL else "birth date unknown")
        if nationality != NULL:
            words.append("nationality" if nationality == 0 else "nationality differs")
        detail = min((level for level in (phone, email) if level != NULL), default=NULL)
        if detail != NULL and _DETAIL_WORDS[detail]:
            words.append(_DETAIL_WORDS[detail])
        if self.common_name or (self.adjustment <= COMMON_NAME_BITS and self.vector[0] <= LINKABLE_NAME_LEVEL):
            words.append("common name")
        bits = self._weights.match_weight(self.vector, self.adjustment)
        words.append(f"probability {self.score:.4f} ({bits:+.1f} bits)")
        return words


def score_pair(
    weights: Weights,
    incoming: Profile,
    candidate: Profile,
    *,
    crowded: frozenset[str] = frozenset(),
    common_name: bool = False,
    name_count: int | None = None,
) -> Linked | None:
    """The candidate's probability of being the sender, or None when even the most alike
    names could not lift it into the review band (the name comparison, the costly part, is
    then left out). ``name_count``: how many clients on file carry the sender's name (the
    term frequency adjustment); ``common_name``: before the first estimate, so many clients
    share the sender's name that a year of birth alone cannot tell them apart."""
    birth, nationality, phone, email = _other_levels(incoming, candidate, crowded)
    has_names = bool(incoming.names and candidate.names)
    adjustment = weights.name_adjustment(name_count) if has_names else 0.0
    if has_names and weights.probability((0, birth, nationality, phone, email), adjustment) < weights.review_threshold:
        return None
    shared = phone in (0, 1) or email in (0, 1)
    if birth in BIRTH_DIFFERS and not shared:
        return None  # birth dates that differ, and nothing else in common: someone else
    similarity = name_similarity(incoming.names, candidate.names) if has_names else None
    level = name_level(similarity)
    if level == len(_NAME_CUTS) or (birth in BIRTH_DIFFERS and level > LINKABLE_NAME_LEVEL):
        return None  # a clearly different name (a sister on the family phone): not even a candidate
    return Linked(weights, (level, birth, nationality, phone, email), similarity, common_name, adjustment)
