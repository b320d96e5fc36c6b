"""A re-audit reports an invalid legal value as the breach of its rule, never as a bad line.

Issue 12 (4): a revocation on the ground 'vw33-1-z' dropped out of the audit as a bad line
instead of being reported as a breach of REV-01. Each field whose invalid value breaks a
rule is judged by that rule, which quotes the value; the fields that make a line no decision
at all stay bad lines (tests/rules/test_parse.py).
"""

import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings, strategies as st

from loket.rules.facts import HEARING_EXCEPTIONS, REMEDIES_NOTICES, REVOCATION_GROUNDS
from tests.rules.builders import application, ev, judge, messages, objection, revocation

pytestmark = pytest.mark.django_db

INTENTION = [ev("intention_sent", "2026-02-23", "officer")]

# Any JSON value someone else's export might hold in the field, but not absent or empty.
_scalars = st.one_of(st.text(min_size=1), st.integers(), st.floats(allow_nan=False), st.booleans())
_values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), _scalars, max_size=2),
)
_fast = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _shown(value) -> str:
    """How the message quotes the value: as written (text) or as its JSON, cut at 80 characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text[:80]


@_fast
@given(_values.filter(lambda v: v not in REVOCATION_GROUNDS))
def test_any_revocation_ground_outside_vw_32_35_is_a_rev01_breach(ground):
    case = revocation(events=INTENTION, decision={"revocation_ground": ground})
    assert judge(case, language="en").get("REV-01") == ["block"]
    assert _shown(ground) in messages(case, "REV-01", language="en")[0]


@_fast
@given(_values.filter(lambda v: v not in HEARING_EXCEPTIONS))
def test_any_hearing_exception_outside_awb_7_3_is_a_hear02_breach(ground):
    case = objection(
        heard=False,
        outcome="unfounded",
        decided_on="2026-05-20",
        decision={"hearing_exception": ground},
    )
    found = judge(case, language="en")
    assert found.get("HEAR-02") == ["block"]
    assert "HEAR-01" not in found  # a ground was recorded, just not one of the law
    assert _shown(ground) in messages(case, "HEAR-02", language="en")[0]


@_fast
@given(_values.filter(lambda v: v not in REMEDIES_NOTICES))
def test_any_remedies_notice_outside_the_known_ones_is_an_obj03_breach(notice):
    case = application(
        track="asylum",
        received_on="2026-01-05",
        decided_on="2026-03-02",
        outcome="rejected",
        decision={"remedies_notice": notice},
    )
    assert judge(case, language="en").get("OBJ-03") == ["block"]
    assert _shown(notice) in messages(case, "OBJ-03", language="en")[0]


def test_a_megabyte_of_nonsense_is_quoted_short():
    case = revocation(events=INTENTION, decision={"revocation_ground": "x" * 1_000_000})
    [message] = messages(case, "REV-01", language="en")
    assert len(message) < 300 and "'" + "x" * 80 + "…'" in message


def test_the_same_values_in_a_rule_that_does_not_apply_break_nothing():
    """A regular permit is not revoked under Vw 32/35, an application has no hearing to skip:
    no rule is broken, so no violation, and no bad line either."""
    assert (
        judge(
            revocation(
                track="regular",
                events=INTENTION,
                decision={"revocation_ground": "vw22-2-a"},
            )
        )
        == {}
    )
    assert judge(application(decision={"hearing_exception": "busy", "remedies_notice": "a letter"})) == {}


def test_audit_command_reports_the_issue_s_revocations_as_rev01_breaches(tmp_path):
    cases = []
    for ref, ground in (
        ("R-vw33", "vw33-1-z"),
        ("R-opinion", "public opinion"),
        ("R-ok", "vw32-1-b"),
    ):
        cases.append(
            dict(
                revocation(events=INTENTION, decision={"revocation_ground": ground}),
                ref=ref,
            )
        )
    skipped = dict(
        objection(
            heard=False,
            outcome="unfounded",
            decided_on="2026-05-20",
            decision={"hearing_exception": "too busy"},
        ),
        ref="B-busy",
    )
    source = tmp_path / "cases.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in [*cases, skipped]))
    report, out = tmp_path / "report.jsonl", io.StringIO()
    call_command(
        "rules",
        "audit",
        "--input",
        str(source),
        "--output",
        str(report),
        "--language",
        "en",
        "--workers",
        "1",
        stdout=out,
        stderr=io.StringIO(),
    )
    lines = {line["ref"]: line for line in map(json.loads, report.read_text().splitlines())}
    assert not any("error" in line for line in lines.values())
    assert [v["rule"] for v in lines["R-vw33"]["violations"]] == ["REV-01"]
    assert "'vw33-1-z'" in lines["R-vw33"]["violations"][0]["message"]
    assert [v["rule"] for v in lines["R-opinion"]["violations"]] == ["REV-01"]
    assert "'public opinion'" in lines["R-opinion"]["violations"][0]["message"]
    assert lines["R-ok"]["violations"] == []
    assert [v["rule"] for v in lines["B-busy"]["violations"]] == ["HEAR-02"]
    assert "4 cases audited, 3 break a blocking rule, 0 bad lines" in out.getvalue()
    html = report.with_suffix(".html").read_text()
    assert '<tr><th scope="row">R-vw33</th>' in html and '<tr><th scope="row">R-opinion</th>' in html
