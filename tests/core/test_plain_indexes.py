"""The text columns an import writes carry one plain index each. ``db_index=True`` gave
each a second index on PostgreSQL (varchar_pattern_ops, for LIKE) that no query used and
every imported row paid for. The migrations rename the index the column had, so a large
table is not indexed again, and drop its twin; going back restores both."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

#: (table, column) -> the index it now has
PLAIN = {
    ("contact_contact", "channel"): "contact_channel_idx",
    ("contact_contact", "message_id"): "contact_message_id_idx",
    ("contact_contact", "in_reply_to"): "contact_in_reply_to_idx",
    ("contact_question", "case_ref"): "question_case_ref_idx",
    ("clients_clientname", "folded"): "clientname_folded_idx",
    ("clients_clientphone", "number"): "clientphone_number_idx",
    ("clients_clientemail", "address"): "clientemail_address_idx",
    ("clients_reviewitem", "source"): "reviewitem_source_idx",
    ("clients_reviewitem", "status"): "reviewitem_status_idx",
}
BEFORE = [("contact", "0009_question_window"), ("clients", "0006_notify_client_changes")]
AFTER = [("contact", "0010_plain_text_indexes"), ("clients", "0007_plain_text_indexes")]


def _single_column_indexes(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == [column]
    )


def _oid(index: str) -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_class WHERE relname = %s", [index])
        return cursor.fetchone()[0]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db
def test_each_text_column_an_import_writes_has_one_plain_index():
    for (table, column), name in PLAIN.items():
        assert _single_column_indexes(table, column) == [name], (table, column)


@pytest.mark.django_db(transaction=True)
def test_the_migrations_rename_the_index_there_was_and_going_back_restores_both():
    twins = 2 if connection.vendor == "postgresql" else 1  # the index and its LIKE twin
    _migrate(BEFORE)
    try:
        before = {}
        for key, name in PLAIN.items():
            found = _single_column_indexes(*key)
            assert len(found) == twins and name not in found, (key, found)
            [before[key]] = [old for old in found if not old.endswith("_like")]
        oids = {key: _oid(old) for key, old in before.items()}
        _migrate(AFTER)
        for key, name in PLAIN.items():
            assert _single_column_indexes(*key) == [name]
            assert _oid(name) == oids[key]  # PostgreSQL: the same index, renamed, not built anew
    finally:
        _migrate(AFTER)
