"""HEAR-01/02/03 (the hearing), MAND-01 (mandate), FOUR-01 (four eyes), REA-01 (reasons)."""

import pytest

from tests.rules.builders import application, ev, judge, messages, objection, revocation

pytestmark = pytest.mark.django_db


def test_hear01_decision_without_hearing_or_exception_is_blocked():
    assert judge(objection(heard=False))["HEAR-01"] == ["block"]
    msg = messages(objection(heard=False), "HEAR-01", language="en")[0]
    assert "without a hearing" in msg


def test_hear01_hearing_on_the_day_of_the_decision_counts_the_day_after_does_not():
    on_the_day = objection(heard=False, decided_on="2026-05-20", events=[ev("hearing_held", "2026-05-20", "hearer")])
    assert "HEAR-01" not in judge(on_the_day)
    after = objection(heard=False, decided_on="2026-05-20", events=[ev("hearing_held", "2026-05-21", "hearer")])
    assert judge(after)["HEAR-01"] == ["block"]


def test_hear01_an_invitation_alone_is_not_a_hearing():
    invited = objection(heard=False, events=[ev("hearing_invited", "2026-04-20")])
    assert judge(invited)["HEAR-01"] == ["block"]


@pytest.mark.parametrize(
    "ground, outcome, events, expected",
    [
        ("manifestly_inadmissible", "inadmissible", [], ["warn"]),  # (a): allowed, flagged for review
        ("manifestly_unfounded", "unfounded", [], ["warn"]),  # (b): allowed, flagged for review
        ("manifestly_unfounded", "granted", [], ["block"]),  # (b) with a granted objection: no
        ("manifestly_inadmissible", "unfounded", [], ["block"]),
        ("waived", "unfounded", [ev("hearing_waived", "2026-04-25")], None),  # (c) with the waiver recorded
        ("waived", "unfounded", [], ["block"]),  # (c) without a recorded waiver
        ("no_reply", "unfounded", [ev("hearing_invited", "2026-04-21")], None),  # (d) after an invitation
        ("no_reply", "unfounded", [], ["block"]),
        ("granted_in_full", "granted", [], None),  # (e)
        ("granted_in_full", "partly_granted", [], ["block"]),  # (e) only when granted in full
    ],
)
def test_hear02_grounds_of_awb_7_3(ground, outcome, events, expected):
    case = objection(
        heard=False, outcome=outcome, events=events, decided_on="2026-05-20", decision={"hearing_exception": ground}
    )
    found = judge(case)
    assert found.get("HEAR-02") == expected
    assert "HEAR-01" not in found  # a recorded ground is judged by HEAR-02 alone


def test_hear02_a_waiver_after_the_decision_does_not_count():
    case = objection(
        heard=False,
        outcome="unfounded",
        decided_on="2026-05-20",
        events=[ev("hearing_waived", "2026-05-21")],
        decision={"hearing_exception": "waived"},
    )
    assert judge(case)["HEAR-02"] == ["block"]


@pytest.mark.parametrize("hearer, blocked", [("first", True), ("boss", True), ("hearer", False), (None, False)])
def test_hear03_hearer_not_involved_in_the_contested_decision(hearer, blocked):
    case = objection(heard=False, events=[ev("hearing_held", "2026-04-20", hearer)])
    assert ("HEAR-03" in judge(case)) is blocked


@pytest.mark.parametrize(
    "author, signatory, count",
    [
        ("first", "head", 1),  # wrote the contested decision, now writes the decision on the objection
        ("officer", "boss", 1),  # signed the contested decision, now signs again ("in the name of")
        ("boss", "first", 2),
        ("officer", "head", 0),
    ],
)
def test_mand01_no_decision_on_the_objection_by_whoever_took_the_contested_decision(author, signatory, count):
    case = objection(decision={"author": author, "signatory": signatory})
    assert judge(case).get("MAND-01", []) == ["block"] * count


def test_mand01_applies_to_objections_only():
    assert "MAND-01" not in judge(application(decision={"author": "first", "signatory": "boss"}))


@pytest.mark.parametrize("outcome", ["rejected", "inadmissible", "unfounded", "revoked"])
def test_four01_negative_decision_needs_a_second_reader_other_than_the_author(outcome):
    base = dict(decided_on="2026-03-02", outcome=outcome)
    build = (
        (lambda **kw: revocation(events=[ev("intention_sent", "2026-01-05")], **base, **kw))
        if outcome == "revoked"
        else (lambda **kw: application(**base, **kw))
    )
    assert "FOUR-01" not in judge(build(decision={"second_reader": "reader"}))
    assert judge(build(decision={"second_reader": None}))["FOUR-01"] == ["block"]
    assert judge(build(decision={"second_reader": "officer"}))["FOUR-01"] == ["block"]  # officer is the author


@pytest.mark.parametrize("outcome", ["granted", "partly_granted"])
def test_four01_positive_decisions_need_no_second_reader(outcome):
    assert "FOUR-01" not in judge(application(outcome=outcome, decision={"second_reader": None}))


def test_rea01_empty_reasons_block_in_every_kind():
    for case in (
        objection(decision={"reasons": "  "}),
        application(decision={"reasons": ""}),
        revocation(events=[ev("intention_sent", "2026-01-05")], decision={"reasons": "\n"}),
    ):
        assert judge(case)["REA-01"] == ["block"]


def test_rea01_departing_from_advice_without_saying_why_warns():
    silent = objection(decision={"departs_from_advice": True, "reasons": "The objection is unfounded."})
    assert judge(silent)["REA-01"] == ["warn"]
    explained = objection(
        decision={"departs_from_advice": True, "reasons": "Anders dan het advies van de commissie, omdat ..."}
    )
    assert "REA-01" not in judge(explained)
