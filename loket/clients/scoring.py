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

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .names import NameForms, forms
from .parsing import UNKNOWN_DATE, PartialDate

LINK_THRESHOLD = 0.80
REVIEW_THRESHOLD = 0.50
#: Below this name similarity a candidate is a different person whatever else matches
#: (a sister on the family phone scores about 0.5, a transliteration of the same name 0.85+).
NAME_FLOOR = 0.78
NAME_REVIEW_FLOOR = 0.70
#: A token "matches" another from this similarity (Nataliya ~ Nataliia, not ~ Julia).
TOKEN_MATCH = 0.80
#: Factor for each name token only one side has: in the middle, at either end.
EXTRA_MIDDLE = 0.92
EXTRA_OUTER = 0.75
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


_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=100_000)
def _no_vowels(token: str) -> bool:
    """A token transliterated from a script without vowels (mhmd, aly), even when the rest
    of the name is in Latin script."""
    return not _VOWELS.intersection(token[1:])


def _token_similarity(
    a: str, a_skeletons: tuple[str, ...], b: str, b_skeletons: tuple[str, ...], vowelless: bool
) -> float:
    # Levenshtein, not Indel, for the short consonant skeletons: hld ~ mhmd must stay low
    if len(a_skeletons) == 1 and len(b_skeletons) == 1:
        skeleton = Levenshtein.normalized_similarity(a_skeletons[0], b_skeletons[0])
    else:
        skeleton = max(Levenshtein.normalized_similarity(x, y) for x in a_skeletons for y in b_skeletons)
    if vowelless or _no_vowels(a) or _no_vowels(b):
        return skeleton  # Arabic script has no short vowels: only the consonants compare
    return (skeleton + fuzz.ratio(a, b) / 100) / 2


#: How many comparisons the two tables below keep before they start afresh: few where
#: contacts are linked one at a time (a web process: it meets few names again, and a server
#: runs many such processes), many during an import (``remembering_more``), which compares
#: the same names again and again (about 100 MB at most).
KEPT = {"tokens": 20_000, "names": 50_000}
KEPT_IN_IMPORT = {"tokens": 500_000, "names": 1_500_000}
_kept = dict(KEPT)


@contextmanager
def remembering_more():
    """Keep many comparisons while inside (an import); on leaving, tables larger than the
    usual bound are emptied."""
    before = dict(_kept)
    _kept.update({kind: max(before[kind], size) for kind, size in KEPT_IN_IMPORT.items()})
    try:
        yield
    finally:
        _kept.update(before)
        _trim()


def _trim() -> None:
    global _cached, _pairs_kept
    if _cached > _kept["tokens"]:
        for rows in _TOKEN_ROWS:
            rows.clear()
        _cached = 0
    if _pairs_kept > _kept["names"]:
        _PAIRS.clear()
        _pairs_kept = 0


#: Similarities of two tokens met before: for each token key (``NameForms.token_keys``) of
#: the first, by the token key of the second; one table for names in Latin-like scripts and
#: one for a comparison where either name is in a script without vowels. Given names and
#: family names repeat: an import compares most pairs again and again. Emptied when full.
_TOKEN_ROWS: tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]] = ({}, {})
_cached = 0


def _compare_tokens(a: NameForms, i: int, b: NameForms, j: int, vowelless: bool) -> float:
    global _cached
    if _cached >= _kept["tokens"]:
        for rows in _TOKEN_ROWS:
            rows.clear()
        _cached = 0
    similarity = _token_similarity(a.tokens[i], a.variants[i], b.tokens[j], b.variants[j], vowelless)
    _TOKEN_ROWS[vowelless].setdefault(a.token_keys[i], {})[b.token_keys[j]] = similarity
    _cached += 1
    return similarity


def _pair_similarity(a: NameForms, b: NameForms) -> float:
    """Align the tokens of two names one to one (any order) and combine the mean and the
    weakest of the aligned pairs: one given name that differs (a brother, a daughter on the
    family phone) pulls the score down, a missing middle name only a little."""
    n, m = len(a.tokens), len(b.tokens)
    if not n or not m:
        return 0.0
    return _combined(_token_sims(a, b), n, m)


def _combined(sims: list[float], n: int, m: int) -> float:
    """``_aligned``, worked out more quickly for the usual short names. "The most similar
    pair, ties to the later tokens" is the last of the equal best in ``sims`` order."""
    if n == 1 or m == 1:  # one pair is aligned; every other token is outside it
        best = max(sims)
        similarity = 0.4 * best / 1 + 0.6 * best
        for _ in range(max(n, m) - 1):
            similarity *= EXTRA_OUTER
        return similarity
    if n == 2 and m == 2:  # the best pair, then the other two
        s00, s01, s10, s11 = sims
        first, second = s00, s11
        if s01 >= first:
            first, second = s01, s10
        if s10 >= first:
            first, second = s10, s01
        if s11 >= first:
            first, second = s11, s00
        return 0.4 * (first + second) / 2 + 0.6 * (first if first < second else second)
    if n == 2 or m == 2:  # two pairs aligned: the best, then the best not sharing a token with it
        best = 0
        for k in range(1, n * m):
            if sims[k] >= sims[best]:
                best = k
        bi, bj = divmod(best, m)
        other = -1
        for k in range(n * m):
            if k // m != bi and k % m != bj and (other < 0 or sims[k] >= sims[other]):
                other = k
        first, second = sims[best], sims[other]
        similarity = 0.4 * (first + second) / 2 + 0.6 * (first if first < second else second)
        oi, oj = divmod(other, m)
        low, high = (bi, oi) if n > m else (bj, oj)  # the longer name's tokens outside the two pairs
        if low > high:
            low, high = high, low
        for k in range(max(n, m)):
            if k != low and k != high:
                similarity *= EXTRA_MIDDLE if low < k < high else EXTRA_OUTER
        return similarity
    return _aligned(sims, n, m)


_NO_ROW: dict[str, float] = {}  # read only


def _token_sims(a: NameForms, b: NameForms) -> list[float]:
    """Every token of ``a`` compared with every token of ``b``: item ``i * len(b.tokens) + j``
    compares a[i] with b[j]."""
    vowelless, keys = a.vowelless or b.vowelless, b.token_keys
    rows, sims = _TOKEN_ROWS[vowelless], []
    if len(keys) == 2:  # most names: the two lookups written out, no loop per row
        first, second = keys
        for ka in a.token_keys:
            row = rows.get(ka, _NO_ROW)
            sims += (row.get(first), row.get(second))
    else:
        for ka in a.token_keys:
            sims += map(rows.get(ka, _NO_ROW).get, keys)
    if None in sims:
        m = len(keys)
        sims = [
            _compare_tokens(a, k // m, b, k % m, vowelless) if similarity is None else similarity
            for k, similarity in enumerate(sims)
        ]
    return sims


def _aligned(sims: list[float], n: int, m: int) -> float:
    """``_pair_similarity`` for any number of tokens: greedy, the most similar pair first
    (ties: the later tokens), then the best of the rest."""
    pairs = sorted(((similarity, k // m, k % m) for k, similarity in enumerate(sims)), reverse=True)
    used_a, used_b, matched = set(), set(), []
    for similarity, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append(similarity)
    similarity = 0.4 * sum(matched) / len(matched) + 0.6 * min(matched)  # the weakest pair counts most
    longer, used = (n, used_a) if n > m else (m, used_b)
    for k in range(longer):
        if k in used:
            continue
        # A name left out between two that match is a middle (father's) name: Mohammed [Ali]
        # Hassan. One before or after them is another person: Ahmed Mohammed Qasim is the son
        # of Mohammed Qasim.
        inside = used and min(used) < k < max(used)
        similarity *= EXTRA_MIDDLE if inside else EXTRA_OUTER
    return similarity


def partial_name_match(hint: NameForms, names: list[NameForms]) -> bool:
    """Does every token of a partial name (an e-mail display name such as "Nataliya")
    match a token of one of the names?"""
    if not hint.tokens:
        return True
    for f in names:
        m = len(f.tokens)
        sims = _token_sims(hint, f)
        if m and all(max(sims[i * m : (i + 1) * m]) >= TOKEN_MATCH for i in range(len(hint.tokens))):
            return True
    return False


#: Similarities of two names met before, by the key (``NameForms.key``) of the first, then
#: of the second: an import compares the same pair of names (as far as comparing goes) again
#: and again, once per contact of a person that finds the same candidates. Emptied when full.
_PAIRS: dict[str, dict[str, float]] = {}
_pairs_kept = 0


def name_similarity(left: list[NameForms], right: list[NameForms]) -> float:
    """The best similarity over every written form of both names (0..1)."""
    global _pairs_kept
    best = 0.0
    for a in left:
        row = _PAIRS.get(a.key)
        if row is None:
            if _pairs_kept >= _kept["names"]:
                _PAIRS.clear()
                _pairs_kept = 0
            row = _PAIRS[a.key] = {}
        for b in right:
            similarity = row.get(b.key)
            if similarity is None:
                similarity = row[b.key] = _pair_similarity(a, b)
                _pairs_kept += 1
            if similarity > best:
                best = similarity
    return best


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
