"""Two imports at once: the second waits for the first (``core.run_lock``). Run side by side,
both decided "new client" for a person neither had stored yet and made two clients of one
person (found by an attack)."""

import json
import threading

import pytest
from django.db import connection, connections  # noqa: F401 (connection: the skipif strings)

from loket.clients.models import Client
from loket.clients.services.batchview import BatchView
from loket.contact.models import Contact
from loket.contact.services import import_jsonl
from loket.core import run_lock
from tests.contact.conftest import line

YUSUF = dict(name="Yusuf Karimi", email="yk@example.org", birth_date="1985-01-02")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once: PostgreSQL")
def test_a_second_import_waits_and_then_links_to_the_first_ones_client(monkeypatch):
    second_waits, load = threading.Event(), BatchView.load
    outcome, failures = {}, []

    def run(ref, **kwargs):
        try:
            outcome[ref] = import_jsonl([json.dumps(line(ref=ref, **YUSUF)) + "\n"], batch_size=10, **kwargs)
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    second = threading.Thread(target=run, args=("f2",), kwargs={"waiting": second_waits.set})

    def first_reads_then_second_starts(view, ids):
        out = load(view, ids)
        if not second.is_alive() and "f2" not in outcome:
            second.start()
            assert second_waits.wait(10), "the second import did not wait"
        return out

    monkeypatch.setattr(BatchView, "load", first_reads_then_second_starts)
    first = threading.Thread(target=run, args=("f1",))
    first.start()
    first.join(30)
    second.join(30)
    assert failures == []
    assert outcome["f1"].stored == outcome["f2"].stored == 1
    assert Client.objects.filter(display_name="Yusuf Karimi").count() == 1
    assert Contact.objects.get(ref="f2").match_outcome == "linked"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="two connections at once: PostgreSQL")
def test_the_command_says_it_waits_for_the_other_import(tmp_path, capsys):
    from django.core.management import call_command
    from django.utils import translation

    from tests.concurrency import Elsewhere

    path = tmp_path / "contacts.jsonl"
    path.write_text(json.dumps(line(ref="w1", **YUSUF)) + "\n", encoding="utf-8")
    held = threading.Event()

    def another_import_runs():  # holds the import's lock for a second, as a running import does
        with run_lock.one_at_a_time("contact-import"):
            held.set()
            threading.Event().wait(1.0)

    other = Elsewhere(another_import_runs)
    assert held.wait(10)
    with translation.override("nl"):
        call_command("contact", "import", str(path), "--workers", "0")
    other.join()
    err = capsys.readouterr().err
    assert "er loopt al een andere import: deze begint zodra die klaar is" in err
    assert Contact.objects.filter(ref="w1").exists()
