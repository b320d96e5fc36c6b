"""``selectors.survivors``: for each merged client, the client it lives on in, read a step of
the merge chains at a time (an import's batch view asks about every client merged so far
after each merge)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.clients import selectors
from loket.clients.models import MAX_MERGE_CHAIN, Client

pytestmark = pytest.mark.django_db


def _chain(length: int) -> list[Client]:
    """Clients c0 <- c1 <- ... : each merged into the one before it."""
    clients = [Client.objects.create(display_name=f"Client {i}") for i in range(length)]
    for older, newer in itertools.pairwise(clients):
        Client.objects.filter(pk=newer.pk).update(merged_into=older)
    return clients


def test_each_merged_client_is_followed_to_the_end_of_its_chain():
    long, short, alone = _chain(4), _chain(2), Client.objects.create(display_name="Not merged")
    asked = [c.pk for c in long + short] + [alone.pk]
    with CaptureQueriesContext(connection) as queries:
        found = selectors.survivors(asked)
    assert found == {**{c.pk: long[0].pk for c in long[1:]}, short[1].pk: short[0].pk}
    assert len(queries) <= 4  # a step at a time: not one query per merged client
    assert selectors.survivors([long[3].pk]) == {long[3].pk: long[0].pk}
    assert selectors.survivors([]) == {}


def test_a_chain_that_loops_or_is_too_long_is_refused():
    a, b = _chain(2)
    Client.objects.filter(pk=a.pk).update(merged_into=b)  # someone with database access
    with pytest.raises(ValueError, match="loops"):
        selectors.survivors([b.pk])
    endless = _chain(MAX_MERGE_CHAIN + 3)
    with pytest.raises(ValueError, match="loops"):
        selectors.survivors([endless[-1].pk])


def test_the_records_of_many_people_are_read_a_step_at_a_time():
    """``merged_ids_of``: each client asked about with every client merged into it, also
    when one of them was merged into another asked about."""
    long, short, alone = _chain(4), _chain(2), Client.objects.create(display_name="Not merged")
    asked = [long[0].pk, long[2].pk, short[0].pk, alone.pk]
    with CaptureQueriesContext(connection) as queries:
        found = selectors.merged_ids_of(asked)
    assert found == {
        long[0].pk: {c.pk for c in long},
        long[2].pk: {long[2].pk, long[3].pk},
        short[0].pk: {c.pk for c in short},
        alone.pk: {alone.pk},
    }
    assert len(queries) == 4  # three steps down the longest chain, and one that finds none
    assert all(selectors.merged_ids(Client(pk=pk)) == ids for pk, ids in found.items())
