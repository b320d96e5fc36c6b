"""Item 8 of the brief: ``loket contact import FILE.jsonl`` and ``export``: progress, each
bad line reported with its number and reason and nothing of it stored, the same file
twice adds nothing, and the export says where each contact lives after every merge."""

import io
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from loket.clients.models import Client
from loket.contact.models import Contact, Question
from loket.contact.services import export_jsonl, import_jsonl, merge_questions
from tests.contact.conftest import at, line

pytestmark = pytest.mark.django_db

GOOD = [
    line(
        ref="m1",
        name="Mohammed Ali",
        email="m.ali@example.org",
        subject="Verhuisd",
        body="Nieuw adres",
        message_id="<m1@x>",
        received_at="2026-06-01T10:00:00+02:00",
    ),
    line(
        ref="m2",
        name="Mohammed Ali",
        email="m.ali@example.org",
        subject="Re: Verhuisd",
        in_reply_to="<m1@x>",
        message_id="<m2@x>",
        received_at="2026-06-02T10:00:00+02:00",
    ),
    line(
        ref="p1",
        channel="phone",
        name="Muhammad Ali",
        email="m.ali@example.org",
        phone="06-12345678",
        topic="address",
        received_at="2026-06-03T10:00:00+02:00",
    ),
    line(
        ref="w1",
        channel="web",
        name="Sara Haile",
        email="sara@example.org",
        topic="fees",
        case_ref="IND-1",
        received_at="2026-06-03T11:00:00+02:00",
    ),
    line(
        ref="l1",
        channel="letter",
        name="S. Haile",
        case_ref="IND-1",
        body="Over de leges",
        received_at="2026-06-05T09:00:00+02:00",
    ),
]
BAD = {
    3: (line(ref="x1", channel="fax", name="A"), "channel"),
    5: (line(ref="x2", name="A", received_at="2026-02-30T10:00:00+01:00"), "received_at"),
    6: (line(ref="", name="A", phone="12"), "ref"),  # a doubtful phone alone refuses nothing
    8: (line(ref="x4", name="A", received_at="2026-06-01T10:00:00"), "offset"),
}


def jsonl(rows) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]


def mixed() -> list[str]:
    lines, good = [], iter(GOOD)
    for number in range(1, len(GOOD) + len(BAD) + 1):
        lines.append(json.dumps(BAD[number][0]) + "\n" if number in BAD else json.dumps(next(good)) + "\n")
    return lines


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 10, 12), tick=False):
        yield


def test_import_groups_links_and_reports_bad_lines_by_number():
    report = import_jsonl(mixed())
    assert report.stored == 5
    assert [n for n, _ in report.bad] == sorted(BAD)
    for number, reason in report.bad:
        assert BAD[number][1] in reason
    assert not Contact.objects.filter(ref__startswith="x").exists()
    assert not Client.objects.filter(display_name="A").exists()  # nothing of a bad line is stored
    m1, m2, p1, w1, l1 = (Contact.objects.get(ref=r) for r in ["m1", "m2", "p1", "w1", "l1"])
    assert m1.question_id == m2.question_id == p1.question_id  # thread, then same topic on the phone
    assert w1.question_id == l1.question_id  # same case reference
    assert m1.question_id != w1.question_id
    assert m1.topic == "address" and m1.topic_detected


def test_the_same_file_twice_adds_nothing():
    first = import_jsonl(jsonl(GOOD))
    counts = (Contact.objects.count(), Question.objects.count(), Client.objects.count())
    second = import_jsonl(jsonl(GOOD))
    assert (first.stored, second.stored, second.duplicates) == (5, 0, 5)
    assert (Contact.objects.count(), Question.objects.count(), Client.objects.count()) == counts


def test_import_groups_as_intake_does_one_by_one(receive):
    """The import's cached index and intake's database index must decide alike."""
    import_jsonl(jsonl(GOOD))
    by_import = {c.ref: c.question_id for c in Contact.objects.all()}
    Contact.objects.all().delete()
    Question.objects.all().delete()
    for row in GOOD:
        receive(**row)
    by_intake = {c.ref: c.question_id for c in Contact.objects.all()}
    assert _partition(by_import) == _partition(by_intake)


def test_a_file_in_two_runs_groups_like_one_run():
    import_jsonl(jsonl(GOOD[:2]))
    import_jsonl(jsonl(GOOD[2:]))
    assert Contact.objects.get(ref="p1").question_id == Contact.objects.get(ref="m1").question_id
    assert Contact.objects.get(ref="l1").question_id == Contact.objects.get(ref="w1").question_id


def _partition(assignment: dict) -> set[frozenset]:
    groups = {}
    for ref, qid in assignment.items():
        groups.setdefault(qid, set()).add(ref)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize(
    "text,reason",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps(line(ref="dup", name="A")), "already on line 1"),
        (json.dumps(line(name="A", ref="")), "ref"),
    ],
)
def test_more_bad_lines(text, reason):
    report = import_jsonl([json.dumps(line(ref="dup", name="B", email="b@example.org")) + "\n", "\n", text + "\n"])
    assert report.stored == 1
    assert [n for n, _ in report.bad] == [3] and reason in report.bad[0][1]


def test_a_line_that_is_not_utf8():
    report = import_jsonl([b'{"ref": "\xff"}\n', json.dumps(line(ref="ok", name="A")).encode() + b"\n"])
    assert report.bad[0][0] == 1 and "UTF-8" in report.bad[0][1] and report.stored == 1


def test_export_after_client_and_question_merges(agent):
    from loket.clients.services import merge_clients

    import_jsonl(jsonl(GOOD))
    ali, sara = Contact.objects.get(ref="m1").client, Contact.objects.get(ref="w1").client
    # Suppose an agent finds the two are one person: the export follows the merges.
    Client.objects.filter(pk=sara.pk).update(birth_year=None, display_name="Mohammed Ali")
    merge_clients(keep=ali, merge=Client.objects.get(pk=sara.pk), actor=agent, reason="test: one person")
    merge_questions(
        keep=Contact.objects.get(ref="m1").question,
        merge=Contact.objects.get(ref="w1").question,
        actor=agent,
        reason="one matter",
    )
    out = io.StringIO()
    assert export_jsonl(out) == 5
    rows = {r["ref"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert {r["client_id"] for r in rows.values()} == {ali.pk}
    assert len({r["question_id"] for r in rows.values()}) == 1
    assert set(rows["m1"]) == {"ref", "client_id", "question_id"}


def test_the_command_shows_progress_and_bad_lines(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(mixed()), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("contact", "import", str(path))
    assert exit_.value.code == 1
    out = capsys.readouterr()
    assert "line 3: channel:" in out.err and "line 8: received_at:" in out.err
    assert "lines read" in out.err
    assert "5 contacts stored" in out.out
    export = tmp_path / "out.jsonl"
    call_command("contact", "export", str(export))
    assert len(export.read_text().splitlines()) == 5


def test_the_command_speaks_the_users_language(tmp_path, capsys):
    """Every line the command writes is in the user's language, not only the field errors:
    a Dutch user reads Dutch from the first bad line to the summary, figures as Dutch writes
    them; the same run in English reads English."""
    from django.utils import translation

    path = tmp_path / "in.jsonl"
    extra = ["{not json\n", json.dumps(line(ref="m1", name="A")) + "\n", "\n"]
    path.write_text("".join(mixed() + extra), encoding="utf-8")
    with translation.override("nl"), pytest.raises(SystemExit):
        call_command("contact", "import", str(path))
    err, out = capsys.readouterr()[::-1]
    assert "regel 3: channel: Onbekend kanaal" in err
    assert f"regel {len(mixed()) + 1}: geen geldige JSON" in err
    assert f"regel {len(mixed()) + 2}: ref: “m1” staat al op regel 1" in err
    assert "regels gelezen" in err and "lines read" not in err and "line " not in err
    assert err.count("regels gelezen") == 1  # progress once per batch, not again at the end
    assert out.startswith("5 contacten opgeslagen in ") and "foute regels" in out
    with translation.override("nl"), pytest.raises(CommandError, match=r"kan .* niet lezen"):
        call_command("contact", "import", str(tmp_path / "nope.jsonl"))
    with translation.override("nl"):
        call_command("contact", "export", str(tmp_path / "out.jsonl"))
    assert "5 contacten geschreven naar" in capsys.readouterr().out

    path.write_text("".join(mixed() + extra), encoding="utf-8")
    with pytest.raises(SystemExit):  # the fixture's English
        call_command("contact", "import", str(path))
    err, out = capsys.readouterr()[::-1]
    assert f"line {len(mixed()) + 1}: not valid JSON" in err and "regel" not in err
    assert "5 already there" in out


def test_figures_are_written_as_the_language_writes_them():
    from django.utils import translation

    from loket.contact.management.commands.contact import _number

    with translation.override("nl"):
        assert _number(100000) == "100.000" and _number(2.5, 1) == "2,5"
    with translation.override("en"):
        assert _number(100000) == "100,000" and _number(2.5, 1) == "2.5"


def test_the_command_on_a_missing_file(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="cannot read"):
        call_command("contact", "import", str(tmp_path / "nope.jsonl"))


FIELDS = {
    "ref": st.one_of(st.text(max_size=8), st.integers(), st.none()),
    "channel": st.sampled_from(["email", "phone", "web", "counter", "letter", "fax", "", None]),
    "received_at": st.one_of(
        st.sampled_from(
            ["2026-06-01T10:00:00+02:00", "2026-06-01T10:00:00", "2026-13-01T10:00Z", "2026-06-02T08:00:00Z"]
        ),
        st.text(max_size=12),
    ),
    "name": st.one_of(st.sampled_from(["Ali", "محمد علي", ""]), st.text(max_size=20)),
    "phone": st.one_of(st.sampled_from(["0612345678", "+31 6 1234 5678", "12"]), st.text(max_size=12)),
    "email": st.one_of(st.sampled_from(["a@example.org", "bad@", ""]), st.text(max_size=12)),
    "birth_date": st.one_of(st.sampled_from(["1990", "1990-02-30", "1990-05-01", ""]), st.integers(1800, 2100)),
    "topic": st.sampled_from(["status", "fees", "weather", "", None]),
}


@hyp_settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(st.fixed_dictionaries({}, optional=FIELDS), st.text(max_size=30)), max_size=12))
def test_any_file_imports_what_is_good_and_reports_the_rest(rows):
    from django.core.exceptions import ValidationError

    from loket.contact.inputs import clean_contact

    Contact.objects.all().delete()
    Question.objects.all().delete()
    lines = [(json.dumps(r) if isinstance(r, dict) else r).replace("\n", " ") + "\n" for r in rows]
    report = import_jsonl(lines)
    expected, refs = 0, set()
    for text in lines:
        try:
            data = clean_contact(json.loads(text))
        except (ValueError, ValidationError):
            continue
        if data.ref not in refs:
            refs.add(data.ref)
            expected += 1
    assert report.stored == Contact.objects.count() == expected
    assert report.stored + len(report.bad) == sum(1 for t in lines if t.strip())


def test_a_worker_process_reads_the_lines_as_the_import_itself_would():
    """``workers=1`` (the command's default on a machine with two cores) checks the lines in
    a second process: the same contacts stored, the same bad lines, in the user's language."""
    from django.db import transaction
    from django.utils import translation

    def run(workers):
        with translation.override("nl"), transaction.atomic():
            report = import_jsonl(mixed(), workers=workers)
            stored = sorted(Contact.objects.values_list("ref", "topic", "topic_detected", "language", "phone"))
            groups = sorted(sorted(q.contacts.values_list("ref", flat=True)) for q in Question.objects.all())
            transaction.set_rollback(True)
        return report.stored, report.bad, stored, groups

    in_process, with_worker = run(0), run(1)
    assert with_worker == in_process
    assert with_worker[0] == 5 and [n for n, _ in with_worker[1]] == sorted(BAD)
    assert any("Onbekend kanaal" in reason for _n, reason in with_worker[1])  # checked in Dutch, in the worker


def test_the_import_command_reads_with_a_worker(tmp_path, capsys):
    path = tmp_path / "contacts.jsonl"
    path.write_text("".join(jsonl(GOOD)), encoding="utf-8")
    call_command("contact", "import", str(path), "--workers", "1")
    assert Contact.objects.count() == len(GOOD)
    assert "5 contacts stored" in capsys.readouterr().out


@pytest.mark.parametrize("batch_size", [1, 2, 3])
def test_any_batch_size_stores_and_groups_as_one_batch(batch_size):
    """Lines go in batches (one transaction and one read of the clients each): where the
    batches end must not change which contacts join which question and client."""
    from django.db import transaction

    def run(size):
        with transaction.atomic():
            report = import_jsonl(mixed() + jsonl(GOOD), batch_size=size)
            questions = _partition({c.ref: c.question_id for c in Contact.objects.all()})
            clients = _partition({c.ref: c.client_id for c in Contact.objects.all()})
            transaction.set_rollback(True)
        return report.stored, report.duplicates, report.bad, questions, clients

    assert run(batch_size) == run(5000)


def test_the_import_command_refuses_a_batch_size_below_one(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "contacts.jsonl"
    path.write_text("".join(jsonl(GOOD)), encoding="utf-8")
    with pytest.raises(CommandError, match="batch-size: must be at least 1"):
        call_command("contact", "import", str(path), "--batch-size", "0")
    assert not Contact.objects.exists()
    call_command("contact", "import", str(path), "--batch-size", "2", "--workers", "0")
    assert Contact.objects.count() == len(GOOD)


def test_progress_comes_after_a_short_first_batch_and_batches_grow(monkeypatch):
    """The first batch is short and each next one at most 1.5 times the one before: the import
    stores (and shows progress) while the reading process is still on the lines after it,
    instead of waiting for a whole batch."""
    from loket.contact.services import bulk

    lines = [json.dumps(line(ref=f"r{i}", name=f"Amal Haddad {i}")) + "\n" for i in range(23)]
    monkeypatch.setattr(bulk, "FIRST_BATCH", 4)
    seen = []
    report = import_jsonl(lines, batch_size=10, progress=lambda r: seen.append(r.stored))
    assert seen == [4, 10, 19, 23] and report.stored == 23  # batches of 4, 6, 9 and the last 4
    seen.clear()
    import_jsonl(
        [json.dumps(line(ref=f"s{i}", name="Sara Haile")) + "\n" for i in range(3)],
        batch_size=2,
        progress=lambda r: seen.append(r.stored),
    )
    assert seen == [2, 3]  # a batch size below the first batch's is kept; the last batch is reported once
    seen.clear()
    import_jsonl(["\n"], progress=lambda r: seen.append(r.lines))
    assert seen == [1]  # nothing to store: the progress still says what was read


def test_a_question_that_gets_its_client_later_is_found_by_that_clients_next_contact(
    monkeypatch, under_review, receive
):
    """Issue 12 (3): a contact under review opens a question without a client; a contact of
    the client on its case gives it that client; the client's next contact on the topic joins
    it. The import's cache did not list the question under its new client, so a resumed import
    (which reads it from the database) grouped otherwise than an uninterrupted one."""
    from django.db import transaction

    from loket.clients import services as clients

    monkeypatch.delattr(clients, "link_contacts")  # one link() per contact, so under_review applies
    under_review("r1")
    rows = [
        line(
            ref="r1",
            channel="letter",
            name="S. Haile",
            case_ref="IND-7",
            topic="status",
            received_at="2026-06-01T10:00:00+02:00",
        ),
        line(
            ref="a1",
            channel="web",
            name="Sara Haile",
            email="sara@example.org",
            case_ref="IND-7",
            topic="status",
            received_at="2026-06-02T10:00:00+02:00",
        ),
        line(
            ref="a2",
            channel="web",
            name="Sara Haile",
            email="sara@example.org",
            topic="status",
            received_at="2026-06-03T10:00:00+02:00",
        ),
    ]
    with transaction.atomic():
        for row in rows:
            receive(**row)
        one_by_one = _partition({c.ref: c.question_id for c in Contact.objects.all()})
        transaction.set_rollback(True)
    import_jsonl(jsonl(rows))
    assert (
        _partition({c.ref: c.question_id for c in Contact.objects.all()})
        == one_by_one
        == {frozenset({"r1", "a1", "a2"})}
    )


class _Killed(Exception):
    """Stands in for kill -9: the run stops between two lines, its open batch uncommitted."""


def _cut_after(lines: list[str], count: int):
    yield from lines[:count]
    raise _Killed


def test_an_import_cut_short_leaves_its_regrouping_to_the_next_run():
    """Issue 12 (3), in one process (tests/contact/test_import_resumed.py does it with kill -9):
    two clients merged before the cut keep their questions apart until a run of the import
    ends (it regroups then, not at the cut), and the next run joins them: the end state is
    that of one uninterrupted run."""
    from django.db import transaction

    from loket.clients.services import ContactIdentity, register_client
    from loket.contact.models import RegroupDue

    # one man on file twice, registered by hand without matching: by his V-number and by his phone
    register_client(identity=ContactIdentity(name="Khaled Ibrahim", v_number="1111111111"), actor="counter")
    register_client(
        identity=ContactIdentity(name="Chaled Ebrahim", birth_date="1980-01-20", phone="0622222222"), actor="counter"
    )
    rows = [
        line(
            ref="a1",
            channel="web",
            name="Khaled Ibrahim",
            v_number="1111111111",
            topic="status",
            received_at="2026-06-01T10:00:00+02:00",
        ),
        line(
            ref="b1",
            channel="web",
            name="Chaled Ebrahim",
            phone="0622222222",
            topic="status",
            received_at="2026-06-02T10:00:00+02:00",
        ),
        line(
            ref="m1",
            channel="web",
            name="Khalid Ibrahim",
            v_number="1111111111",
            phone="06-22222222",
            topic="fees",
            received_at="2026-06-03T10:00:00+02:00",
        ),
        line(
            ref="x1",
            channel="web",
            name="Sara Haile",
            email="sara@example.org",
            topic="fees",
            received_at="2026-06-04T10:00:00+02:00",
        ),
    ]
    lines = jsonl(rows)

    def state():
        found = list(Contact.objects.values_list("ref", "question_id", "client_id"))
        return _partition({ref: q for ref, q, _c in found}), _partition({ref: c for ref, _q, c in found})

    with transaction.atomic():
        whole = import_jsonl(lines, batch_size=1)
        expected = state()
        transaction.set_rollback(True)
    assert whole.regrouped == 1 and frozenset({"a1", "b1"}) in expected[0]

    with pytest.raises(_Killed):
        import_jsonl(_cut_after(lines, 3), batch_size=1)
    assert Contact.objects.get(ref="a1").question_id != Contact.objects.get(ref="b1").question_id
    assert RegroupDue.objects.filter(client=Contact.objects.get(ref="a1").client).exists()
    again = import_jsonl(lines, batch_size=1)
    assert (again.stored, again.duplicates, again.left_to_regroup, again.regrouped) == (1, 3, 1, 1)
    assert state() == expected
    assert not RegroupDue.objects.exists()


def test_without_a_batch_size_the_command_takes_batches_of_batch(tmp_path, monkeypatch, capsys):
    """Without ``--batch-size`` the command cuts the lines in batches of ``BATCH`` on every
    database (one audit entry per batch)."""
    from loket.contact.services import bulk
    from loket.core.audit_models import AuditEntry

    monkeypatch.setattr(bulk, "FIRST_BATCH", 100)
    monkeypatch.setattr(bulk, "BATCH", 3)
    path = tmp_path / "contacts.jsonl"
    path.write_text(
        "".join(json.dumps(line(ref=f"r{i}", name=f"Amal Haddad {i}")) + "\n" for i in range(8)), encoding="utf-8"
    )
    call_command("contact", "import", str(path), "--workers", "0")
    assert Contact.objects.count() == 8
    assert AuditEntry.objects.filter(action="contact.import.batch").count() == 3  # 3, 3 and 2 lines
    assert "8 contacts stored" in capsys.readouterr().out
