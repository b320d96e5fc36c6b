"""``object_id__any_of`` (core/lookups.py) finds what ``__in`` finds, on both databases,
with one parameter on PostgreSQL however long the list."""

import pytest
from django.db import connection

from loket.core import audit
from loket.core.audit_models import AuditEntry

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds():
    for i in range(1, 8):
        audit.record(actor="tester", action="cases.case.viewed", obj=None, object_type="cases.case", object_id=str(i))
    wanted = ["2", "5", "7", "99"]
    assert sorted(AuditEntry.objects.filter(object_id__any_of=wanted).values_list("object_id", flat=True)) == [
        "2",
        "5",
        "7",
    ]
    assert not AuditEntry.objects.filter(object_id__any_of=[]).exists()


def test_a_long_list_is_one_parameter_on_postgresql():
    ids = [str(i) for i in range(500)]
    sql, params = AuditEntry.objects.filter(object_id__any_of=ids).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql and list(params) == [ids]
    else:  # SQLite has no arrays
        assert len(params) == 500
