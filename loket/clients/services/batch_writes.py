"""The statements that write what a batch of links kept waiting (``pending``): the clients'
rows, details and blocking keys in the order they depend on each other, and the review
items with their candidates."""

from __future__ import annotations

from collections import defaultdict

from ...core import fastsql
from ..models import (
    CaseReference,
    Client,
    ClientBlockingKey,
    ClientEmail,
    ClientName,
    ClientPhone,
    ReviewCandidate,
    ReviewItem,
)

_ORDER = (ClientName, ClientPhone, ClientEmail, CaseReference)


def write_clients(new_clients, stale, gone, changed, rows, keys) -> None:
    """The statements of a flush, in the order the rows depend on each other."""
    if new_clients:  # before anything of theirs
        fastsql.insert(Client, new_clients, exclude=())
    if stale:  # before the new keys go in
        ClientBlockingKey.objects.filter(client_id__in=stale).delete()
    fastsql.delete_values(ClientBlockingKey, ["key", "client"], gone)
    if changed:
        by_fields = defaultdict(list)
        for client, fields in changed:
            by_fields[tuple(fields)].append(client)
        for fields, clients in by_fields.items():
            fastsql.update(Client, clients, list(fields))
    for model in _ORDER:
        of_model = [r for r in rows if type(r) is model]
        if of_model:
            fastsql.insert(model, of_model)
    if keys:
        fastsql.insert_values(
            ClientBlockingKey, ["client", "key"], [(cid, key) for cid, waiting in keys.items() for key in waiting]
        )


def write_reviews(reviews) -> None:
    """Review items with their candidates as (client id, score, reasons): two statements."""
    if not reviews:
        return
    fastsql.insert_with_ids(ReviewItem, [item for item, _ in reviews])
    as_json: dict[tuple[str, ...], object] = {}  # the same reasons come again and again
    fastsql.insert_values(
        ReviewCandidate,
        ["item", "client", "score", "reasons"],
        [
            (item.pk, client_id, score, _reasons_json(reasons, as_json))
            for item, rows in reviews
            for client_id, score, reasons in rows
        ],
    )


def _reasons_json(reasons: list[str], kept: dict):
    """A review candidate's reasons as the database takes them, made once per wording."""
    key = tuple(reasons)
    if key not in kept:
        kept[key] = fastsql.to_json(ReviewCandidate, "reasons", reasons)
    return kept[key]
