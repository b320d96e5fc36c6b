"""Learning the linkage weights from the register (``linkage``), and the weights in use.

Two training sessions, as Splink runs them, because a comparison that chose the pairs cannot
be learned from them: pairs found by the name blocking keys teach how birth dates,
nationality, phones and e-mail addresses of one person agree; pairs that share a phone
number or an e-mail address teach how one person's names and birth dates agree. ``u``
comes from random pairs. Nothing needs a label: the register and the contacts on file are
enough, and the estimate is made again as they grow (nightly, ``loket clients estimate-weights``).
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.db.models import Max, Min

from .. import selectors
from ..hooks import CONTACT_IDENTITIES
from ..linkage import COMPARISONS, LINKABLE_NAME_LEVEL, NAME_COUNT_ENOUGH, NULL, Weights, compare
from ..linkage_fit import choose_thresholds, estimate_m, estimate_u
from ..models import Client, LinkageEstimate
from ..scoring import FAMILY_SIZE
from .batchview import BatchView
from .contacts_register import ContactsRegister
from .identity import InvalidIdentity, parse_identity

#: Matching reads the newest estimate at most this often (seconds) in a running process.
REFRESH = 60
#: Random pairs for u: enough that a level seen once in ten thousand pairs is counted.
RANDOM_PAIRS = 100_000
PRIOR_GUESS = 1e-3
#: Below this many contacts an estimate says more about chance than about the register.
MIN_CONTACTS = 200
#: Contacts whose candidates are read together (``batchview.BatchView``, as an import reads
#: them): a few queries per this many contacts instead of four per contact.
READ_AT_ONCE = 2000
_current: dict = {"weights": None, "id": None, "checked": 0.0}


def current_weights() -> Weights:
    """The newest estimate's weights (the prior weights before the first estimate)."""
    now = time.monotonic()
    if _current["weights"] is None or now - _current["checked"] > REFRESH:
        newest = LinkageEstimate.objects.order_by("-id").values_list("id", flat=True).first()
        if newest != _current["id"] or _current["weights"] is None:
            _current["weights"] = (
                Weights.from_json(LinkageEstimate.objects.get(id=newest).weights) if newest else Weights.initial()
            )
            _current["id"] = newest
        _current["checked"] = now
    return _current["weights"]


def weights_learned() -> bool:
    """Has any estimate been made (else matching uses the prior weights)?"""
    return LinkageEstimate.objects.exists()


def forget_current() -> None:
    _current.update(weights=None, id=None, checked=0.0)


def _global_prior(weights: Weights, vectors_by_contact: list[list[tuple]], clients: int) -> float:
    """How likely a contact and a client picked at random are one person: the matches the
    model finds (each contact's likeliest candidate) over all contact–client pairs, worked
    out to a fixed point (the matches found depend on the prior). ``vectors_by_contact``:
    per contact, (comparison vector, how many clients carry its name) of each candidate.

    The prior adds the same to every pair's weight, so each contact's likeliest candidate
    is found once, by its weight without the prior, and only the sum is worked out again
    (scoring every pair in every round took a quarter of a first import's learning)."""
    pairs = max(1, len(vectors_by_contact) * max(1, clients))
    evidence = replace(weights, prior=0.5)  # a weight of the evidence alone; ``weights`` untouched
    best = Counter(
        max(evidence.match_weight(v, evidence.name_adjustment(count)) for v, count in candidates)
        for candidates in vectors_by_contact
        if candidates
    )
    prior = PRIOR_GUESS
    for _ in range(20):
        odds = math.log2(prior / (1 - prior))
        found = sum(n / (1 + 2 ** -(w + odds)) for w, n in best.items() if w + odds > -60)
        new = min(max(found / pairs, 1e-9), 0.5)
        if abs(new - prior) < prior * 1e-3:
            return new
        prior = new
    return prior


def _people(weights: Weights, vectors_by_contact: list[list[tuple]]) -> float:
    """How many people the contacts are, by the weights: each contact counts as one over
    the expected number of contacts of its person (itself and each candidate's probability
    of being the same person)."""
    return sum(
        1 / (1 + sum(weights.probability(v, weights.name_adjustment(count)) for v, count in pairs))
        for pairs in vectors_by_contact
    )


def _masked(vector: tuple[int, ...], masked: set[str]) -> tuple[int, ...]:
    return tuple(NULL if c in masked else level for c, level in zip(COMPARISONS, vector, strict=True))


def _clients_on_file() -> int:
    return Client.objects.filter(merged_into__isnull=True).count()


def _random_client_ids(rng: random.Random, n: int) -> list[int]:
    bounds = Client.objects.filter(merged_into__isnull=True).aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return []
    picks = {rng.randint(bounds["low"], bounds["high"]) for _ in range(n * 2)}
    found = list(Client.objects.filter(id__in=list(picks), merged_into__isnull=True).values_list("id", flat=True))
    rng.shuffle(found)
    return found[:n]


def _fit(random_vectors, by_names: Counter, by_details: Counter, full_by_contact, clients: int, name_share: float):
    """u from the random pairs, m by expectation–maximisation, and the prior."""
    u, random_pairs = estimate_u(random_vectors)
    # nationality goes with the name: its chance agreement where the names agree
    u_named, _ = estimate_u(v for v in random_vectors if v[0] != NULL and v[0] <= LINKABLE_NAME_LEVEL)
    from_names = estimate_m(by_names, u, free_u=True)
    from_details = estimate_m(by_details, u, free_u=True)
    m = {
        "name": from_details.m["name"],
        "birth": from_details.m["birth"],
        "nationality": [
            (a + b) / 2 for a, b in zip(from_names.m["nationality"], from_details.m["nationality"], strict=True)
        ],
        "phone": from_names.m["phone"],
        "email": from_names.m["email"],
    }
    weights = Weights(
        m, u, PRIOR_GUESS, pairs=sum(by_names.values()) + sum(by_details.values()), random_pairs=random_pairs
    )
    weights.iterations = from_names.iterations + from_details.iterations
    weights.clients = clients
    weights.name_share = name_share
    weights.u_named = {"nationality": u_named["nationality"]}
    weights.prior = _global_prior(weights, full_by_contact, clients)
    return weights, from_names, from_details


def _own_clients(linked_to: list[int | None]) -> list[int | None]:
    """The client each contact lives on in now (merges followed), or None."""
    ids = sorted({c for c in linked_to if c is not None})
    survivor = {}
    for start in range(0, len(ids), 5000):
        survivor.update(selectors.survivors(ids[start : start + 5000]))
    return [survivor.get(c, c) for c in linked_to]


@dataclass
class EstimateProgress:
    """How far an estimate is, for its caller to word in its user's language: ``contacts``
    read, ``compared`` of them with their candidates, and, once the chance agreement is
    learned, the ``random_pairs`` it came from and how many were ``left_out`` as one person."""

    contacts: int
    compared: int = 0
    random_pairs: int | None = None
    left_out: int = 0


def estimate_weights(
    *,
    identities: Iterable | None = None,
    sample: int = 20_000,
    precision: float = 0.99,
    seed: int = 0,
    progress: Callable[[EstimateProgress], None] | None = None,
) -> LinkageEstimate | None:
    """Estimate m, u and lambda from up to ``sample`` contacts on file and the register,
    choose the link threshold for ``precision``, and store the estimate (None, and the
    weights in use stay, with fewer than ``MIN_CONTACTS`` contacts).

    ``identities`` yields a ``ContactIdentity``, or ``(ContactIdentity, client id)`` for a
    contact already linked: a contact is never compared with its own client, which holds
    what the contact said. Counted as a candidate pair, it is one person by construction:
    after an import every contact had one, so the weights learned that agreeing names and
    details are surer than they are, and the link threshold fell (0.88 before the import,
    0.60 after, on bench/contact_matching.py's own set, --seed 8)."""
    if identities is None:
        provider = CONTACT_IDENTITIES.first()
        identities = provider(sample) if provider else []
    parsed, linked_to = _parsed(identities, sample)
    (progress or (lambda _progress: None))(EstimateProgress(len(parsed)))
    if len(parsed) < MIN_CONTACTS:
        return None  # too few to learn from: the weights in use stay
    return _estimate(parsed, _own_clients(linked_to), _OnFile(parsed), precision, seed, progress)


def estimate_from_contacts(
    identities: Iterable,
    *,
    sample: int = 20_000,
    precision: float = 0.99,
    seed: int = 0,
    progress: Callable[[EstimateProgress], None] | None = None,
) -> LinkageEstimate | None:
    """The same estimate from contacts alone, each compared with the others
    (``contacts_register``): for a first import, before any client is on file. The
    register these weights will meet holds people, not contacts, so the count that the
    term frequency of a name is measured against is the number of people the weights
    themselves find among the contacts."""
    parsed, _ = _parsed(identities, sample)
    (progress or (lambda _progress: None))(EstimateProgress(len(parsed)))
    if len(parsed) < MIN_CONTACTS:
        return None
    own = list(range(len(parsed)))  # contact i is "client" i: never compared with itself
    return _estimate(parsed, own, ContactsRegister(parsed), precision, seed, progress)


def _parsed(identities: Iterable, sample: int) -> tuple[list, list[int | None]]:
    parsed, linked_to = [], []
    for item in identities:
        identity, client_id = item if isinstance(item, tuple) else (item, None)
        try:
            parsed.append(parse_identity(identity))
        except InvalidIdentity:
            continue
        linked_to.append(client_id)
        if len(parsed) >= sample:
            break
    return parsed, linked_to


class _OnFile:
    """The register in the database, read by ``BatchView`` for ``READ_AT_ONCE`` contacts
    at a time."""

    def __init__(self, parsed):
        self.parsed, self._view = parsed, None

    def reads_for(self, n: int):
        if n % READ_AT_ONCE == 0:  # what the next contacts ask, read in a few queries
            self._view = BatchView(flush=lambda: None).load(self.parsed[n : n + READ_AT_ONCE])
        return self._view

    @property
    def clients(self) -> int:
        return _clients_on_file()

    def random_profiles(self, rng: random.Random, n: int):
        ids = _random_client_ids(rng, n)
        details = selectors.client_details(ids)  # rows in the database's order, which may vary
        return [details[cid].profile() for cid in ids if cid in details]


def _estimate(parsed, own, register, precision, seed, progress) -> LinkageEstimate:
    say = progress or (lambda _progress: None)
    rng = random.Random(seed)
    by_names, by_details, full = Counter(), Counter(), Counter()
    full_by_contact: list[list[tuple[tuple[int, ...], int | None]]] = []
    name_counts: list[int | None] = []
    for n, one in enumerate(parsed):
        view = register.reads_for(n)
        incoming = one.profile()
        hits = view.exact_hits(phone=one.phone, email=one.email)
        crowded = frozenset(
            value for value, holders in ((one.phone, hits.phone), (one.email, hits.email)) if len(holders) > FAMILY_SIZE
        )
        named = set(view.candidate_ids(one.match_keys)) if incoming.names else set()
        detailed = set(hits.phone) | set(hits.email)
        named.discard(own[n])  # the contact's own client holds what it said: itself, not evidence
        detailed.discard(own[n])
        found = view.profiles(sorted(named | detailed))  # in id order: the sums below add up alike
        count = view.name_count(one.count_keys, enough=NAME_COUNT_ENOUGH) if one.count_keys else None
        name_counts.append(count)
        full_by_contact.append([])
        for cid, (_details, profile) in found.items():
            vector = compare(incoming, profile, crowded=crowded)
            if cid in named:  # name and birth year chose these pairs: they teach the other fields
                by_names[_masked(vector, {"name", "birth"})] += 1
                full[vector, count] += 1
                full_by_contact[-1].append((vector, count))
            if cid in detailed:
                by_details[_masked(vector, {"phone", "email"})] += 1
        if (n + 1) % 2000 == 0:
            say(EstimateProgress(len(parsed), compared=n + 1))
    clients = register.clients
    # the average part of the register an incoming name is found with: the reference the
    # term frequency adjustment of a name is measured against
    counts = [max(count, 1) for count in name_counts if count is not None]
    name_share = sum(counts) / len(counts) / max(clients, 1) if counts else 0.0
    incomings = [one.profile() for one in parsed]
    randoms = register.random_profiles(rng, 20_000)
    pairs_wanted = min(RANDOM_PAIRS, len(parsed) * len(randoms))
    random_vectors = [
        compare(rng.choice(incomings), rng.choice(randoms)) for _ in range(pairs_wanted if randoms else 0)
    ]
    weights, from_names, from_details = _fit(random_vectors, by_names, by_details, full_by_contact, clients, name_share)
    # In a register of a few thousand, about one random contact–client pair in a thousand is
    # one person, and those few make an exact birth date look ten times as common by chance
    # as it is: the pairs the first fit takes for one person are left out, and u fitted again.
    chance = [v for v in random_vectors if weights.probability(v) < 0.5]
    weights, from_names, from_details = _fit(chance, by_names, by_details, full_by_contact, clients, name_share)
    say(
        EstimateProgress(
            len(parsed), len(parsed), random_pairs=weights.random_pairs, left_out=len(random_vectors) - len(chance)
        )
    )
    weights.notes.append(
        f"{len(parsed)} contacts, {clients} clients; name-blocked pairs: {sum(by_names.values())} "
        f"(lambda {from_names.prior:.4f}); pairs sharing a phone or e-mail address: {sum(by_details.values())} "
        f"(lambda {from_details.prior:.4f}); prior for a random pair {weights.prior:.3g}"
    )
    weights.notes.append(
        f"nationality agreement among random pairs whose names agree: {weights.u_named['nationality'][0]:.3f}, "
        f"among all: {weights.u['nationality'][0]:.3f}"
    )
    adjusted = Counter()
    for (vector, count), n in full.items():
        adjusted[vector, weights.name_adjustment(count)] += n
    choose_thresholds(weights, adjusted, precision=precision)  # its reasoning is kept in weights.notes
    if isinstance(register, ContactsRegister):
        weights.clients = max(1, round(_people(weights, full_by_contact)))
        weights.notes.append(
            f"learned from the contacts among themselves: {weights.clients} people among them by these weights"
        )
        clients = _clients_on_file()
    estimate = LinkageEstimate.objects.create(contacts=len(parsed), clients=clients, weights=weights.as_json())
    forget_current()
    return estimate
