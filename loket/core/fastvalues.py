"""How a model's values become what the database takes, for ``fastsql``'s plain writes.

The conversion is chosen once per column (most columns need none) instead of passing every
value of every row through the field machinery as ``bulk_create`` does; values met before
(the timestamps a batch shares, the same few JSON values) are converted once.
"""

from __future__ import annotations

import json
from functools import cache
from operator import attrgetter

from django.db import connection, models


def _converter(field):
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return json_text(field.encoder)
    if isinstance(field, models.DateTimeField):
        return _remembering(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


_CONVERTED: dict = {}  # per conversion: value -> what the database takes


@cache
def json_text(encoder):
    """A JSON column's value as the text every database takes for it: the text
    JSONField.get_db_prep_save makes, without its layers. On PostgreSQL that wrapper was
    written out again for every row, though an import's rows hold the same few values again
    and again (no doubts, the same reasons): 2.1 s of 40,000 contacts under the profiler
    (bench/RESULTS.md, issue 16). So an empty value and a list of words are written out once."""
    memo: dict = {}

    def converted(value):
        if isinstance(value, list) and all(type(item) is str for item in value):
            key = tuple(value)
        elif isinstance(value, dict) and not value:
            key = dict
        else:
            return json.dumps(value, cls=encoder)
        try:
            return memo[key]
        except KeyError:
            if len(memo) >= 50_000:
                memo.clear()
            memo[key] = text = json.dumps(value, cls=encoder)
            return text

    return converted


def _remembering(convert):
    """``convert`` that gives its answer again for a value met before: the rows of a batch
    share their timestamps, and a question opens at the time its first contact came in.
    (Two equal aware datetimes are the same instant, which every database stores alike.)"""
    memo = _CONVERTED.setdefault(convert, {})

    def converted(value):
        try:
            return memo[value]
        except KeyError:
            if len(memo) >= 50_000:
                memo.clear()
            memo[value] = result = convert(value)
            return result

    return converted


class Plan:
    """How to read one row's values from an object: every attribute in one call, then the
    few columns that need converting."""

    def __init__(self, fields):
        attnames = [f.attname for f in fields]
        getter = attrgetter(*attnames)
        self.read = getter if len(attnames) > 1 else (lambda obj: (getter(obj),))
        self.convert = [(i, conv) for i, f in enumerate(fields) if (conv := _converter(f)) is not None]
        self.fields = fields

    def values(self, obj) -> list:
        values = list(self.read(obj))
        for i, conv in self.convert:
            if values[i] is not None:
                values[i] = conv(values[i])
        return values


def plan_for(model, names):
    """The named fields of ``model`` and how to read their values from an object."""
    fields = [model._meta.get_field(n) for n in names]
    return fields, Plan(fields)


def column_names(model, exclude: tuple) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in exclude]
