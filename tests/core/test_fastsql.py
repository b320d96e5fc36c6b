"""The bulk import's plain inserts (``loket.core.fastsql``) must store exactly what the ORM
would: the same JSON, the same timestamps, each object given the id the database chose."""
from datetime import datetime, timezone as tz

import pytest
import time_machine

from loket.clients.models import ReviewItem
from loket.core import fastsql

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=tz.utc), tick=False)
def test_insert_returning_gives_each_row_its_id_in_order_across_statements():
    items = [ReviewItem(identity={"name": f"Amal {i}", "phone": "+31612345678"}, source=f"C{i}", score=i / 2000,
                        reasons=["name ~0.91", "birth year"]) for i in range(1234)]  # more than one statement holds
    fastsql.insert_returning(ReviewItem, items)
    assert len({item.pk for item in items}) == 1234
    stored = {item.pk: item for item in ReviewItem.objects.all()}
    for item in items:
        row = stored[item.pk]
        assert (row.source, row.identity, row.reasons, row.score) == (item.source, item.identity, item.reasons,
                                                                      item.score)
        assert row.created_at == datetime(2026, 6, 1, 10, 0, tzinfo=tz.utc)  # auto_now_add, as save gives it
    assert not items[0]._state.adding


def test_plain_inserts_and_updates_store_what_save_would():
    by_orm = ReviewItem.objects.create(identity={"name": "محمد"}, source="orm", reasons=["a"])
    plain = ReviewItem(identity={"name": "محمد"}, source="plain", reasons=["a"])
    fastsql.insert(ReviewItem, [plain])
    plain = ReviewItem.objects.get(source="plain")
    assert (plain.identity, plain.reasons, plain.status) == (by_orm.identity, by_orm.reasons, by_orm.status)
    plain.reasons, plain.score = ["changed"], 0.7
    fastsql.update(ReviewItem, [plain], ["reasons", "score"])
    plain.refresh_from_db()
    assert (plain.reasons, plain.score) == (["changed"], 0.7)
    assert ReviewItem.objects.get(source="orm").reasons == ["a"]  # only the object given changed


def test_ids_given_ahead_never_collide_with_ids_the_database_gives():
    """An import gives new clients their ids before their rows go in (with the batch's
    other rows); a row the database numbers itself afterwards must not take one of them."""
    from loket.clients.models import Client

    before = Client.objects.create(display_name="Amal Haddad")
    first = fastsql.allocate_ids(Client, 3)
    more = fastsql.allocate_ids(Client, 2, after=first[-1])
    ids = first + more
    assert len(set(ids)) == 5 and min(ids) > before.pk
    fastsql.insert(Client, [Client(pk=pk, display_name=f"Client {pk}") for pk in ids], exclude=())
    after = Client.objects.create(display_name="Senait Tesfaye")
    assert after.pk > max(ids)
    assert set(Client.objects.filter(pk__in=ids).values_list("display_name", flat=True)) == {
        f"Client {pk}" for pk in ids}
