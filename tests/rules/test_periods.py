"""DEC-01, DEC-02, APP-01, VW-25, VW-42: decision periods at their boundaries.

Dates were chosen so that a period ends on a weekend or holiday: where the Algemene
termijnenwet applies (6 and 12 weeks, 90 days) the due date moves to the next working
day; where it does not (19 and 13 weeks, 6 and 12 months: Atw art. 4) it stays.
"""

from datetime import date

import pytest
import time_machine

from loket.rules.deadlines import statutory_due
from tests.rules.builders import application, ev, facts, judge, messages, objection, undecided

pytestmark = pytest.mark.django_db


# Naturalisation objection: notified Friday 2 Oct 2026, six-week objection period ends Friday
# 13 Nov, six weeks more end on Christmas Day (Friday) -> Monday 28 December.
def due(case):
    """The statutory due date of the case while still open, judged on a day long after."""
    return statutory_due(facts(undecided(case)), date(2030, 1, 1))


NAT = dict(track="naturalisation", notified_on="2026-10-02", received_on="2026-10-20")


def test_dec01_six_weeks_after_the_objection_period_moved_past_christmas():
    assert due(objection(**NAT)) == date(2026, 12, 28)
    assert "DEC-01" not in judge(objection(**NAT, decided_on="2026-12-28"))
    assert judge(objection(**NAT, decided_on="2026-12-29"))["DEC-01"] == ["warn"]
    assert "1 days late" in messages(objection(**NAT, decided_on="2026-12-29"), "DEC-01")[0]


def test_dec01_advisory_committee_makes_it_twelve_weeks():
    committee = [ev("advisory_committee", "2026-11-20")]
    assert due(objection(**NAT, events=committee)) == date(2027, 2, 5)
    assert "DEC-01" not in judge(objection(**NAT, events=committee, decided_on="2027-02-05"))
    assert judge(objection(**NAT, events=committee, decided_on="2027-02-08"))["DEC-01"] == ["warn"]


def test_dec01_suspended_while_a_defect_is_repaired():
    # 10 days suspended: the period's start moves by 10 days, 13 Nov + 10 + 6 weeks = 4 Jan 2027
    repair = [ev("defect_repair_requested", "2026-11-20"), ev("resumed", "2026-11-30")]
    assert due(objection(**NAT, events=repair, decided_on="2027-01-04")) == date(2027, 1, 4)
    assert "DEC-01" not in judge(objection(**NAT, events=repair, decided_on="2027-01-04"))
    assert judge(objection(**NAT, events=repair, decided_on="2027-01-05"))["DEC-01"] == ["warn"]


def test_dec01_a_repair_before_the_decision_period_began_moves_nothing():
    repair = [ev("defect_repair_requested", "2026-10-22"), ev("resumed", "2026-11-01")]
    assert due(objection(**NAT, events=repair, decided_on="2026-12-01")) == date(2026, 12, 28)


def test_dec01_postponed_once_by_six_weeks_further_only_with_consent():
    once = [ev("postponed", "2026-12-01")]
    assert due(objection(**NAT, events=once)) == date(2027, 2, 8)
    assert "DEC-01" not in judge(objection(**NAT, events=once, decided_on="2027-02-08"))
    twice = once + [ev("postponed", "2027-02-01")]
    found = judge(objection(**NAT, events=twice, decided_on="2027-03-01"))
    assert found["DEC-01"] == ["warn", "warn"]  # the second postponement, and so the lateness
    assert (
        "needs the objector's consent" in messages(objection(**NAT, events=twice, decided_on="2027-03-01"), "DEC-01")[0]
    )
    assert due(objection(**NAT, events=twice)) == date(2027, 2, 8)
    consented = twice + [ev("postponement_consented", "2027-01-29")]
    assert due(objection(**NAT, events=consented)) == date(2027, 3, 22)
    assert "DEC-01" not in judge(objection(**NAT, events=consented, decided_on="2027-03-01"))


def test_dec01_postponement_sent_after_the_period_lapsed_does_not_count():
    late = [ev("postponed", "2026-12-29")]
    assert due(objection(**NAT, events=late)) == date(2026, 12, 28)
    msgs = messages(objection(**NAT, events=late, decided_on="2027-01-15"), "DEC-01")
    assert any("does not count" in m for m in msgs)


# Regular objection: notified Friday 17 July 2026, four weeks end Friday 14 August, and 19
# weeks later is Christmas Day 2026 -- which stays the due date (19 weeks > 12: Atw art. 4).
REG = dict(track="regular", notified_on="2026-07-17", received_on="2026-07-30")


def test_dec02_nineteen_weeks_are_not_moved_off_a_holiday():
    assert due(objection(**REG)) == date(2026, 12, 25)
    assert "DEC-02" not in judge(objection(**REG, decided_on="2026-12-25"))
    assert judge(objection(**REG, decided_on="2026-12-28"))["DEC-02"] == ["warn"]


def test_dec02_thirteen_more_weeks_for_third_party_advice():
    advice = [ev("extended", "2026-11-02")]
    assert due(objection(**REG, events=advice)) == date(2027, 3, 26)
    assert "DEC-02" not in judge(objection(**REG, events=advice, decided_on="2027-03-26"))
    assert judge(objection(**REG, events=advice, decided_on="2027-03-29"))["DEC-02"] == ["warn"]
    again = advice + [ev("extended", "2027-03-01")]  # Vw 76 allows the 13 weeks once
    assert due(objection(**REG, events=again)) == date(2027, 3, 26)
    assert messages(objection(**REG, events=again, decided_on="2027-03-26"), "DEC-02") == [
        "The extension of 2027-03-01 does not count: the law allows no further one."
    ]


def test_dec02_a_late_objection_is_counted_from_its_receipt():
    # received after the objection period: 19 weeks from the receipt (Thursday 20 Aug -> 31 Dec)
    late = objection(track="regular", notified_on="2026-07-17", received_on="2026-08-20")
    assert due(late) == date(2026, 12, 31)


def test_dec_undecided_case_is_judged_on_today():
    open_case = undecided(objection(**REG))
    with time_machine.travel(date(2026, 12, 25), tick=False):
        assert "DEC-02" not in judge(open_case)
    with time_machine.travel(date(2026, 12, 28), tick=False):
        assert judge(open_case)["DEC-02"] == ["warn"]


def test_vw25_ninety_days_moved_past_5_may():
    # received Wednesday 4 Feb 2026: 90 days end on 5 May, a holiday -> Wednesday 6 May (90 days: Atw applies)
    case = dict(track="regular", received_on="2026-02-04")
    assert due(application(**case)) == date(2026, 5, 6)
    assert "VW-25" not in judge(application(**case, decided_on="2026-05-06"))
    assert judge(application(**case, decided_on="2026-05-07"))["VW-25"] == ["warn"]


def test_vw25_extended_to_six_months_with_notice_in_time():
    case = dict(track="regular", received_on="2026-02-04")
    assert due(application(**case, events=[ev("extended", "2026-05-06")])) == date(2026, 8, 4)
    # an extension sent after the 90 days have lapsed does not count
    assert due(application(**case, events=[ev("extended", "2026-05-07")])) == date(2026, 5, 6)


def test_vw42_six_months_not_moved_off_a_saturday_then_nine_and_three_more():
    case = dict(track="asylum", received_on="2025-11-09")
    assert due(application(**case)) == date(2026, 5, 9)  # a Saturday: stays
    assert "VW-42" not in judge(application(**case, decided_on="2026-05-09"))
    assert judge(application(**case, decided_on="2026-05-11"))["VW-42"] == ["warn"]
    once = [ev("extended", "2026-04-01")]
    assert due(application(**case, events=once)) == date(2027, 2, 9)
    twice = once + [ev("extended", "2027-01-15")]
    assert due(application(**case, events=twice)) == date(2027, 5, 9)
    thrice = twice + [ev("extended", "2027-05-01")]  # the law allows no third extension
    assert due(application(**case, events=thrice)) == date(2027, 5, 9)


def test_app01_naturalisation_one_year():
    case = dict(track="naturalisation", received_on="2025-05-09")
    assert due(application(**case)) == date(2026, 5, 9)
    assert "APP-01" not in judge(application(**case, decided_on="2026-05-09"))
    assert judge(application(**case, decided_on="2026-05-10"))["APP-01"] == ["warn"]


def test_app01_suspension_under_4_15_moves_the_due_date():
    case = dict(
        track="naturalisation",
        received_on="2025-05-09",
        events=[ev("suspended", "2025-06-01"), ev("resumed", "2025-06-15")],
    )
    assert due(application(**case)) == date(2026, 5, 23)


def test_a_suspension_still_open_runs_until_the_day_of_judgement():
    case = undecided(
        application(track="naturalisation", received_on="2025-05-09", events=[ev("suspended", "2026-05-01")])
    )
    assert statutory_due(facts(case), date(2026, 6, 1)) == date(2026, 6, 9)  # 31 days suspended
    decided = application(
        track="naturalisation",
        received_on="2025-05-09",
        decided_on="2026-05-21",
        events=[ev("suspended", "2026-05-01")],
    )
    assert statutory_due(facts(decided)) == date(2026, 5, 29)  # suspended until the decision


def test_revocations_and_asylum_objections_have_no_statutory_period():
    assert due(objection(track="asylum")) is None
