"""The one place where the contact app talks to the clients app.

Every contact is linked to a client through the clients app's matching service
(``loket.clients.services.link_contact``); this module turns a checked contact into the
identity that service takes, and answers the two questions contact asks about clients
after merges: which client does this one live on in, and which clients live on in it.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace

from loket.clients import selectors as client_selectors, services as clients
from loket.clients.models import Client, ClientMerge

UNREADABLE, TOO_LONG = clients.UNREADABLE, clients.TOO_LONG
MAX_NAME = clients.MAX_NAME
doubt_label = clients.doubt_label
read_email = clients.read_email
normalise_email = clients.normalise_email
parse_v_number = clients.parse_v_number
parse_case_ref = clients.parse_case_ref


def parse_identity(**fields):
    """Every identity field read and checked by the clients app; raises its InvalidIdentity
    (a ValueError with ``message_dict``) naming each bad field."""
    return clients.parse_identity(clients.ContactIdentity(**fields))


@dataclass
class Link:
    """What the matching service said about one contact."""

    client_id: int | None
    outcome: str
    score: float | None
    reasons: list[str] = field(default_factory=list)
    candidate_ids: list[int] = field(default_factory=list)
    language: str = ""
    merged_into: list[int] = field(default_factory=list)  # clients that others were merged into, linking this


def _identity(data):
    return clients.ContactIdentity(
        name=data.name,
        birth_date=data.birth_date,
        nationality=data.nationality,
        v_number=data.v_number,
        email=data.email,
        phone=data.phone,
        case_ref=data.case_ref,
        language=data.language,
    )


IDENTITY_FIELDS = ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref")


def anonymous(data) -> Link | None:
    """A contact that says nothing about its sender (a caller who gave no name, say), or
    only doubtful details (an odd number), is stored without a client: matching it would
    only make an empty client."""
    doubts = getattr(data, "doubts", None) or {}
    if any(getattr(data, f) for f in IDENTITY_FIELDS if f not in doubts):
        return None
    return Link(client_id=None, outcome="", score=None, reasons=["nothing identifies the sender"])


def link(data, *, actor) -> Link:
    """Link one checked contact to a client through the matching service; ``source`` is
    the contact's ref, so a review decided later finds its way back (see ``signals.py``)."""
    if (nobody := anonymous(data)) is not None:
        return nobody
    try:
        result = clients.link_contact(identity=_identity(data), actor=actor, create=True, source=data.ref)
    except clients.StaleKeys:
        # The contact happened: it is kept, without a client, until the keys are rebuilt.
        return Link(client_id=None, outcome="", score=None, reasons=["not matched: blocking keys are stale"])
    return _as_link(result)


StaleKeys = clients.StaleKeys
ensure_fresh_keys = clients.ensure_fresh
refresh_statistics = clients.refresh_statistics
weights_learned = clients.weights_learned


def learn_weights(raws, *, progress=None) -> int:
    """Learn the matching service's weights from the identities of raw contacts (each a
    dict of a line's fields, as text) among themselves; how many contacts they were learned
    from (0: too few, the prior weights stay)."""

    def identities():
        for raw in raws:
            fields = {f: raw[f] for f in IDENTITY_FIELDS if f in raw}
            if any(v.strip() for v in fields.values()):  # an anonymous contact teaches nothing
                yield clients.ContactIdentity(**fields)

    estimate = clients.estimate_from_contacts(identities(), progress=progress)
    return estimate.contacts if estimate is not None else 0


def parsed_identity(data, checked=None):
    """The identity of a checked contact as the matching service reads it, or None when
    there is nothing to read (an anonymous contact) or it cannot be read (the matching
    service then says why). Needs no database: an import reads it in its reading process,
    blocking keys included (they travel with it). ``checked`` is the identity its check
    read already (``clean_contact_with_identity``): taken as it is, but for the display
    name of the e-mail address, which the contact does not keep."""
    if anonymous(data) is not None:
        return None
    if checked is not None:
        return replace(checked, email_name="").with_keys()
    try:
        return clients.parse_identity(_identity(data)).with_keys()
    except ValueError:
        return None


def link_many(datas, *, actor, parsed=None, log: list | None = None) -> list:
    """Link a batch of contacts, in order: a ``Link`` per contact, or the ValueError that
    says why its identity cannot be read. Uses the matching service's batch form
    (``link_contacts``) when it offers one, one ``link_contact`` call per contact otherwise.
    ``parsed`` may hold each contact's ``parsed_identity``, read ahead; ``log``, a list: the
    batch form's audit entries go there, for the caller to record last."""
    batch = getattr(clients, "link_contacts", None)
    if batch is not None:
        parsed = parsed or [None] * len(datas)
        known = [(d, p) for d, p in zip(datas, parsed, strict=True) if anonymous(d) is None]
        results = iter(
            batch(
                identities=[_identity(d) for d, _p in known],
                actor=actor,
                sources=[d.ref for d, _p in known],
                parsed=[p for _d, p in known],
                log=log,
            )
        )
        out = []
        for data in datas:
            nobody = anonymous(data)
            result = nobody if nobody is not None else next(results)
            out.append(result if isinstance(result, (Link, Exception)) else _as_link(result))
        return out
    out = []
    for data in datas:
        try:
            out.append(link(data, actor=actor))
        except ValueError as exc:  # the clients app's InvalidIdentity is a ValueError
            out.append(exc)
    return out


def session():
    """Around a run of ``link_many`` calls (an import): the matching service may carry on
    what one batch read about the clients to the next. Between the calls nothing else may
    change a client on this connection."""
    return getattr(clients, "link_session", nullcontext)()


def _as_link(result) -> Link:
    client = result.client.resolved() if result.client is not None else None
    return Link(
        client_id=client.pk if client is not None else None,
        outcome=result.outcome,
        score=float(result.score) if result.score is not None else None,
        reasons=list(result.reasons or []),
        candidate_ids=[c.client_id for c in (result.candidates or [])[:10]],
        language=(client.language or "") if client is not None else "",
        merged_into=[merge.keep_id for merge in (result.merges or ())],
    )


def client_model():
    return Client


def merged_ids(client) -> set[int]:
    """The client's id and the ids of every client merged into it (and not unmerged)."""
    return client_selectors.merged_ids(client)


def merged_ids_of(client_ids) -> dict[int, set[int]]:
    """``merged_ids`` of many clients at once, by id."""
    return client_selectors.merged_ids_of(client_ids)


def survivors_of(client_ids) -> dict[int, int]:
    """The client each of these lives on in (itself when not merged)."""
    found = client_selectors.survivors(client_ids)
    return {pk: found.get(pk, pk) for pk in client_ids}


def last_merges_into(client_ids) -> dict[int, ClientMerge]:
    """For each of these clients that some merge (not undone) kept, the newest such merge:
    what an import's regrouping of the client's questions follows from."""
    return client_selectors.last_merges_into(client_ids)


def merge_of_each(client_ids) -> dict[int, ClientMerge]:
    """For each of these clients that was merged into another, the merge (not undone) that did it."""
    return client_selectors.merge_of_each(client_ids)
