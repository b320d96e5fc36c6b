"""What should happen to an incoming contact (``decide``), worked out without writing
anything; ``linking`` carries the decision out.

Order of evidence:

1. exact identifiers: the V-number, a case reference, and a phone number or e-mail address
   that belongs to one client only and is not a representative's. A phone or address held by
   several clients (a family, a lawyer) is not an identifier: it only adds to a score. An
   exclusive phone or address whose holder's name or birth date clearly differs is not taken
   either (a family member not yet on file calling from the same phone);
2. when exact identifiers point at two clients that can be one person, they are merged
   (automatically, logged, reversible); when they cannot (two V-numbers, conflicting birth
   dates), an agent decides;
3. otherwise a score over name, birth date, nationality and shared contact details, for the
   few candidates the blocking keys find. Above the link threshold it links, in the band
   below an agent confirms in the review queue, below that a new client is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from .. import selectors
from ..linkage import NAME_COUNT_ENOUGH, score_pair
from ..models import Client
from ..names import forms
from ..scoring import (
    AMBIGUITY_MARGIN,
    BIRTH_YEARS,
    FAMILY_SIZE,
    LINK_THRESHOLD,
    MAX_NAMESAKES,
    NAME_FLOOR,
    REVIEW_THRESHOLD,
    Profile,
    expected_namesakes,
    score,
    score_within_reach,
)
from ..similarity import name_similarity, partial_name_match
from . import pending
from .estimation import current_weights
from .identity import ParsedIdentity

MAX_REVIEW_CANDIDATES = 10


class Candidate:
    """A client matching considered: unpacks as ``(client, score, reasons)``. The Client
    object is made when first asked for (an import sends most candidates straight to the
    review queue, which needs only their ids)."""

    __slots__ = ("_client", "_details", "client_id", "reasons", "score")

    def __init__(self, client: Client | None, score: float, reasons: list[str], *, details=None):
        self._client, self._details = client, details
        self.client_id = client.pk if client is not None else details.client_id
        self.score, self.reasons = score, reasons

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = self._details.client
        return self._client

    def __iter__(self):
        return iter((self.client, self.score, self.reasons))

    def __repr__(self):
        return f"Candidate(client={self.client_id}, score={self.score}, reasons={self.reasons})"


@dataclass
class _Decision:
    outcome: str
    client: Client | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    merge: list[Client] = field(default_factory=list)
    profile: Profile | None = None
    skip: frozenset = frozenset()


def decide(parsed: ParsedIdentity) -> _Decision:
    """What should happen to a contact, without changing anything."""
    incoming = parsed.profile()
    if parsed.is_empty:
        return _Decision("new", reasons=["nothing identifies the sender"])
    reads = pending.reads()
    hits = reads.exact_hits(v_number=parsed.v_number, case_ref=parsed.case_ref, phone=parsed.phone, email=parsed.email)
    skip = frozenset(
        k for k, rep in (("phone", hits.representative_phone), ("email", hits.representative_email)) if rep
    )
    anchors, support, found = _exact(hits, incoming, parsed.email_name, reads)
    if anchors:
        decision = _from_anchors(anchors, found, incoming)
        decision.skip = skip
        return decision
    ids = reads.candidate_ids(parsed.match_keys) + support
    # A detail on many clients' files (an unregistered lawyer's) says little; a registered
    # representative's says "one of the clients they were authorised for".
    crowded = frozenset(
        value
        for value, holders in ((parsed.phone, hits.phone), (parsed.email, hits.email))
        if value and len(holders) > FAMILY_SIZE
    )
    # how common the name is: the learned weights adjust the name's weight by it (term
    # frequency); the rules and the weights before any estimate only ask whether a year
    # alone may link it
    rules = settings.CLIENT_MATCHER == "rules"
    weights = None if rules else current_weights()
    count = None
    if incoming.names and parsed.birth.known:
        enough = NAME_COUNT_ENOUGH if weights is not None and weights.clients else int(MAX_NAMESAKES * BIRTH_YEARS) + 1
        count = reads.name_count(parsed.count_keys, enough=enough)
    if weights is None:
        scored, link_at, review_at = _scored_by_rules(incoming, ids, crowded, count, reads)
    else:
        link_at, review_at = weights.link_threshold, weights.review_threshold
        common = count is not None and expected_namesakes(count) > MAX_NAMESAKES
        scored = []
        for cid, (details, profile) in reads.profiles(ids).items():
            scored_one = score_pair(weights, incoming, profile, crowded=crowded, common_name=common, name_count=count)
            if scored_one is not None:
                scored.append((cid, scored_one, profile, details))
    scored.sort(key=lambda row: (-row[1].score, row[0]))
    candidates = [Candidate(None, s.score, s.reasons, details=d) for _cid, s, _p, d in scored if s.score >= review_at]
    if not candidates:
        reasons = [f"best candidate {scored[0][1].score:.2f}"] if scored else ["no candidate"]
        if len(set(ids)) > len(scored):
            reasons.append(f"{len(set(ids)) - len(scored)} ruled out without comparing names")
        return _Decision("new", reasons=reasons, skip=skip)
    _cid, best, profile, details = scored[0]
    runner_up = scored[1][1].score if len(scored) > 1 else 0.0
    if rules:
        ambiguous = runner_up >= REVIEW_THRESHOLD and best.score - runner_up < AMBIGUITY_MARGIN
    else:
        # a second linkable candidate as likely as not: one person on file twice, or twins
        ambiguous = len(scored) > 1 and scored[1][1].can_link and runner_up >= 0.5
    if best.score >= link_at and best.can_link and not ambiguous:
        return _Decision("linked", details.client, best.score, best.reasons, candidates, profile=profile, skip=skip)
    reasons = list(best.reasons) + (["two candidates too close to call"] if ambiguous else [])
    return _Decision("review", None, best.score, reasons, candidates[:MAX_REVIEW_CANDIDATES], skip=skip)


def _scored_by_rules(incoming, ids, crowded, count, reads):
    """The hand-set score of ``scoring`` (before the weights were learned), kept for comparison."""
    scored = []
    for cid, (details, profile) in reads.profiles(ids).items():
        if (scored_one := score_within_reach(incoming, profile, crowded=crowded, name_count=count)) is not None:
            scored.append((cid, scored_one, profile, details))
    return scored, LINK_THRESHOLD, REVIEW_THRESHOLD


def _compatible(incoming: Profile, profile: Profile, hint: str = "") -> bool:
    """Could the sender be this client? Not when the birth dates conflict, nor when the
    names clearly differ, nor when only the sender has a name (a client made from a nameless
    contact holds a phone that may be a family's). Without a name, the display name of the
    e-mail address (often a first name alone) must match one of the client's names."""
    if incoming.birth.compatible(profile.birth) == "conflict":
        return False
    if not incoming.names:
        return not (hint and profile.names) or partial_name_match(forms(hint), profile.names)
    return bool(profile.names) and name_similarity(incoming.names, profile.names) >= NAME_FLOOR


def _exact(hits: selectors.ExactHits, incoming: Profile, hint: str, reads):
    """(anchors, support ids, profiles): the clients an exact identifier points at, as
    (kind, client id); the clients sharing a detail that proves nothing by itself."""
    anchors = [("v_number", cid) for cid in hits.v_number[:1]] + [("case_ref", cid) for cid in hits.case_ref[:1]]
    support = list(hits.represented)
    exclusive = {}
    for kind in ("phone", "email"):
        ids = getattr(hits, kind)
        if len(ids) == 1 and not getattr(hits, f"representative_{kind}"):
            exclusive[kind] = ids[0]
        else:
            support.extend(ids)
    found = reads.profiles([cid for _, cid in anchors] + list(exclusive.values()))
    for kind, cid in exclusive.items():
        if _compatible(incoming, found[cid][1], hint):
            anchors.append((kind, cid))
        else:
            support.append(cid)
    return anchors, support, {cid: (details.client, profile) for cid, (details, profile) in found.items()}


def _from_anchors(anchors, found, incoming: Profile) -> _Decision:
    ids = list(dict.fromkeys(cid for _, cid in anchors))
    reasons = [f"{kind} exact" for kind, _ in anchors]
    if len(ids) == 1:
        client, profile = found[ids[0]]
        detail = score(incoming, profile)
        authoritative = any(kind in ("v_number", "case_ref") for kind, _ in anchors)
        if (
            authoritative
            and detail.birth == "conflict"
            and incoming.names
            and profile.names
            and name_similarity(incoming.names, profile.names) < NAME_FLOOR
        ):
            return _Decision(
                "review",
                None,
                detail.score,
                reasons + ["name and birth date differ"],
                [Candidate(client, detail.score, reasons + detail.reasons)],
            )
        confirming = [
            r
            for r in detail.reasons
            if r.startswith(("name", "birth date", "birth year", "nationality")) and "differ" not in r
        ]
        return _Decision("linked", client, 1.0, reasons + confirming, profile=profile)
    # Several clients, each proven by an exact identifier: one person on file twice?
    clients = [found[i] for i in ids]
    if _one_person(clients):
        keep = min(clients, key=lambda cp: (cp[0].v_number is None, cp[0].pk))[0]
        return _Decision(
            "linked", keep, 1.0, reasons + ["clients merged"], merge=[c for c, _ in clients if c.pk != keep.pk]
        )
    candidates = [Candidate(c, 1.0, [f"{k} exact" for k, cid in anchors if cid == c.pk]) for c, _ in clients]
    return _Decision("review", None, 1.0, reasons + ["identifiers point at different clients"], candidates)


def _one_person(clients: list[tuple[Client, Profile]]) -> bool:
    v_numbers = {c.v_number for c, _ in clients if c.v_number}
    if len(v_numbers) > 1:
        return False
    for i, (_, a) in enumerate(clients):
        for _, b in clients[i + 1 :]:
            if a.birth.compatible(b.birth) == "conflict":
                return False
            if a.names and b.names and name_similarity(a.names, b.names) < NAME_FLOOR:
                return False
    return True
