"""The gunicorn worker's start hook (loket/gunicorn_conf.py): what the worker loaded is kept
out of full collections, and garbage made while serving is still collected."""

import gc
import weakref

from loket import gunicorn_conf


class _Cycle:
    pass


def test_a_started_worker_freezes_what_it_loaded_and_still_collects_garbage():
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 1000  # Django and Loket's modules, out of the collector's walk
        cycle = _Cycle()
        cycle.me = cycle
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
