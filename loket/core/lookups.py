"""``field__any_of=[...]``: a long list of values as one parameter.

``__in`` binds a parameter per value: with hundreds of values (a client's contacts, in the
reads of their file) Django prepares each one and psycopg parses a query too long for its
cache on every request. On PostgreSQL ``= ANY(%s)`` sends the list as one array, which the
planner treats as it treats ``IN`` (the same index scan); SQLite has no arrays and gets ``IN``.
"""

from __future__ import annotations

from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(v) for v in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]
