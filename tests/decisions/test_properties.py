"""Properties over many objections: the judgement stored when a decision is issued is the one
the re-audit (``loket rules audit``) reaches from the stored case; a decision goes out only
when no rule blocks it; and the stored deadline is the one the rules compute."""

from datetime import timedelta

from django.utils import translation
from hypothesis import given, settings, strategies as st

from loket.cases import services as case_services
from loket.cases.facts import case_facts as plain_facts
from loket.cases.models import Case
from loket.decisions import services
from loket.decisions.models import Decision
from loket.decisions.selectors import case_facts
from loket.rules.deadlines import statutory_due
from loket.rules.engine import evaluate
from tests.cases.conftest import TODAY, handle

REASONS = "Reasons stated (Vw 16)."

objections = st.fixed_dictionaries(
    {
        "track": st.sampled_from(["regular", "naturalisation"]),
        "notified_ago": st.integers(min_value=20, max_value=200),
        "received_after": st.integers(min_value=0, max_value=60),
        "heard": st.booleans(),
        "exception": st.sampled_from(["", "manifestly_unfounded", "no_reply", "granted_in_full"]),
        "invited": st.booleans(),
        "outcome": st.sampled_from(["granted", "partly_granted", "unfounded", "inadmissible"]),
        "approved": st.booleans(),
        "acknowledge": st.booleans(),
        "advisory": st.booleans(),
    }
)


@settings(max_examples=25)
@given(spec=objections)
def test_what_issuing_stored_is_what_the_audit_finds(staff, today, spec):
    notified = TODAY - timedelta(days=spec["notified_ago"])
    received = min(notified + timedelta(days=spec["received_after"]), TODAY)
    case = case_services.open_case(
        actor=staff["objection"],
        kind="objection",
        track=spec["track"],
        team=staff["team"],
        received_on=received,
        contested_decided_on=notified,
        contested_notified_on=notified,
        contested_author_ref="X1",
        contested_signatory_ref="X2",
    )
    handle(case, staff["objection"])
    on = received
    for flag, type_, extra in (
        ("invited", "hearing_invited", {}),
        ("advisory", "advisory_committee", {}),
        ("heard", "hearing_held", {"by": staff["objection2"]}),
    ):
        if spec[flag]:
            case_services.record_event(case=case, actor=staff["objection"], type=type_, on=on, **extra)
    case.refresh_from_db()
    assert case.due_on == statutory_due(plain_facts(case), TODAY)
    draft = services.save_draft(
        case=case,
        actor=staff["objection"],
        outcome=spec["outcome"],
        reasons=REASONS,
        hearing_exception=spec["exception"],
    )
    if spec["approved"] and draft.negative:  # a second reader is drawn for a negative draft only
        services.approve_as_second_reader(draft=draft, actor=staff["reader"])
    judged = evaluate(case_facts(Case.objects.get(pk=case.pk)), language="en", on=TODAY)
    acks = {v.rule: "Reviewed." for v in judged if v.outcome == "warn"} if spec["acknowledge"] else {}
    try:
        with translation.override("en"):
            services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements=acks)
    except services.DecisionStopped as stopped:
        assert stopped.blocking or stopped.unacknowledged
        assert not Decision.objects.filter(case=case).exists()
        return
    decision = Decision.objects.get(case=case)
    stored = [(r["rule"], r["outcome"], r["message"]) for r in decision.rule_results]
    assert all(outcome == "warn" for _rule, outcome, _m in stored)
    audited = evaluate(case_facts(Case.objects.get(pk=case.pk)), language="en")
    assert [(v.rule, v.outcome, v.message) for v in audited] == stored
    assert decision.decided_on == TODAY  # judged on the day it was issued
