"""System check: are the stored blocking keys made by the current recipe?

A database check (``loket check --database default``; ``loket migrate`` runs it too): a
warning, not an error, so that ``migrate`` still runs; matching itself refuses stale keys
(``services.keys.ensure_fresh``) until ``loket clients rebuild-keys`` has run.
"""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def keys_are_fresh(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from .blocking import RECIPE
    from .services.keys import stale_count

    try:
        stale = stale_count()
    except DatabaseError:  # not migrated yet: nothing stored, nothing stale
        return []
    if not stale:
        return []
    return [
        Warning(
            f"{stale} clients carry blocking keys and folded names of another recipe than version {RECIPE}.",
            hint="Run `loket clients rebuild-keys`; until then matching refuses to run.",
            id="clients.W001",
        )
    ]
