"""Database work that the migrations of more than one app need."""

from __future__ import annotations

from django.db import migrations, models


def _single_column_indexes(schema_editor, table: str, column: str) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == [column]
    )


def plain_indexes(app_label: str, indexes: list[tuple[str, str, str]]) -> migrations.RunPython:
    """The database side of moving ``db_index=True`` on text fields to named indexes in
    ``Meta.indexes``, for each ``(model, field, index name)``: the index the field had is
    renamed, not built again (a large table keeps taking writes), and on PostgreSQL its
    companion for LIKE (``…_like``, varchar_pattern_ops) is dropped. Indexes are found by
    introspection; one that is missing is built. Going back restores both."""

    def forward(apps, schema_editor):
        for model_name, field_name, name in indexes:
            model = apps.get_model(app_label, model_name)
            found = _single_column_indexes(
                schema_editor, model._meta.db_table, model._meta.get_field(field_name).column
            )
            plain = [old for old in found if not old.endswith("_like")]
            for old in found:
                if old.endswith("_like"):
                    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(old)}")
            index = models.Index(fields=[field_name], name=name)
            if plain:
                schema_editor.rename_index(model, models.Index(fields=[field_name], name=plain[0]), index)
            else:
                schema_editor.add_index(model, index)

    def backward(apps, schema_editor):
        for model_name, field_name, name in indexes:
            model = apps.get_model(app_label, model_name)
            # IF EXISTS: on SQLite, changing one field remakes the table with the indexes of
            # the state before, which already puts back the old indexes of the others.
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
            without, indexed = (model._meta.get_field(field_name).clone() for _ in range(2))
            for field, db_index in ((without, False), (indexed, True)):
                field.db_index = db_index
                field.set_attributes_from_name(field_name)
                field.model = model
            schema_editor.alter_field(model, without, indexed)  # the index and, on PostgreSQL, its LIKE twin

    return migrations.RunPython(forward, backward)


def notify_on_change(channel: str, tables: tuple[str, ...]) -> migrations.RunPython:
    """PostgreSQL: every statement that changes one of ``tables`` notifies ``channel``
    (delivered when its transaction commits; ``foreign_writes.Channel``), through a
    function and triggers named after the channel. SQLite needs nothing: its
    ``data_version`` tells the same."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {channel}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM pg_notify('{channel}', ''); RETURN NULL; END $$"
        )
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {channel} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {channel}()"
            )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {channel} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {channel}()")

    return migrations.RunPython(forward, backward)
