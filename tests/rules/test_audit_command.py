"""``loket rules audit`` end to end on a small file: output lines, bad lines, progress, HTML."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from loket.rules import audit
from tests.rules.builders import application, objection, revocation

pytestmark = pytest.mark.django_db


def jsonl(*items) -> bytes:
    return b"".join((i if isinstance(i, bytes) else json.dumps(i).encode()) + b"\n" for i in items)


def sample() -> bytes:
    unheard = objection(heard=False)
    unheard["ref"] = "B-unheard"
    ok = application()
    ok["ref"] = "A-ok"
    undecided_late = revocation(events=[])
    undecided_late["ref"] = "R-no-intention"
    before = application(received_on="2026-03-02", decided_on="2026-03-01")
    before["ref"] = "A-before"
    missing = application()
    missing["ref"] = "A-missing"
    del missing["received_on"]
    unknown = application()
    unknown.update(ref="X-unknown", kind="complaint")
    return jsonl(
        unheard,
        ok,
        b'{"ref": "broken", "kind": ',
        undecided_late,
        b"",
        unknown,
        missing,
        before,
        b'{"ref": "bad-bytes \xff"}',
    )


def run(tmp_path, data: bytes, *args):
    source = tmp_path / "cases.jsonl"
    source.write_bytes(data)
    out, err, report = io.StringIO(), io.StringIO(), tmp_path / "report.jsonl"
    call_command(
        "rules",
        "audit",
        "--input",
        str(source),
        "--output",
        str(report),
        "--language",
        "en",
        *args,
        stdout=out,
        stderr=err,
    )
    return [json.loads(line) for line in report.read_text().splitlines()], out.getvalue(), err.getvalue(), report


def test_audit_writes_one_line_per_case_and_reports_bad_lines_with_their_number(tmp_path):
    lines, out, err, _report = run(tmp_path, sample(), "--workers", "1")
    assert [line.get("ref") for line in lines] == [
        "B-unheard",
        "A-ok",
        None,
        "R-no-intention",
        "X-unknown",
        "A-missing",
        "A-before",
        None,
    ]
    by_ref = {line["ref"]: line for line in lines if line.get("ref")}
    assert by_ref["B-unheard"]["violations"][0] == {
        "rule": "HEAR-01",
        "outcome": "block",
        "message": by_ref["B-unheard"]["violations"][0]["message"],
    }
    assert by_ref["A-ok"]["violations"] == []
    assert [v["rule"] for v in by_ref["R-no-intention"]["violations"]] == ["REV-02"]
    errors = {line["line"]: line["error"] for line in lines if "error" in line}
    assert set(errors) == {3, 6, 7, 8, 9}  # the blank line 5 is skipped, not an error
    assert errors[3].startswith("JSON:")
    assert errors[6] == "kind: unknown value 'complaint' (allowed: application, objection, revocation)"
    assert errors[7].startswith("received_on: a date is required")
    assert errors[8] == "decision.decided_on: the decision is dated before the case was received"
    assert errors[9] == "not valid UTF-8"
    for number in (3, 6, 7, 8, 9):
        assert f"line {number}: " in err
    assert "done: 8 lines" in err and "5 bad" in err and "2 with a blocking violation" in err
    assert "3 cases audited, 2 break a blocking rule, 5 bad lines" in out


def test_html_report_beside_the_jsonl_with_counts_chart_and_every_blocked_case(tmp_path):
    _lines, _out, _err, report = run(tmp_path, sample(), "--workers", "1")
    html = report.with_suffix(".html").read_text()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<svg" in html and "<script" not in html and "http" not in html.split("<body>")[1]  # works offline
    assert '<th scope="row">HEAR-01</th>' in html and '<th scope="row">REV-02</th>' in html
    assert html.count('<tr><th scope="row">B-unheard</th>') == 1
    assert html.count('<tr><th scope="row">R-no-intention</th>') == 1
    assert "A-ok" not in html
    assert 'Cases audited</th><td class="n">3</td>' in html


def test_two_workers_give_the_same_output_in_the_same_order(tmp_path):
    many = jsonl(*[dict(objection(heard=i % 3 != 0), ref=f"B-{i}") for i in range(300)]) + sample()
    one, *_ = run(tmp_path, many, "--workers", "1")
    source = tmp_path / "cases.jsonl"
    out = io.StringIO()
    with open(source, "rb") as stream:
        audit.audit_stream(stream, out, language="en", workers=2, block_bytes=4096)
    two = [json.loads(line) for line in out.getvalue().splitlines()]
    assert two == one
    assert [line["line"] for line in two if "error" in line] == [303, 306, 307, 308, 309]


def test_memory_stays_flat_only_a_few_blocks_are_read_ahead():
    pulled = []

    def blocks():
        for i in range(200):
            pulled.append(i)
            yield i * 10 + 1, jsonl(dict(application(), ref=f"A-{i}")), "en"

    results = audit._run(blocks(), workers=2)
    next(results)
    assert len(pulled) <= 2 * audit.IN_FLIGHT_PER_WORKER + 1
    assert sum(1 for _ in results) == 199


def test_a_line_longer_than_a_block_is_read_whole():
    long_case = dict(application(decision={"reasons": "x" * 5000}), ref="A-long")
    data = jsonl(*[long_case, application()] * 3)
    blocks = list(audit.read_blocks(io.BytesIO(data), "en", size=1024))
    assert len(blocks) > 1 and all(block.endswith(b"\n") for _n, block, _l in blocks)
    assert b"".join(b[1] for b in blocks) == data
    assert [n for n, *_ in blocks] == [1 + sum(b[1].count(b"\n") for b in blocks[:i]) for i in range(len(blocks))]


def test_a_file_without_a_final_newline_loses_no_case():
    data = jsonl(application())[:-1]
    out = io.StringIO()
    totals = audit.audit_stream(io.BytesIO(data), out, language="en")
    assert totals.cases == 1 and json.loads(out.getvalue())["ref"] == "A-1"


def test_messages_in_dutch_by_default(tmp_path, settings):
    source, report = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(jsonl(objection(heard=False), b"{"))
    call_command(
        "rules",
        "audit",
        "--input",
        str(source),
        "--output",
        str(report),
        "--workers",
        "1",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    first, _second = [json.loads(line) for line in report.read_text().splitlines()]
    assert "hoorzitting" in first["violations"][0]["message"]
    assert '<html lang="nl">' in report.with_suffix(".html").read_text()


def test_missing_input_or_output_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="input file not found"):
        call_command("rules", "audit", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o.jsonl"))
    (tmp_path / "in.jsonl").write_bytes(jsonl(application()))
    with pytest.raises(CommandError, match="output folder does not exist"):
        call_command(
            "rules", "audit", "--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "x" / "o.jsonl")
        )


def test_without_input_audits_issued_decisions_or_says_there_is_nothing(tmp_path, monkeypatch):
    from loket.rules.facts import parse_case
    from loket.rules.management.commands import rules as command

    monkeypatch.setattr(command, "issued_case_facts", lambda: None)
    out = io.StringIO()
    call_command("rules", "audit", "--output", str(tmp_path / "o.jsonl"), stdout=out, stderr=io.StringIO())
    assert "Nothing to audit" in out.getvalue()

    issued = [parse_case(dict(objection(heard=False), ref="B-9")), parse_case(application())]
    monkeypatch.setattr(command, "issued_case_facts", lambda: iter(issued))
    out = io.StringIO()
    call_command(
        "rules", "audit", "--output", str(tmp_path / "o.jsonl"), "--language", "en", stdout=out, stderr=io.StringIO()
    )
    lines = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert [line["ref"] for line in lines] == ["B-9", "A-1"]
    assert lines[0]["violations"][0]["rule"] == "HEAR-01"
    assert "2 cases audited, 1 break a blocking rule" in out.getvalue()
    assert "B-9" in (tmp_path / "o.html").read_text()


def test_output_lines_are_the_json_that_json_dumps_writes_whatever_the_text():
    odd = dict(objection(heard=False, decision={"reasons": ""}), ref='B-"quoted" \\ € \n\t مرحبا')
    result = audit.audit_lines([json.dumps(odd), json.dumps(application())], 1, "nl")
    lines = result.output.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert json.dumps(json.loads(line), ensure_ascii=False) == line
    assert json.loads(lines[0])["ref"] == odd["ref"]
    assert json.loads(lines[1]) == {"ref": "A-1", "violations": []}
