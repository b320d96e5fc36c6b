"""The issued decisions as facts for ``loket rules audit`` (without --input)."""

import json
from datetime import date

from django.core.management import call_command

from loket.cases import services as case_services
from loket.decisions import services
from loket.decisions.selectors import case_facts, issued_case_facts

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


def _issued_objection(objection, staff):
    case = objection()
    case_services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by=staff["objection2"]
    )
    draft = services.save_draft(
        case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS, signatory=staff["lead"]
    )
    services.approve_as_second_reader(draft=draft, actor=staff["reader"])
    services.issue_decision(draft=draft, actor=staff["lead"], acknowledgements={})
    return case


def test_an_issued_objection_converts_to_the_facts_the_rules_judged(objection, staff):
    case = _issued_objection(objection, staff)
    facts = case_facts(case)
    assert (facts.ref, facts.kind, facts.track, facts.received_on) == (
        case.reference,
        "objection",
        "regular",
        date(2026, 5, 4),
    )
    assert (facts.contested.author, facts.contested.signatory) == ("first", "E0001")
    assert [(e.type, e.on, e.by) for e in facts.events] == [
        ("received", date(2026, 5, 4), None),
        ("hearing_held", date(2026, 5, 20), "otto"),
    ]
    d = facts.decision
    assert (d.decided_on, d.outcome, d.author, d.signatory, d.second_reader) == (
        date(2026, 6, 1),
        "unfounded",
        "olga",
        "tom",
        "rita",
    )
    assert [f.ref for f in issued_case_facts()] == [case.reference]


def test_an_open_case_has_no_decision_in_its_facts(objection):
    assert case_facts(objection()).decision is None


def test_loket_rules_audit_reads_the_issued_decisions(objection, staff, tmp_path, django_assert_max_num_queries):
    _issued_objection(objection, staff)
    out = tmp_path / "audit.jsonl"
    call_command("rules", "audit", "--output", str(out), "--language", "en")
    [line] = out.read_text().splitlines()
    assert json.loads(line)["violations"] == []
    for _ in range(5):
        _issued_objection(objection, staff)
    with django_assert_max_num_queries(10):  # chunks, not a query per decision
        assert len(list(issued_case_facts())) == 6
