"""An officer's own queue from indexes alone (need to know: most officers see only the cases
drawn for them, thousands each at a million cases):

- ``cases_assigned_queue_order``: the queue's order per assigned officer with the id in it,
  so that the capped count and a page's ids are index-only scans (the count read every
  case row from the heap to test it for a decision: 5,000 heap pages per queue view).
  PostgreSQL only, as 0002: SQLite takes no NULLS LAST in an index, and at its scale the
  sort is cheap.
- ``cases_objection_clients``: the clients of an objection officer's objections (whose
  decided cases they read), partial on objections; on both databases.
"""

from django.db import migrations, models

ASSIGNED = (
    "CREATE INDEX IF NOT EXISTS cases_assigned_queue_order ON cases_case "
    "(assigned_to_id, due_on ASC NULLS LAST, received_on, id)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ASSIGNED)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS cases_assigned_queue_order")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_assigned_to")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("kind", "objection")),
                fields=["assigned_to", "client"],
                name="cases_objection_clients",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
