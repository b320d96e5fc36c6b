import gc

import pytest

from loket.core.bulkwork import paused_collections


class _Cycle:
    def __init__(self):
        self.me = self


def test_collections_wait_inside_and_cycles_are_freed_on_leaving():
    import weakref

    assert gc.isenabled()
    with paused_collections():
        assert not gc.isenabled()
        cycles = [weakref.ref(_Cycle()) for _ in range(10_000)]  # unreachable at once, but for their cycle
        assert all(ref() is not None for ref in cycles)  # nothing collected them meanwhile
    assert gc.isenabled()
    assert all(ref() is None for ref in cycles)


def test_leaving_collects_only_what_was_made_inside():
    """A twelve-line import in a process of a million objects (a test run, a web worker)
    must not walk them all: the collection on leaving is of the youngest generation."""
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()  # what exists now is old
    gc.callbacks.append(seen)
    try:
        with paused_collections():
            _Cycle()
    finally:
        gc.callbacks.remove(seen)
    assert collections == [0]


def test_the_collector_comes_back_after_an_error():
    with pytest.raises(RuntimeError), paused_collections():
        raise RuntimeError("the import failed")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with paused_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_import_makes_no_cyclic_garbage(db):
    """What pausing the collector rests on: importing contacts leaves nothing for the cycle
    collector (everything is freed by reference counting)."""
    import json

    from loket.contact.services import import_jsonl

    lines = [
        json.dumps(
            {
                "ref": f"g{i}",
                "channel": "email",
                "received_at": "2026-11-02T10:00:00+01:00",
                "name": f"Amal Haddad {'ABCDEFGH'[i % 8]}",
                "email": f"a{i % 50}@example.org",
                "subject": "Status",
                "body": "Wat is de status?",
            }
        )
        + "\n"
        for i in range(600)
    ]
    import_jsonl(lines[:10])  # caches and lazily made objects settle first
    gc.collect()
    freed = []

    def count(phase, info):
        if phase == "stop":
            freed.append(info["collected"])

    gc.callbacks.append(count)
    try:
        report = import_jsonl(lines[10:])
    finally:
        gc.callbacks.remove(count)
    assert report.stored == 590
    assert freed and sum(freed) == 0  # the collection on leaving ran, and found nothing to free
