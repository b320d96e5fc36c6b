"""Linking an incoming contact to a client (koppelen): one person, one client, on any channel.

``deciding`` works out what should happen to a contact, reading only (the order of evidence
is described there); this module carries the decision out (a link and the details it adds,
a merge, a new client or a review item) for one contact or a batch of them (an import),
with the audit entries, and retries when a concurrent contact stored the same identifier.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from ...core import audit, dbstats, fastsql
from ..models import (
    CaseReference,
    Client,
    ClientBlockingKey,
    ClientEmail,
    ClientMerge,
    ClientName,
    ClientPhone,
    ReviewCandidate,
    ReviewItem,
)
from ..scoring import Profile
from . import carried, pending
from .common import check_actor
from .deciding import Candidate, _Decision, decide
from .identity import ContactIdentity, InvalidIdentity, ParsedIdentity, parse_identity
from .keys import ensure_fresh
from .merging import AlreadyMerged, merge_clients
from .registry import create_from_identity, enrich


@dataclass
class MatchResult:
    client: Client | None  # None when the outcome is "review" (an agent decides)
    outcome: str  # "linked" | "review" | "new"
    score: float  # 0..1
    reasons: list[str]  # which fields matched, e.g. ["v_number exact"]
    candidates: list[Candidate] = field(default_factory=list)  # best first; the review queue's choices
    review: ReviewItem | None = None
    merges: list[ClientMerge] = field(default_factory=list)


def link_contact(*, identity: ContactIdentity, actor, create: bool = True, source: str = "") -> MatchResult:
    """Find (or make) the client an incoming contact is from.

    ``create=False`` writes nothing at all: no new client, review item, merge or added
    detail; the result says what would happen. ``source`` names what waits on a review
    (a contact reference, say). Raises InvalidIdentity (a ValueError and a ValidationError)
    naming each field that cannot be read, and StaleKeys when the stored blocking keys
    were made by another recipe (``keys.ensure_fresh``).
    """
    check_actor(actor)
    ensure_fresh()
    return _link_parsed(parse_identity(identity), identity, actor=actor, create=create, source=source)


def link_contacts(
    *,
    identities: list[ContactIdentity],
    actor,
    sources: list[str] | None = None,
    create: bool = True,
    parsed: list[ParsedIdentity | None] | None = None,
    log: list | None = None,
) -> list[MatchResult | InvalidIdentity]:
    """``link_contact`` for a batch (an import), in order, in one transaction: each contact
    sees the clients the ones before it made, so every decision is the one ``link_contact``
    would take called in the same order. A contact whose identity cannot be read gives its
    InvalidIdentity in its place and changes nothing; the others go on. ``parsed`` may hold
    each identity already read by ``parse_identity`` (in another process, say; None: read it
    here).

    The audit log gets one entry for the batch ("clients.batch_linked": counts and the
    clients and review items touched) instead of one per contact; the importer logs each
    batch of contacts itself. Merges still log each merge (they can be undone one by one).
    ``log``, a list: these entries are added there, for the caller to record at the end of
    its transaction (an import: the audit chain's head is then locked last, after the rows
    the batch writes, as every use case locks them; locked first, an agent answering a
    question the batch joins waited for the batch while the batch waited for the agent)."""
    check_actor(actor)
    ensure_fresh()
    sources = sources or [""] * len(identities)
    parsed_all = _parse_all(identities, parsed or [None] * len(identities))
    entries: list[dict] = []
    try:
        with transaction.atomic():
            results = _link_batch(
                identities, sources, parsed_all, actor=actor, create=create, buffered=True, log=entries
            )
    except (IntegrityError, AlreadyMerged):
        # A concurrent intake stored a V-number or case reference this batch also stores, or
        # staff merged a client the batch was about to merge: start again, one contact at a
        # time (each looks again and retries, as link_contact).
        carried.forget()
        entries = []
        with transaction.atomic():
            results = _link_batch(
                identities, sources, parsed_all, actor=actor, create=create, buffered=False, log=entries
            )
    if log is not None:
        log.extend(entries)
    else:
        audit.record_many(entries, actor=actor)
    return results


def _parse_all(identities, parsed) -> list[ParsedIdentity | InvalidIdentity]:
    out = []
    for identity, ready in zip(identities, parsed, strict=True):
        if ready is not None:
            out.append(ready)
            continue
        try:
            out.append(parse_identity(identity))
        except InvalidIdentity as exc:
            out.append(exc)
    return out


def _link_batch(identities, sources, parsed_all, *, actor, create: bool, buffered: bool, log: list):
    """The batch's results; its audit entries (each merge's, then the batch's) go to ``log``."""
    results: list[MatchResult | InvalidIdentity] = []
    merged: list[dict] = []  # the audit entries of the batch's merges, recorded with the batch's own
    with pending.batch() if buffered else nullcontext() as batch:
        if buffered:  # everything the batch can ask, read at once (see batchview)
            batch.load([p for p in parsed_all if not isinstance(p, InvalidIdentity)])
        for identity, source, parsed in zip(identities, sources, parsed_all):
            if isinstance(parsed, InvalidIdentity):
                results.append(parsed)
                continue
            if buffered:  # no savepoint per contact: an IntegrityError restarts the whole batch
                decision = decide(parsed)
                results.append(
                    _carry_out(decision, parsed, identity, actor, source, log=False, merged=merged)
                    if create
                    else MatchResult(
                        decision.client, decision.outcome, decision.score, decision.reasons, decision.candidates
                    )
                )
            else:
                results.append(_link_parsed(parsed, identity, actor=actor, create=create, source=source, merged=merged))
    if create and identities:
        log.extend([*merged, _batch_entry(results, sources=sources)])
    return results


def _batch_entry(results, *, sources) -> dict:
    counts = {"contacts": len(results), "linked": 0, "new": 0, "review": 0, "invalid": 0, "merges": 0}
    created, linked, reviews = [], [], []
    for result in results:
        if isinstance(result, InvalidIdentity):
            counts["invalid"] += 1
            continue
        counts[result.outcome] += 1
        counts["merges"] += len(result.merges)
        if result.outcome == "new":
            created.append(result.client.pk)
        elif result.outcome == "linked":
            linked.append(result.client.pk)
        else:
            reviews.append(result.review.pk)
    return dict(
        action="clients.batch_linked",
        object_type="clients.client",
        data={
            **counts,
            "created_clients": created,
            "linked_clients": sorted(set(linked)),
            "review_items": reviews,
            "first_source": next((s for s in sources if s), ""),
            "last_source": next((s for s in reversed(sources) if s), ""),
        },
    )


def _link_parsed(
    parsed: ParsedIdentity,
    identity: ContactIdentity,
    *,
    actor,
    create: bool,
    source: str,
    merged: list[dict] | None = None,
) -> MatchResult:
    """``merged``, a list (in a batch): the contact's audit entry is the batch's, and the
    entries of its merges go there."""
    for attempt in range(2):
        own: list[dict] = []  # an attempt undone leaves no entries behind
        try:
            with transaction.atomic():
                decision = decide(parsed)
                if not create:
                    return MatchResult(
                        decision.client, decision.outcome, decision.score, decision.reasons, decision.candidates
                    )
                if merged is None:
                    return _carry_out(decision, parsed, identity, actor, source)
                result = _carry_out(decision, parsed, identity, actor, source, log=False, merged=own)
            merged.extend(own)
            return result
        except (IntegrityError, AlreadyMerged):
            # a concurrent contact registered the same V-number or case, or a client was
            # merged meanwhile: look again
            if attempt:
                raise
    raise AssertionError("unreachable")


def _carry_out(
    decision: _Decision,
    parsed: ParsedIdentity,
    identity: ContactIdentity,
    actor,
    source: str,
    log: bool = True,
    merged: list[dict] | None = None,
) -> MatchResult:
    """Do what was decided; ``log=False`` leaves the audit entry to the batch (link_contacts),
    ``merged``, a list, the entries of the merges too."""
    merges = []
    if decision.outcome == "linked":
        client, known = decision.client, decision.profile
        batch = pending.current()
        if decision.merge and batch is not None:  # the merge reads and moves these clients' rows only
            batch.before_merges({client.pk, *(other.pk for other in decision.merge)})
        for other in decision.merge:
            merges.append(
                merge_clients(
                    keep=client,
                    merge=other,
                    actor=actor,
                    automatic=True,
                    reason="one contact carried identifiers of both: " + ", ".join(decision.reasons),
                    log=merged,
                )
            )
            if batch is not None:
                batch.follow_merge(merges[-1])
        if merges:
            client, known = _after_merges(client, merges)
        added = enrich(client, parsed, known=known, skip=decision.skip)
        if log:
            audit.record(
                actor=actor,
                action="clients.client.linked",
                obj=client,
                data={"source": source, "score": decision.score, "reasons": decision.reasons, "added": added},
            )
        return MatchResult(client, "linked", decision.score, decision.reasons, decision.candidates, merges=merges)
    if decision.outcome == "new":
        client = create_from_identity(parsed, skip=decision.skip)
        if log:
            audit.record(
                actor=actor,
                action="clients.client.created",
                obj=client,
                data={"source": source, "reasons": decision.reasons},
            )
        return MatchResult(client, "new", decision.score, decision.reasons, decision.candidates)
    item = fastsql.build(
        ReviewItem, identity=identity.as_dict(), source=source, score=decision.score, reasons=decision.reasons
    )
    if (batch := pending.current()) is not None and not log:
        # written with the batch (linking never reads review items)
        batch.add_review(item, [(c.client_id, c.score, c.reasons) for c in decision.candidates])
    else:
        item.save()
        ReviewCandidate.objects.bulk_create(
            [
                ReviewCandidate(item=item, client_id=c.client_id, score=c.score, reasons=c.reasons)
                for c in decision.candidates
            ]
        )
    if log:
        audit.record(
            actor=actor,
            action="clients.review.opened",
            obj=item,
            data={"source": source, "score": decision.score, "candidates": [c.client.pk for c in decision.candidates]},
        )
    return MatchResult(None, "review", decision.score, decision.reasons, decision.candidates, review=item)


def _after_merges(client: Client, merges: list[ClientMerge]) -> tuple[Client, Profile | None]:
    """The kept client as the merges left it, and its profile when a batch's view reads
    for it: the view follows each merge, and the contact's details then wait with the
    batch's other rows, as after any link. Without a view, the row is read again and
    ``enrich`` reads the rest from the database."""
    if (batch := pending.current()) is None or batch.view is None:
        client.refresh_from_db()
        return client, None
    details, profile = batch.view.profiles([client.pk])[client.pk]
    return details.client, profile


def refresh_statistics() -> None:
    """Refresh PostgreSQL's statistics of the tables linking reads, as an import has
    about doubled them (``core.dbstats``)."""
    dbstats.analyze(Client, ClientName, ClientPhone, ClientEmail, CaseReference, ClientBlockingKey, ClientMerge)
