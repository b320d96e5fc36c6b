"""Indexes in the work queue's order (deadline first, none last; then receipt day and id), so
that PostgreSQL reads a page of the queue from an index instead of sorting every open case:
one for a team's queue and one across teams. PostgreSQL only: SQLite takes no NULLS LAST
in an index, and at its scale the sort is cheap."""
from django.db import migrations

INDEXES = {
    "cases_queue_order": "(due_on ASC NULLS LAST, received_on, id)",
    "cases_team_queue_order": "(team_id, due_on ASC NULLS LAST, received_on, id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
