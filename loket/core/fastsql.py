"""Plain inserts and updates for the bulk import.

Django's ``bulk_create`` prepares every value of every row through the field machinery;
for 100,000 contacts of 30 columns that alone takes longer than the rest of an import.
Here the conversion is chosen once per column (``fastvalues``), and rows go to
the database in one call per batch (``executemany``; on PostgreSQL a COPY, or one
statement joined to an array per column). Used only for rows the import builds itself,
whose values have already been checked. Timestamps with ``auto_now`` or ``auto_now_add``
that are still empty get the time of the call, as ``save`` would give them. Reads of many
values: ``fastreads``.
"""

from __future__ import annotations

from functools import cache

from django.db import connection, connections, models
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from .fastvalues import column_names, json_text, plan_for

#: From this many rows on, PostgreSQL gets them by COPY instead of one INSERT joined to arrays.
COPY_FROM = 20


def _arrays(fields) -> str:
    """One array parameter per column, cast to the column's type (``unnest`` takes them)."""
    return ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)


def _aliases(count: int) -> str:
    """The names ``v0, v1, ...`` the arrays' columns go by."""
    return ", ".join(f"v{i}" for i in range(count))


def _by_column(rows) -> list[list]:
    return [list(column) for column in zip(*rows, strict=True)]


def _write_rows(table: str, fields, sql: str, rows: list) -> None:
    """INSERT ``rows`` (lists of values the database takes) into the columns of ``fields``.

    PostgreSQL-only paths: ``COPY ... FROM STDIN`` for a batch of rows, one stream; from two
    rows, one INSERT of the rows given as an array per column (``unnest``), in the order
    given. ``executemany`` sends a statement per row, and each fires the statement triggers
    of the clients' tables: the small batches written before each merge of an import went so
    (bench/RESULTS.md, issue 16). Errors come out as Django's (an IntegrityError stays one).
    Other databases, and a single row: ``executemany``.
    """
    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    if postgres and len(rows) >= COPY_FROM:
        statement = f"COPY {quote(table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    with connection.cursor() as cursor:
        if postgres and len(rows) > 1:
            values = ", ".join(f"v.v{i}" for i in range(len(fields)))
            aliases = _aliases(len(fields))
            cursor.execute(
                f"INSERT INTO {quote(table)} ({columns}) SELECT {values} "
                f"FROM unnest({_arrays(fields)}) WITH ORDINALITY AS v({aliases}, n) ORDER BY v.n",
                _by_column(rows),
            )
        else:
            cursor.executemany(sql, rows)


@cache
def _insert_plan(model, exclude: tuple, vendor: str):
    """The INSERT statement, the conversion per column and the timestamps to fill (per
    model and database: made once, an import inserts client rows one by one)."""
    fields, plan = plan_for(model, column_names(model, exclude))
    stamps = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    return sql, plan, stamps


def _insert_sql(model, objs, exclude):
    sql, plan, stamps = _insert_plan(model, tuple(exclude), connection.vendor)
    now = timezone.now()
    for attname in stamps:
        for obj in objs:
            if getattr(obj, attname) is None:
                setattr(obj, attname, now)
    return sql, plan


def insert(model, objs, *, exclude=("id",)) -> None:
    """INSERT every object (its primary key is left to the database)."""
    if not objs:
        return
    sql, plan = _insert_sql(model, objs, exclude)
    _write_rows(model._meta.db_table, plan.fields, sql, [plan.values(o) for o in objs])


def insert_with_ids(model, objs) -> None:
    """INSERT every object under a primary key given ahead (``allocate_ids``), which each
    object then has: one ``executemany``, where ``bulk_create`` builds statements of many
    rows with ``RETURNING``."""
    if not objs:
        return
    for obj, key in zip(objs, allocate_ids(model, len(objs)), strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, connection.alias
    insert(model, objs, exclude=())


_FRESH = object()  # a default made anew for every object (a callable, such as list)


@cache
def _layout(model) -> list[tuple[str, str | None, models.Field, object]]:
    """Per field: attname, name when it differs (a relation), the field, and its default
    (``_FRESH`` for one to make anew each time, such as ``list``; the others, a field
    without a default among them, are the same every time). ``has_default`` first: a field
    without one holds ``NOT_PROVIDED``, a class, which ``callable`` takes for a maker."""
    return [
        (
            f.attname,
            f.name if f.attname != f.name else None,
            f,
            _FRESH if f.has_default() and callable(f.default) else f.get_default(),
        )
        for f in model._meta.concrete_fields
    ]


def build(model, **values):
    """``model(**values)``, made the quicker way Django makes the rows it reads (positional
    arguments in field order, as ``Model.from_db``): an import builds a hundred thousand.
    Values go by field name (a related object) or attname (its id); every other field gets
    its default, as with keyword arguments."""
    args, related, used = [], [], 0
    for attname, name, field, default in _layout(model):
        if attname in values:
            args.append(values[attname])
            used += 1
        elif name is not None and name in values:
            obj = values[name]
            related.append((name, obj))
            args.append(None if obj is None else obj.pk)
            used += 1
        else:
            args.append(field.get_default() if default is _FRESH else default)
    if used != len(values):
        known = {n for attname, name, _f, _d in _layout(model) for n in (attname, name)}
        raise TypeError(f"{model.__name__} has no field {sorted(set(values) - known)}")
    obj = model(*args)
    for name, value in related:
        setattr(obj, name, value)  # the related object itself, as model(name=value) keeps it
    return obj


class Rows:
    """Rows of one model made straight as the values of its INSERT (primary key left to the
    database), without a model object per row: for the rows an import makes by the
    hundred thousand and never reads back. ``make`` takes values as ``build`` does (by
    attname, or a related object by field name); every other column gets its default."""

    def __init__(self, model):
        self.model = model
        self.sql, self._plan, stamps = _insert_plan(model, ("id",), connection.vendor)
        fields = [model._meta.get_field(name) for name in column_names(model, ("id",))]
        self.position = {}
        for i, f in enumerate(fields):
            self.position[f.attname] = i
            if f.attname != f.name:
                self.position[f.name] = i
        self._related = {f.name for f in fields if f.attname != f.name}
        default = {attname: value for attname, _name, _field, value in _layout(model)}
        self._defaults = [default[f.attname] for f in fields]
        self._fresh = [(i, f.get_default) for i, f in enumerate(fields) if default[f.attname] is _FRESH]
        self._stamps = [self.position[attname] for attname in stamps]

    def make(self, **values) -> list:
        row = list(self._defaults)
        for i, default in self._fresh:
            row[i] = default()
        for name, value in values.items():
            try:
                i = self.position[name]
            except KeyError:
                raise TypeError(f"{self.model.__name__} has no field {name!r}") from None
            row[i] = value.pk if name in self._related and value is not None else value
        return row

    def set(self, row: list, name: str, value) -> None:
        row[self.position[name]] = value

    def insert(self, rows: list[list]) -> None:
        """INSERT the rows (``auto_now`` and ``auto_now_add`` columns still empty get the
        time of the call)."""
        if not rows:
            return
        now = timezone.now()
        for row in rows:
            for i in self._stamps:
                if row[i] is None:
                    row[i] = now
            for i, convert in self._plan.convert:
                if row[i] is not None:
                    row[i] = convert(row[i])
        _write_rows(self.model._meta.db_table, self._plan.fields, self.sql, rows)


def to_json(model, name: str, value):
    """A value for a JSON column, as the database takes it (for ``insert_values``)."""
    return json_text(model._meta.get_field(name).encoder)(value)


def insert_values(model, names, rows) -> None:
    """INSERT plain tuples of already converted values into the named columns."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(n) for n in names]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    _write_rows(model._meta.db_table, fields, sql, list(rows))


def delete_values(model, names, rows) -> None:
    """DELETE the rows whose named columns hold each tuple of values (through the index that
    starts with those columns). PostgreSQL, from two tuples: one statement joined to an
    array per column; elsewhere one statement per tuple."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, fields = quote(model._meta.db_table), [model._meta.get_field(n) for n in names]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > 1:
            aliases = _aliases(len(fields))
            where = " AND ".join(f"{table}.{quote(f.column)} = v.v{i}" for i, f in enumerate(fields))
            cursor.execute(
                f"DELETE FROM {table} USING unnest({_arrays(fields)}) AS v({aliases}) WHERE {where}",
                _by_column(rows),
            )
            return
        where = " AND ".join(f"{quote(f.column)} = %s" for f in fields)
        cursor.executemany(f"DELETE FROM {table} WHERE {where}", list(rows))


def allocate_ids(model, count: int, *, after: int | None = None) -> list[int]:
    """``count`` primary keys for rows that will be inserted later in this transaction,
    with their ids given (``insert(..., exclude=())``). PostgreSQL hands them out from the
    table's sequence; SQLite counts on from the highest id ever used (``after``: the last
    id this caller was given), which is safe because a transaction that writes holds the
    database's only write lock (Loket opens SQLite transactions IMMEDIATE): a SQLite-only
    path, as the counting would not be safe where writers run side by side."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"no id allocation for {connection.vendor}")
        if after is None:
            quote = connection.ops.quote_name
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT MAX({quote(column)}) FROM {quote(table)}), 0), "
                "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
                [table],
            )
            after = cursor.fetchone()[0]
    return list(range(after + 1, after + 1 + count))


def insert_one(obj):
    """INSERT one object and give it the primary key the database chose (``RETURNING``,
    which SQLite 3.35+ and PostgreSQL both know); the object is then as after ``save``."""
    model = type(obj)
    sql, plan = _insert_sql(model, [obj], (model._meta.pk.name,))
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {connection.ops.quote_name(model._meta.pk.column)}", plan.values(obj))
        obj.pk = cursor.fetchone()[0]
    obj._state.adding, obj._state.db = False, connection.alias
    return obj


#: How ``update`` may combine a value with the one on file (``how``), so that what another
#: connection committed meanwhile is kept: the later of the two, the earlier, or the one on
#: file unless it is empty (NULL, or '' for text).
LATER, EARLIER, FIRST = "later", "earlier", "first"


def _combined(field, on_file: str, given: str, how: str | None) -> str:
    postgres = connection.vendor == "postgresql"
    if how is None:
        return given
    # PostgreSQL's GREATEST and LEAST pass over a NULL; SQLite's MAX and MIN give NULL.
    if how == LATER:
        return f"GREATEST({on_file}, {given})" if postgres else f"COALESCE(MAX({on_file}, {given}), {on_file}, {given})"
    if how == EARLIER:
        return f"LEAST({on_file}, {given})" if postgres else f"COALESCE(MIN({on_file}, {given}), {on_file}, {given})"
    if how == FIRST:
        return (
            f"COALESCE(NULLIF({on_file}, ''), {given})"
            if field.empty_strings_allowed
            else f"COALESCE({on_file}, {given})"
        )
    raise ValueError(f"unknown way to combine values: {how!r}")


def update(model, objs, names, how: dict[str, str] | None = None) -> None:
    """UPDATE the named columns of every (saved) object; ``how`` may say, per name, how the
    value combines with the one on file (``LATER``, ``EARLIER``, ``FIRST``).

    PostgreSQL, from two rows: one statement that joins the table to the rows given as
    arrays (``UPDATE ... FROM unnest(...)``). ``executemany`` sends a statement per row, and
    each fires the statement triggers of the clients' tables: an import of 100,000 contacts
    updates about 40,000 rows (4.8 s, bench/RESULTS.md). Elsewhere: ``executemany``.
    """
    objs = list({o.pk: o for o in objs}.values())  # one row per object; the last one given wins
    if not objs:
        return
    how = how or {}
    fields, plan = plan_for(model, names)
    ways = [how.get(f.name) for f in fields]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), model._meta.pk
    rows = [[*plan.values(o), o.pk] for o in objs]
    if connection.vendor == "postgresql" and len(rows) > 1:
        columns = [*fields, pk]
        aliases = _aliases(len(columns))
        sets = ", ".join(
            f"{quote(f.column)} = {_combined(f, f'{table}.{quote(f.column)}', f'v.v{i}', way)}"
            for i, (f, way) in enumerate(zip(fields, ways))
        )
        sql = (
            f"UPDATE {table} SET {sets} FROM unnest({_arrays(columns)}) AS v({aliases}) "
            f"WHERE {table}.{quote(pk.column)} = v.v{len(fields)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, _by_column(rows))
        return
    expressions = [_combined(f, quote(f.column), "%s", way) for f, way in zip(fields, ways)]
    uses = [e.count("%s") for e in expressions]  # a value a combination names twice is given twice
    sets = ", ".join(f"{quote(f.column)} = {e}" for f, e in zip(fields, expressions))
    sql = f"UPDATE {table} SET {sets} WHERE {quote(pk.column)} = %s"
    params = [[*(v for v, n in zip(row[:-1], uses) for _ in range(n)), row[-1]] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_returning(queryset, **values) -> list:
    """``queryset.update(**values)`` in one statement that also gives the primary keys of
    the rows it changed, in order (``RETURNING``, SQLite 3.35+ and PostgreSQL): a merge
    needs to know what it moved, and reading it first cost a statement more."""
    query = queryset.query.chain(UpdateQuery)
    query.add_update_values(values)
    compiler = query.get_compiler(queryset.db)
    compiler.pre_sql_setup()
    statement, params = compiler.as_sql()
    db = connections[queryset.db]
    pk = db.ops.quote_name(queryset.model._meta.pk.column)
    with db.cursor() as cursor:
        cursor.execute(f"{statement} RETURNING {pk}", params)
        return sorted(row[0] for row in cursor.fetchall())
