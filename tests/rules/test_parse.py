"""Bad input for the re-audit format: every case that cannot be judged says which field and why."""

import copy

import pytest

from loket.rules.facts import CaseFormatError, parse_case
from tests.rules.builders import application, objection, revocation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def broken(obj, path, value):
    obj = copy.deepcopy(obj)
    *parents, last = path.split(".")
    target = obj
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return obj


@pytest.mark.parametrize(
    "case, path, value, field, words",
    [
        (objection(), "kind", "complaint", "kind", "unknown value 'complaint'"),
        (objection(), "track", "student", "track", "unknown value"),
        (objection(), "ref", "", "ref", "required"),
        (objection(), "received_on", KeyError, "received_on", "date is required"),
        (application(), "received_on", None, "received_on", "date is required"),
        (objection(), "received_on", "2026-02-30", "received_on", "not a valid date"),
        (objection(), "received_on", "20260201", "received_on", "YYYY-MM-DD"),
        (objection(), "received_on", 20260201, "received_on", "YYYY-MM-DD"),
        (objection(), "contested", KeyError, "contested", "contested decision"),
        (objection(), "contested.notified_on", KeyError, "contested.notified_on", "date is required"),
        (objection(), "contested.author", "", "contested.author", "required"),
        (objection(), "decision.decided_on", KeyError, "decision.decided_on", "date is required"),
        (objection(), "decision.outcome", "maybe", "decision.outcome", "unknown value 'maybe'"),
        (objection(), "decision.author", None, "decision.author", "required"),
        (objection(), "decision.signatory", 7, "decision.signatory", "must be text"),
        (objection(), "decision.reasons", ["x"], "decision.reasons", "must be text"),
        (objection(), "decision.departs_from_advice", "yes", "decision.departs_from_advice", "true or false"),
        (objection(), "events", {"type": "hearing_held"}, "events", "must be a list"),
        (objection(), "accelerated", 1, "accelerated", "true or false"),
    ],
)
def test_bad_field_is_named_with_its_reason(case, path, value, field, words):
    with pytest.raises(CaseFormatError) as exc:
        parse_case(broken(case, path, value))
    assert exc.value.field == field
    assert words in exc.value.message


def test_bad_event_is_named_by_its_position():
    case = objection(
        heard=False, events=[{"type": "hearing_held", "on": "2026-04-20"}, {"type": "party", "on": "2026-04-21"}]
    )
    with pytest.raises(CaseFormatError) as exc:
        parse_case(case)
    assert exc.value.field == "events[1].type"
    case = objection(heard=False, events=[{"type": "postponed"}])
    with pytest.raises(CaseFormatError) as exc:
        parse_case(case)
    assert exc.value.field == "events[0].on"


def test_decision_before_the_case_was_received():
    with pytest.raises(CaseFormatError) as exc:
        parse_case(application(received_on="2026-03-02", decided_on="2026-03-01"))
    assert exc.value.field == "decision.decided_on"
    assert "before the case was received" in exc.value.message
    parse_case(application(received_on="2026-03-02", decided_on="2026-03-02"))  # the same day is fine


def test_objection_before_the_contested_decision_was_taken():
    with pytest.raises(CaseFormatError) as exc:
        parse_case(objection(notified_on="2026-04-07", received_on="2026-04-06", decided_on="2026-04-08"))
    assert exc.value.field == "received_on"


def test_notified_before_decided():
    case = broken(objection(), "contested.notified_on", "2026-04-01")
    with pytest.raises(CaseFormatError) as exc:
        parse_case(case)
    assert exc.value.field == "contested.notified_on"


@pytest.mark.parametrize("not_a_case", [[], "B-1", None, 3])
def test_a_case_must_be_an_object(not_a_case):
    with pytest.raises(CaseFormatError) as exc:
        parse_case(not_a_case)
    assert exc.value.field == "case"


def test_messages_in_dutch_when_dutch_is_active():
    from django.utils import translation

    with translation.override("nl"), pytest.raises(CaseFormatError) as exc:
        parse_case(broken(objection(), "received_on", KeyError))
    assert "datum is verplicht" in exc.value.message


def test_a_revocation_needs_no_receipt_date_and_an_undecided_case_no_decision():
    facts = parse_case(revocation(decision={}))
    assert facts.received_on is None
    case = objection()
    case["decision"] = None
    assert parse_case(case).decision is None


def test_events_are_kept_in_date_order_whatever_the_input_order():
    case = objection(
        heard=False, events=[{"type": "postponed", "on": "2026-06-01"}, {"type": "postponed", "on": "2026-05-01"}]
    )
    assert [e.on.isoformat() for e in parse_case(case).events_of("postponed")] == ["2026-05-01", "2026-06-01"]


@pytest.mark.parametrize(
    "path, value, kept",
    [
        ("decision.hearing_exception", "busy", "busy"),
        ("decision.revocation_ground", "public opinion", "public opinion"),
        ("decision.remedies_notice", "bezwaar", "bezwaar"),
        ("decision.revocation_ground", 32, "32"),
        ("decision.hearing_exception", ["waived"], '["waived"]'),
        ("decision.revocation_ground", "", None),
    ],
)
def test_a_legal_value_outside_the_law_is_kept_as_written_for_its_rule(path, value, kept):
    """Not a bad line: the rule that the value breaks reports it (test_invalid_legal_values.py)."""
    facts = parse_case(broken(revocation(), path, value))
    assert getattr(facts.decision, path.split(".")[1]) == kept
