"""One run of a job at a time (``core.run_lock``), on SQLite by a lock file beside the database
file: a second run waits for the first; within one run the job may be entered again."""

import threading

import pytest
from django.db import connection

from loket.core import run_lock

pytestmark = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's lock file")


def _second_waits_for_first(monkeypatch, database) -> list[str]:
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    held, release, waited, order = threading.Event(), threading.Event(), threading.Event(), []

    def first():
        with run_lock.one_at_a_time("contact-import"):
            order.append("first")
            held.set()
            release.wait(10)

    def second():
        held.wait(10)
        with run_lock.one_at_a_time("contact-import", waiting=waited.set):
            order.append("second")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    assert waited.wait(10), "the second run did not wait"
    while_held = list(order)
    release.set()
    for t in threads:
        t.join(10)
    return [*while_held, "|", *order]


def test_a_second_run_waits_for_the_first(tmp_path, monkeypatch):
    assert _second_waits_for_first(monkeypatch, tmp_path / "loket.sqlite3") == ["first", "|", "first", "second"]
    assert (tmp_path / "loket.sqlite3.contact-import.lock").exists()


def test_a_database_file_in_a_folder_named_memory_is_a_file_too(tmp_path, monkeypatch):
    folder = tmp_path / "memory-clinic"
    folder.mkdir()
    assert _second_waits_for_first(monkeypatch, folder / "loket.sqlite3") == ["first", "|", "first", "second"]


def test_within_a_run_the_job_is_entered_again_at_once(tmp_path, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "loket.sqlite3"))
    entered = threading.Event()

    def nested():
        with run_lock.one_at_a_time("contact-import"), run_lock.one_at_a_time("contact-import"):
            entered.set()

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    assert entered.wait(5), "the nested run waited for itself"
    thread.join(5)
