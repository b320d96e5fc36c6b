"""``loket integrity signals --input ACTIVITY.jsonl --output SIGNALS.jsonl``: every signal over an
export, bad lines reported with their number and reason without stopping, the HTML beside it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from loket.integrity.signals import config, engine
from tests.integrity.signal_support import Activity, at


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def export(tmp_path, lines) -> tuple:
    source = tmp_path / "ACTIVITY.jsonl"
    source.write_text("\n".join(lines) + "\n")
    return source, tmp_path / "SIGNALS.jsonl"


def run(source, target):
    out, err = StringIO(), StringIO()
    call_command("integrity", "signals", input=str(source), output=str(target), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_export_gives_one_line_per_signal_and_a_page_beside_it(tmp_path):
    act = Activity()
    for k in range(7):
        act.case(f"C-{k}", "T2", f"b{k % 6 + 1}", client=f"c{k}", contact={"iban": "NL91 ABNA 0417 1643 00"})
    source, target = export(tmp_path, act.text())
    out, _err = run(source, target)
    [line] = [json.loads(x) for x in target.read_text().splitlines()]
    assert list(line) == ["signal", "officer", "subject", "score", "explanation", "evidence"]
    assert (line["signal"], line["officer"], line["subject"]) == ("CON-01", None, "NL91ABNA0417164300")
    assert "CON-01 1" in out and "0 bad lines" in out
    html = (tmp_path / "SIGNALS.html").read_text()
    assert '<th scope="row">CON-01</th><td class="n">1</td>' in html
    assert "7 are unrelated (threshold 6)" in html


BAD = [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"type": "visit", "id": 1}', "unknown type 'visit'"),
    ('{"type": "event", "actor": "a1", "action": "read", "case": "T1-000"}', "event: missing 'at'"),
    (
        '{"type": "event", "at": "' + at(3) + '", "actor": "a1", "action": "peek", "case": "T1-000"}',
        "unknown action 'peek'",
    ),
    (
        '{"type": "event", "at": "03/03/2026 10:00", "actor": "a1", "action": "read", "case": "T1-000"}',
        "'at' is not an ISO 8601 time",
    ),
    (
        '{"type": "event", "at": "2026-02-30T10:00:00+01:00", "actor": "a1", "action": "read", "case": "T1-000"}',
        "day is out of range",
    ),
    (
        '{"type": "event", "at": "'
        + at(3)
        + '", "actor": "a1", "action": "sign", "case": "T1-000", "outcome": "maybe"}',
        "unknown outcome 'maybe'",
    ),
    ('{"type": "officer", "id": "z1", "team": "T1", "absent": "always"}', "'absent' must be a list"),
    ('{"type": "mandate", "signatory": "a1", "for": "a2", "from": "next week"}', "mandate: Invalid isoformat"),
    (
        '{"type": "case", "id": "Q", "kind": "asylum", "team": "T1", "client": "q", "assigned_to": "a1", "contact": "06"}',
        "'contact' must be an object",
    ),
]


def test_bad_lines_are_reported_with_number_and_reason_and_the_rest_is_used(tmp_path):
    act = Activity()
    for i, cid in enumerate(act.cases["T2"][:35]):
        act.event(at(10 + i % 5, 14), "a3", "read", cid)
    good = act.text()
    lines = good[:20] + [text for text, _reason in BAD] + good[20:]
    source, target = export(tmp_path, lines)
    out, err = run(source, target)
    for n, (_text, reason) in enumerate(BAD, start=21):
        assert any(msg.startswith(f"line {n}: ") and reason in msg for msg in err.splitlines()), (n, reason, err)
    assert f"{len(BAD)} bad lines" in out
    assert [json.loads(x)["signal"] for x in target.read_text().splitlines()] == ["ACC-01"]
    assert "line 21: not valid JSON" in (tmp_path / "SIGNALS.html").read_text()


def test_progress_is_reported_while_reading(tmp_path):
    act = Activity()
    seen = []
    engine.run_lines(act.text(), config.thresholds(), progress=lambda s: seen.append(s.lines), every=100)
    assert seen[:3] == [100, 200, 300]


def test_a_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.jsonl", tmp_path / "out.jsonl")


def test_events_before_their_case_line_are_still_judged(tmp_path):
    act = Activity()
    for i, cid in enumerate(act.cases["T2"][:35]):
        act.event(at(10 + i % 5, 14), "a3", "read", cid)
    cases = [rec for rec in act.lines if rec["type"] == "case"]
    rest = [rec for rec in act.lines if rec["type"] != "case"]
    act.lines = rest + cases  # an export that lists its cases last
    signals, stats = engine.run_lines(act.text(), config.thresholds())
    assert [s.signal for s in signals] == ["ACC-01"] and stats.bad_count == 0


def test_the_daily_run_goes_through_the_task_queue(db):
    from loket.integrity.signal_models import SignalRun

    out = StringIO()
    call_command("integrity", "signals", enqueue=True, stdout=out)
    assert out.getvalue().startswith("queued: ")
    assert SignalRun.objects.count() == 1  # the test settings run tasks at once
