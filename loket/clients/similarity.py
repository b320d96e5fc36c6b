"""How alike two names are (0..1), for ``scoring``: the names are split into tokens, the
tokens aligned one to one in any order, and every written form of both names compared. An
import compares the same tokens and names again and again, so the comparisons met before
are kept in two tables, bounded by ``KEPT`` (``remembering_more`` raises the bound for an
import). Kept apart from the combined score because this is where the time and the memory
of matching go (bench/RESULTS.md), and its quick paths are tested against the general one."""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .names import NameForms

#: A token "matches" another from this similarity (Nataliya ~ Nataliia, not ~ Julia).
TOKEN_MATCH = 0.80
#: Factor for each name token only one side has: in the middle, at either end.
EXTRA_MIDDLE = 0.92
EXTRA_OUTER = 0.75


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
