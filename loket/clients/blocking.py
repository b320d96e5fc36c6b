"""Blocking keys: the few index entries under which a client can be found again, so that
matching reads a handful of candidates instead of every client on file.

Each key is a 64-bit hash of one of:

* ``t|<skeleton>|<birth year>`` for each name token: survives a typo in another token and
  any name order;
* ``p|<skeleton>|<skeleton>`` for each pair of name tokens (two tokens with one skeleton
  too): finds people when the contact
  gives no birth year, and tells how common a name is;
* ``u|<skeleton>|<skeleton>``, the same, only for clients whose birth year is unknown;
* ``n|<skeleton>`` for each name token: only for staff search by name.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from itertools import combinations

from django.db import connection

from .names import NameForms, forms

MAX_CANDIDATES = 30
MAX_POSTING = 3000

#: The version of the recipe that makes a client's stored blocking keys (this module) and
#: its names' folded search forms (``names.forms``: tokens, skeletons, variants). Raise it
#: with any change to either that changes a key or a folded name: every client then carries
#: an older version (``Client.keys_recipe``), matching refuses to run on the stale keys, and
#: ``loket clients rebuild-keys`` rebuilds them (README, "Keys that cannot go stale").
#: 2: pairs of tokens with one skeleton (Mohammad Mohammadi), and ``dh`` read as d as well
#: as z (Gebremedhin ~ Gebremedin) (issue 16, item 4).
RECIPE = 2


@lru_cache(maxsize=500_000)
def key_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def _skeletons(names: list[NameForms]) -> set[str]:
    return {s for f in names for variants in f.variants for s in variants}


def skeleton_pairs(spelling: tuple[str, ...]) -> set[tuple[str, str]]:
    """Every pair of a name's token skeletons, in sorted order: the same whatever the order
    the tokens were written in. Two tokens with one skeleton make a pair too (Mohammad
    Mohammadi, Mohammed Mohammed: both ``mhmd``), else such a name had no pair key at all
    and could not be found without a year of birth (recipe 2)."""
    return set(combinations(sorted(spelling), 2))


def _pairs(names: list[NameForms], prefix: str) -> set[int]:
    keys = set()
    for f in names:
        for spelling in {f.skeletons, tuple(v[-1] for v in f.variants)}:
            for a, b in skeleton_pairs(spelling):
                keys.add(key_hash(f"{prefix}|{a}|{b}"))
    return keys


def match_keys(names: list[NameForms], year: int | None) -> set[int]:
    """The keys matching looks up for a sender with these names and birth year: with a
    year, each token with that year and the pairs of clients whose year is unknown; without
    one, the pairs of every client (the long lists of common names are read only then)."""
    if not year:
        return _pairs(names, "p")
    return {key_hash(f"t|{s}|{year}") for s in _skeletons(names)} | _pairs(names, "u")


def search_keys(names: list[NameForms]) -> set[int]:
    return {key_hash(f"n|{s}") for s in _skeletons(names)}


def client_keys(names: list[NameForms], year: int | None) -> set[int]:
    """Every key stored for a client."""
    keys = _pairs(names, "p") | search_keys(names)
    if year:
        keys |= {key_hash(f"t|{s}|{year}") for s in _skeletons(names)}
    else:
        keys |= _pairs(names, "u")
    return keys


def keys_of_names(names, year: int | None) -> set[int]:
    """``client_keys`` of names as written. Every kind of key is made per name, so a client's
    keys are the union of its names' keys: each name's are kept (by name and year), as they
    are asked again whenever a name or birth date comes to the client."""
    keys: set[int] = set()
    for name in names:
        keys |= _name_keys(name, year)
    return keys


@lru_cache(maxsize=50_000)  # about 1 KB each: the names an import is likely to meet again
def _name_keys(name: str, year: int | None) -> frozenset[int]:
    return frozenset(client_keys([forms(name)], year))


def count_keys(names: list[NameForms]) -> set[int]:
    """The keys ``name_count`` reads."""
    return {key_hash(f"p|{a}|{b}") for f in names for a, b in skeleton_pairs(f.skeletons)}


def name_count(names: list[NameForms], *, enough: int = 100) -> int | None:
    """How many clients on file carry this name (counted up to ``enough``): the smallest
    number holding a pair of its tokens, an upper bound that is close for names of two or
    three tokens. None for a one-word name."""
    return count_by_keys(count_keys(names), enough=enough)


def count_by_keys(pairs, *, enough: int = 100) -> int | None:
    """``name_count`` from the name's ``count_keys``."""
    if not pairs:
        return None
    counts = []
    with connection.cursor() as cursor:
        for key in pairs:
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM clients_clientblockingkey WHERE key = %s LIMIT %s) AS hit",
                [key, enough],
            )
            counts.append(cursor.fetchone()[0])
    return min(counts)


def candidate_ids(keys: set[int], *, limit: int = MAX_CANDIDATES) -> list[int]:
    """Client ids sharing the most keys with ``keys``, best first (one indexed query). Each
    key's list is read up to MAX_POSTING rows: only a very common name without a year of
    birth has longer ones, and such a contact goes to an agent anyway. The lowest ids, in
    the order of the (key, client) index: without ORDER BY, PostgreSQL cuts a long list
    wherever its plan happens to read, so the same clients could be found or not."""
    if not keys:
        return []
    one = (
        f"SELECT client_id FROM (SELECT client_id FROM clients_clientblockingkey WHERE key = %s "
        f"ORDER BY client_id LIMIT {MAX_POSTING}) AS k"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT client_id FROM ({' UNION ALL '.join([one] * len(keys))}) AS hits "
            f"GROUP BY client_id ORDER BY COUNT(*) DESC, client_id LIMIT %s",
            [*keys, limit],
        )
        return [row[0] for row in cursor.fetchall()]
