"""Tuning for long bulk jobs, such as an import of 100,000 contacts.

CPython's cyclic garbage collector runs a collection after every 700 new container objects,
and every so often a full one that visits every container object alive: the caches that
make matching fast hold hundreds of thousands of them, so an import once spent about a
quarter of its time there (bench/RESULTS.md). Yet a bulk job makes no cyclic garbage to
speak of: everything it throws away is freed at once by reference counting (a full
collection after importing 40,000 contacts found not one object to free). So while one
runs the collector waits, and one collection afterwards frees whatever cycles there may be;
the previous setting comes back after it, also when the job fails.

That collection is of the youngest generation only: with the collector paused nothing was
promoted, so everything the job made is there, while the rest of the process (a test run's
or a worker's heap of a million objects) is not visited again for a job of twelve lines.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused_collections():
    """No automatic cyclic garbage collection inside; on leaving, one collection of what
    was made inside."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if was_enabled:
            gc.enable()
