"""A first import learns the matching weights from its own file (``services/first_import``).

Without an estimate, matching used the prior weights: a first import into an empty register
sent a quarter of an independently made file to an agent (issue 16)."""

import io
import json
import random

import pytest
import time_machine
from django.core.management import call_command

from loket.clients.models import LinkageEstimate
from loket.clients.review_models import ReviewItem
from loket.contact.models import Contact
from loket.contact.services import first_import, import_jsonl
from tests.contact.conftest import at, line

pytestmark = pytest.mark.django_db

GIVEN = ["Amina", "Yonas", "Sara", "Daniel", "Fatima", "Omar", "Lina", "Tesfay", "Nour", "Ivan", "Olena", "Karim"]
FAMILY = ["Haile", "Mahmoud", "Bakri", "Kovalenko", "Tesfamariam", "Nasser", "Petrenko", "Yousef", "Abera"]


def _people_file(people=150, seed=3) -> list[dict]:
    """Contacts of ``people`` people, two to four each, on several channels: the same person
    writes the name a little differently, gives the birth date or not, one phone and one
    e-mail address of their own."""
    rng = random.Random(seed)
    rows, n = [], 0
    for p in range(people):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        born = f"{rng.randint(1960, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        phone, email = f"+3161{p:07d}", f"{given.lower()}.{p}@example.org"
        for k in range(rng.randint(2, 4)):
            n += 1
            name = f"{given} {family}" if rng.random() < 0.7 else f"{family}, {given}"
            if rng.random() < 0.2:
                name = name.replace("a", "aa", 1)
            row = {
                "ref": f"c{n}",
                "channel": rng.choice(["email", "phone", "web"]),
                "received_at": f"2026-05-{1 + (n % 28):02d}T10:00:00+02:00",
                "name": name,
                "body": "Vraag over mijn aanvraag",
            }
            if rng.random() < 0.6:
                row["birth_date"] = born
            row["phone" if k % 2 else "email"] = phone if k % 2 else email
            rows.append(row)
    rng.shuffle(rows)
    return rows


def _file(rows) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(r) + "\n" for r in rows).encode())


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 10, 12), tick=False):
        yield


def test_a_first_import_learns_the_weights_from_its_file_and_stores_every_line():
    rows = _people_file()
    report = import_jsonl(_file(rows), actor="import")
    assert report.learned.contacts == len(rows) and report.stored == len(rows) == Contact.objects.count()
    estimate = LinkageEstimate.objects.get()
    assert estimate.contacts == len(rows)
    assert any("among themselves" in note for note in estimate.weights["notes"])
    # the register these weights meet holds people, not contacts: as many as the weights can
    # tell apart, at least the 150 there are (names repeat: 12 given and 9 family names)
    assert 150 <= estimate.weights["clients"] <= len(rows) / 2


def test_learning_first_leaves_fewer_contacts_to_an_agent(monkeypatch):
    rows = _people_file()
    monkeypatch.setattr(first_import, "SAMPLE", 0)  # nothing read: the prior weights
    import_jsonl(_file(rows), actor="import")
    with_prior = ReviewItem.objects.count()
    assert not LinkageEstimate.objects.exists()
    Contact.objects.all().delete()
    ReviewItem.objects.all().delete()

    monkeypatch.setattr(first_import, "SAMPLE", 10_000)
    import_jsonl(_file([{**r, "ref": "again-" + r["ref"]} for r in rows]), actor="import")
    assert ReviewItem.objects.count() < with_prior / 2


def test_only_the_first_import_learns():
    import_jsonl(_file(_people_file(seed=3)), actor="import")
    report = import_jsonl(_file([{**r, "ref": "b" + r["ref"]} for r in _people_file(seed=4)]), actor="import")
    assert report.learned.contacts == 0 and LinkageEstimate.objects.count() == 1


def test_a_stream_that_cannot_be_read_twice_is_imported_with_the_prior_weights():
    rows = _people_file()
    report = import_jsonl([json.dumps(r) + "\n" for r in rows], actor="import")
    assert report.learned.contacts == 0 and report.stored == len(rows)
    assert not LinkageEstimate.objects.exists()


def test_too_few_contacts_to_learn_from_change_nothing():
    rows = _people_file(people=30)
    report = import_jsonl(_file(rows), actor="import")
    assert report.learned.contacts == 0 and report.stored == len(rows)
    assert not LinkageEstimate.objects.exists()


def test_bad_lines_among_those_learned_from_are_still_reported_by_number():
    rows = [json.dumps(r) for r in _people_file()]
    rows[0] = "\ufeff" + rows[0]  # a byte order mark before the first line
    bad = ["{not json", "[" * 5000 + "]" * 5000, json.dumps({"ref": "x", "channel": "email", "name": ["A"]})]
    lines = [line.encode() for line in rows[:3] + bad] + [b"\xff\xfe not UTF-8"] + [line.encode() for line in rows[3:]]
    report = import_jsonl(io.BytesIO(b"\n".join(lines) + b"\n"), actor="import")
    assert report.learned.contacts == len(rows)
    assert [number for number, _reason in report.bad] == [4, 5, 6, 7]
    assert report.stored == len(rows) and Contact.objects.filter(ref="x").count() == 0


def test_the_command_says_what_it_learned_from(tmp_path, capsys):
    path = tmp_path / "contacts.jsonl"
    rows = _people_file()
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    call_command("contact", "import", str(path), "--workers", "0")
    out, err = capsys.readouterr()
    assert (
        f"No matching weights had been learned yet: learned from the first {len(rows):,} contacts of this file, "
        "among themselves, in"
    ) in out
    assert f"learning the matching weights from this file: {len(rows):,} of {len(rows):,} contacts compared" in err


def test_a_first_import_learns_the_question_window_from_the_replies_in_its_file(tmp_path, capsys):
    rows = []
    for i in range(60):  # an e-mail, the reply 20 days later, and a call 18 days after that
        who = {"name": f"{GIVEN[i % 12]} {FAMILY[i // 12]}", "email": f"c{i}@example.org", "topic": "address"}
        rows.append(line(ref=f"m{i}", message_id=f"<m{i}@x>", received_at="2026-03-01T10:00:00+01:00", **who))
        rows.append(line(ref=f"r{i}", in_reply_to=f"<m{i}@x>", received_at="2026-03-21T10:00:00+01:00", **who))
        rows.append(line(ref=f"t{i}", channel="phone", received_at="2026-04-08T10:00:00+02:00", **who))
    path = tmp_path / "mail.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    call_command("contact", "import", str(path), "--workers", "0")
    out = capsys.readouterr().out
    assert "No question window had been learned yet: learned from the pauses before 60 e-mail replies" in out
    assert "20 days." in out
    # the call came 18 days after the reply: inside the learned window, not the 14-day floor
    asked = {c.ref: c.question.resolved().pk for c in Contact.objects.select_related("question")}
    assert all(asked[f"m{i}"] == asked[f"r{i}"] == asked[f"t{i}"] for i in range(60))


def test_learning_holds_no_long_line_in_memory():
    """Ten thousand lines of long e-mails are read to learn from; what is kept of each is its
    few short fields, not its body (here 40 lines of 1 MB: held whole, 40 MB)."""
    import tracemalloc

    rows = _people_file()
    for row in rows[:40]:
        row["body"] = "Ik heb een vraag over mijn aanvraag. " * 28_000  # about 1 MB
    stream = _file(rows)
    tracemalloc.start()
    try:
        learned = first_import.learn_if_first(stream)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert learned.contacts == len(rows) and stream.tell() == 0
    assert peak < 15 * 2**20


def test_a_dutch_user_reads_what_was_learned_in_dutch(tmp_path, capsys):
    from django.utils import translation

    rows = _people_file()
    for i, row in enumerate(rows[:120]):  # replies, 20 days after the e-mail they answer
        row.update(message_id=f"<q{i}@x>", received_at="2026-03-01T10:00:00+01:00")
        rows.append({**row, "ref": f"re{i}", "in_reply_to": f"<q{i}@x>", "message_id": f"<re{i}@x>"})
        rows[-1]["received_at"] = "2026-03-21T10:00:00+01:00"
    path = tmp_path / "contacts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with translation.override("nl"):
        call_command("contact", "import", str(path), "--workers", "0")
    out, err = capsys.readouterr()
    count = f"{len(rows):,}".replace(",", ".")
    assert f"Er waren nog geen matchgewichten geleerd: geleerd uit de eerste {count} contacten" in out
    assert "Er was nog geen termijn van een vraag geleerd: geleerd uit de pauzes vóór 120 antwoorden" in out
    assert "20 dagen." in out
    assert f"de matchgewichten worden uit dit bestand geleerd: {count} van {count} contacten vergeleken" in err
    assert "learned" not in out + err
