"""Reading an import file in a second process (``Reader(workers=1)``): batches come back
checked, in the order of the file, and the checking really ran elsewhere."""

import json
import os

from loket.contact.services import reading
from tests.contact.conftest import line


def _chunks(n, size):
    lines = [(i, json.dumps(line(ref=f"r{i}", name="Amal Haddad")) + "\n") for i in range(1, n + 1)]
    return [lines[start : start + size] for start in range(0, n, size)]


def test_batches_come_back_in_order_from_the_worker():
    batches = list(reading.Reader(workers=1).batches(_chunks(50, 7)))
    assert [p.number for batch in batches for p in batch] == list(range(1, 51))
    assert all(p.data is not None and p.data.ref == f"r{p.number}" for batch in batches for p in batch)


def test_the_worker_is_another_process(monkeypatch):
    checked_by = []
    original = reading._read

    def read(number, text, now):
        prepared = original(number, text, now)
        prepared.error = str(os.getpid())  # where this line was checked
        return prepared

    monkeypatch.setattr(reading, "_read", read)
    for batch in reading.Reader(workers=1).batches(_chunks(3, 2)):
        checked_by += [p.error for p in batch]
    assert checked_by and str(os.getpid()) not in checked_by
    in_process = [p.error for batch in reading.Reader(workers=0).batches(_chunks(3, 2)) for p in batch]
    assert in_process == [str(os.getpid())] * 3


def test_a_bad_line_is_reported_by_the_worker_with_its_number():
    chunk = [(1, b'{"ref": "\xff"}\n'), (2, "{not json\n"), (3, json.dumps(line(ref="ok", channel="fax")))]
    (batch,) = reading.Reader(workers=1).batches([chunk])
    assert [p.number for p in batch] == [1, 2, 3]
    assert batch[0].error.startswith("not UTF-8") and batch[1].error.startswith("not valid JSON")
    assert "channel" in batch[2].error and batch[2].data is None


def test_the_reading_process_also_reads_the_senders_identity():
    chunk = [
        (1, json.dumps(line(ref="a", name="Amal Haddad", phone="06 1234 5678", birth_date="1990"))),
        (2, json.dumps(line(ref="b", name="", email="", phone="", v_number="", case_ref=""))),
    ]
    (batch,) = reading.Reader(workers=1).batches([chunk])
    assert batch[0].identity.phone == "+31612345678" and batch[0].identity.birth.year == 1990
    assert batch[1].identity is None  # nothing identifies the sender: nothing to match


def test_the_worker_reads_ahead_by_lines_while_the_batches_grow():
    """Batches of 1, 2, 4, 8 and 16 lines: counted in lines (up to 10 ahead), the worker is
    given the first four before the first batch is asked for, not the first three only,
    so it keeps ahead of the storing while the batches grow."""
    sizes, pulled = [1, 2, 4, 8, 16], []
    lines = iter([(i, json.dumps(line(ref=f"r{i}", name="Amal Haddad"))) for i in range(1, 32)])

    def chunks():
        for size in sizes:
            pulled.append(size)
            yield [next(lines) for _ in range(size)]

    held = []
    for batch in reading.Reader(workers=1, ahead=10).batches(chunks()):
        held.append((len(batch), sum(pulled)))
    assert held[0] == (1, 15)  # 1 + 2 + 4 + 8 lines given to the worker: over 10, so the first comes back
    assert [size for size, _ in held] == sizes
    assert all(given - sum(s for s, _ in held[: i + 1]) <= 10 + 16 for i, (_, given) in enumerate(held))
