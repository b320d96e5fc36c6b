"""Issuing a decision runs every rule in force: blocks stop it, warnings need a reason, the
results and the rule set version are stored, and every attempt is kept."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from loket.cases import services as case_services
from loket.cases.choices import RoleInCase, Status
from loket.core.audit_models import AppendOnlyError, AuditEntry
from loket.decisions import services
from loket.decisions.models import Decision, IssueAttempt, RuleFinding
from loket.decisions.services import DecisionStopped
from loket.rules.engine import RULESET_VERSION
from tests.cases.conftest import TODAY, at

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


def _draft(case, author, outcome="unfounded", **kw):
    return services.save_draft(case=case, actor=author, outcome=outcome, reasons=kw.pop("reasons", REASONS), **kw)


def _heard(case, staff, on=date(2026, 5, 20)):
    case_services.record_event(case=case, actor=staff["objection"], type="hearing_held", on=on, by=staff["objection2"])


def test_an_objection_without_hearing_or_exception_is_stopped_by_hear01_with_its_source(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted")
    with translation.override("en"), pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    stopped = caught.value
    assert [(v.rule, v.source) for v in stopped.blocking] == [("HEAR-01", "Awb 7:2")]
    assert isinstance(stopped, ValidationError)
    assert any("HEAR-01" in m and "Awb 7:2" in m for m in stopped.messages)
    assert not Decision.objects.exists()
    attempt = IssueAttempt.objects.get()
    assert attempt.result == "blocked" and attempt.ruleset_version == RULESET_VERSION
    assert list(attempt.findings.values_list("rule", "outcome")) == [("HEAR-01", "block")]
    assert AuditEntry.objects.filter(action="decisions.decision.stopped").exists()


def test_the_message_is_in_the_officers_language(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted")
    with translation.override("nl"), pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    assert "hoorzitting" in caught.value.blocking[0].message


def test_after_the_hearing_the_decision_goes_out_with_its_rule_results(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted", signatory=staff["lead"], legal_basis="Vw 14")
    _heard(case, staff)
    decision = services.issue_decision(draft=draft, actor=staff["lead"], acknowledgements={})
    assert (decision.decided_on, decision.outcome, decision.ruleset_version) == (TODAY, "granted", RULESET_VERSION)
    assert (decision.author, decision.signatory) == (staff["objection"], staff["lead"])
    assert decision.rule_results == []
    assert case.statuses.last().status == Status.DECIDED
    assert set(case.roles.values_list("role", "user__username")) == {
        (RoleInCase.AUTHOR, "olga"),
        (RoleInCase.SIGNATORY, "tom"),
        (RoleInCase.HEARER, "otto"),
    }
    assert IssueAttempt.objects.get().result == "issued"
    assert AuditEntry.objects.filter(action="decisions.decision.issued", object_id=str(decision.pk)).exists()


def test_a_decision_is_issued_once(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted")
    _heard(case, staff)
    services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    with pytest.raises(ValidationError) as caught:
        services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    assert "once" in caught.value.messages[0]
    assert Decision.objects.count() == 1
    with pytest.raises(ValidationError):  # the draft is closed too
        _draft(case, staff["objection"], outcome="granted")


def test_an_issued_decision_cannot_be_changed(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted")
    _heard(case, staff)
    decision = services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    decision.outcome = "unfounded"
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        Decision.objects.update(reasons="")


def test_a_warning_must_be_acknowledged_with_a_reason(objection, staff):
    # Received after the objection period (21 April + 4 weeks = 19 May): OBJ-01 warns.
    case = objection(received_on=date(2026, 5, 27))
    draft = _draft(case, staff["objection"], outcome="granted")
    _heard(case, staff, on=date(2026, 5, 28))
    for acks in ({}, {"OBJ-01": "   "}, {"HEAR-01": "not a warning"}):
        with pytest.raises(DecisionStopped) as caught:
            services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements=acks)
        assert [v.rule for v in caught.value.unacknowledged] == ["OBJ-01"]
        assert not caught.value.blocking
    assert IssueAttempt.objects.filter(result="unacknowledged").count() == 3
    decision = services.issue_decision(
        draft=draft, actor=staff["objection"], acknowledgements={"OBJ-01": "Posted on time according to the envelope."}
    )
    [result] = decision.rule_results
    assert (result["rule"], result["outcome"]) == ("OBJ-01", "warn")
    assert result["acknowledgement"] == "Posted on time according to the envelope."
    finding = RuleFinding.objects.get(attempt__result="issued")
    assert finding.acknowledged and finding.reason.startswith("Posted")


def test_acknowledgements_must_be_a_mapping(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted")
    with pytest.raises(ValidationError) as caught:
        services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements=["OBJ-01"])
    assert "acknowledgements" in caught.value.message_dict


def test_empty_reasons_are_blocked_by_rea01(application, staff):
    case = application()
    draft = services.save_draft(case=case, actor=staff["decision"], outcome="granted", reasons="")
    with pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=draft, actor=staff["decision"], acknowledgements={})
    assert [v.rule for v in caught.value.blocking] == ["REA-01"]


def test_a_decision_cannot_be_dated_before_its_case_was_received(staff):
    # The case is received "today" as the officer sees it, and the decision is attempted on a
    # machine whose clock says the day before (a decision is dated the day it is issued).
    with at(date(2026, 6, 1)):
        case = case_services.open_case(
            actor=staff["decision"],
            kind="application",
            track="regular",
            team=staff["team"],
            received_on=date(2026, 6, 1),
        )
        case_services.assign(case=case, officer=staff["decision"], via="test")
        draft = services.save_draft(case=case, actor=staff["decision"], outcome="granted", reasons=REASONS)
    with at(date(2026, 5, 31)), pytest.raises(ValidationError) as caught:
        services.issue_decision(draft=draft, actor=staff["decision"], acknowledgements={})
    assert "decided_on" in caught.value.message_dict
    assert not Decision.objects.exists()


def test_permissions_are_checked_in_the_service(objection, staff):
    case = objection()
    draft = _draft(case, staff["objection"], outcome="granted")
    _heard(case, staff)
    with pytest.raises(PermissionDenied):  # wrong role for an objection
        services.issue_decision(draft=draft, actor=staff["decision"], acknowledgements={})
    with pytest.raises(PermissionDenied):  # right role, but not the signatory
        services.issue_decision(draft=draft, actor=staff["objection2"], acknowledgements={})
    with pytest.raises(PermissionDenied):  # another team's officer
        services.issue_decision(draft=draft, actor=staff["outsider"], acknowledgements={})
    assert not Decision.objects.exists() and not IssueAttempt.objects.exists()
