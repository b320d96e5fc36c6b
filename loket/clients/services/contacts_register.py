"""The contacts of a file as a register of their own, to learn the linkage weights from
before any client is on file (``estimation.estimate_from_contacts``).

A first import into an empty register has no clients to compare its contacts with, so the
weights would be the prior ones until the first nightly estimate, and an import of a few
thousand contacts sent a quarter of them to an agent. Splink learns a deduplication from
the records themselves; here each contact of the sample stands for a client made from it,
with the blocking keys, phone and e-mail address such a client would hold, and answers
the reads estimation asks of the register (as ``batchview.BatchView`` does), from memory.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from itertools import chain

from .. import blocking
from ..scoring import Profile
from ..selectors import MAX_HOLDERS, ExactHits
from .identity import ParsedIdentity


class ContactsRegister:
    """Contact ``i`` of ``parsed`` is "client" ``i``."""

    def __init__(self, parsed: list[ParsedIdentity]):
        self._profiles: list[Profile] = [one.profile() for one in parsed]
        self.postings: dict[int, list[int]] = defaultdict(list)
        self._holders: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, one in enumerate(parsed):
            if one.name_forms:
                for key in blocking.client_keys(one.name_forms, one.birth.year):
                    self.postings[key].append(i)
            for kind, value in (("phone", one.phone), ("email", one.email)):
                if value:
                    self._holders[kind, value].append(i)

    def reads_for(self, n: int) -> ContactsRegister:
        return self  # all in memory already

    @property
    def clients(self) -> int:
        return len(self._profiles)

    def exact_hits(self, *, phone="", email="") -> ExactHits:
        return ExactHits(
            phone=self._holders.get(("phone", phone), [])[:MAX_HOLDERS] if phone else [],
            email=self._holders.get(("email", email), [])[:MAX_HOLDERS] if email else [],
        )

    def candidate_ids(self, keys) -> list[int]:
        """The contacts sharing the most keys, as ``blocking.candidate_ids`` ranks clients."""
        counts = Counter(chain.from_iterable(self.postings.get(key, ())[: blocking.MAX_POSTING] for key in keys))
        ranked = sorted(counts)
        ranked.sort(key=counts.__getitem__, reverse=True)
        return ranked[: blocking.MAX_CANDIDATES]

    def name_count(self, keys, enough: int) -> int | None:
        if not keys:
            return None
        return min(min(len(self.postings.get(key, ())), enough) for key in keys)

    def profiles(self, ids) -> dict[int, tuple[None, Profile]]:
        return {i: (None, self._profiles[i]) for i in ids}

    def random_profiles(self, rng: random.Random, n: int) -> list[Profile]:
        picks = list(range(len(self._profiles)))
        rng.shuffle(picks)
        return [self._profiles[i] for i in picks[:n]]
