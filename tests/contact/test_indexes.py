"""The contact tables take a row per contact, a hundred thousand in an import: every index
costs each insert a write, so none may repeat what another index already serves."""

import pytest
from django.db import connection

from loket.contact.models import Contact, Question

pytestmark = pytest.mark.django_db


def _indexes(model) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["primary_key"] and not c["unique"]
    ]


@pytest.mark.parametrize("model", [Contact, Question])
def test_no_index_is_the_start_of_another(model):
    indexes = _indexes(model)
    repeated = [
        short for short in indexes for long in indexes if len(short) < len(long) and long[: len(short)] == short
    ]
    assert repeated == []


def test_the_lookups_by_client_still_use_an_index():
    """The work queue reads a client's open questions, the timeline a client's contacts."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    for queryset in (
        Question.objects.filter(client_id=1, status="open"),
        Contact.objects.filter(client_id=1).order_by("received_at"),
        Question.objects.filter(status="open").order_by("due_on"),
    ):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
