"""PostgreSQL: every statement that changes a table the import's batch view mirrors notifies
``foreign_writes.CHANNEL`` (delivered when its transaction commits), so an import can tell
whether another connection changed the clients between two of its batches. SQLite tells
that by its ``data_version``: nothing to create there."""

from django.db import migrations

# As they were when this migration was written (``foreign_writes`` holds the current ones;
# a test checks that every table it names has the trigger).
CHANNEL = "loket_clients_changed"
TABLES = (
    "clients_client",
    "clients_clientname",
    "clients_clientphone",
    "clients_clientemail",
    "clients_casereference",
    "clients_clientblockingkey",
    "clients_representative",
)

FUNCTION = f"""
CREATE OR REPLACE FUNCTION loket_clients_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER loket_clients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION loket_clients_changed()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS loket_clients_changed ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS loket_clients_changed()")


class Migration(migrations.Migration):
    dependencies = [("clients", "0005_keys_recipe_2")]

    operations = [migrations.RunPython(create, drop)]
