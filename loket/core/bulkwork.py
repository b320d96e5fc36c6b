"""Tuning for long bulk jobs, such as an import of 100,000 contacts.

CPython's cyclic garbage collector runs a collection after every 700 new container objects,
and every so often a full one that visits every container object alive: the caches that
make matching fast hold hundreds of thousands of them, so an import spent about a quarter
of its time there (bench/RESULTS.md). Nearly everything a bulk job throws away is freed at
once by reference counting anyway; while one runs, collections are made rarer, and the
previous setting comes back after it.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def rare_collections(first_generation: int = 50_000):
    """Collect cyclic garbage only after ``first_generation`` new objects (not 700), and the
    older generations rarely too."""
    before = gc.get_threshold()
    gc.set_threshold(first_generation, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
