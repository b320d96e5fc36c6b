"""DW-01 and DW-02: the penalty for a late decision, day by day at the scale's boundaries.

A regular application received on 1 January 2026 is due on Wednesday 1 April (90 days). A
notice of default received on Thursday 2 April gives two weeks, to Thursday 16 April; the
penalty runs from Friday 17 April: day 14 is 30 April, day 15 is 1 May, day 28 is 14 May,
day 29 is 15 May, day 42 is 28 May.
"""

from datetime import date
from decimal import Decimal

import pytest

from loket.rules.deadlines import penalty_owed
from tests.rules.builders import application, ev, facts, judge, messages, objection, undecided

pytestmark = pytest.mark.django_db

NOTICE = [ev("notice_of_default", "2026-04-02")]


def owed(decided_on, events=NOTICE, **kw):
    return penalty_owed(
        facts(application(received_on="2026-01-01", decided_on=decided_on, events=events, **kw)),
        date.fromisoformat(decided_on),
    )


@pytest.mark.parametrize(
    "decided_on, amount",
    [
        ("2026-04-16", 0),  # the last day of the two weeks: no penalty
        ("2026-04-17", 23),  # day 1
        ("2026-04-30", 322),  # day 14: 14 x 23
        ("2026-05-01", 357),  # day 15: + 35
        ("2026-05-14", 812),  # day 28: 322 + 14 x 35
        ("2026-05-15", 857),  # day 29: + 45
        ("2026-05-28", 1442),  # day 42: the maximum
        ("2026-07-01", 1442),  # and no more
    ],
)
def test_dw01_scale_from_2019(decided_on, amount):
    assert owed(decided_on) == Decimal(amount)


def test_dw01_a_notice_before_the_period_lapsed_is_premature():
    assert owed("2026-05-28", events=[ev("notice_of_default", "2026-04-01")]) == 0
    assert owed("2026-05-28", events=[]) == 0


def test_dw01_scale_before_2019_for_older_notices():
    # received 2 Jan 2018: 90 days end on Easter Monday 2 April -> Tuesday 3 April; notice 4 April,
    # two weeks to 18 April, penalty from 19 April; 42 days end on 30 May.
    def old(decided_on):
        case = application(
            received_on="2018-01-02", decided_on=decided_on, events=[ev("notice_of_default", "2018-04-04")]
        )
        return penalty_owed(facts(case), date.fromisoformat(decided_on))

    assert old("2018-04-18") == 0
    assert old("2018-04-19") == 20
    assert old("2018-05-02") == 280
    assert old("2018-05-03") == 310
    assert old("2018-05-30") == 1260
    assert old("2018-06-30") == 1260


def test_dw01_accrual_warns_and_a_late_decision_without_fixing_the_penalty_is_blocked():
    case = application(received_on="2026-01-01", decided_on="2026-05-01", events=NOTICE)
    assert judge(case)["DW-01"] == ["warn", "block"]
    assert "€ 357" in messages(case, "DW-01", language="nl")[0]
    fixed = application(
        received_on="2026-01-01", decided_on="2026-05-01", events=NOTICE + [ev("penalty_fixed", "2026-05-01")]
    )
    assert judge(fixed)["DW-01"] == ["warn"]


def test_dw01_penalty_may_be_fixed_up_to_two_weeks_after_the_last_day():
    def with_fixing(day):
        return application(
            received_on="2026-01-01", decided_on="2026-05-01", events=NOTICE + [ev("penalty_fixed", day)]
        )

    assert judge(with_fixing("2026-05-15"))["DW-01"] == ["warn"]  # 1 May + 2 weeks
    # Fixed later than Awb 4:18 asks: settled, so no longer blocking, but the lateness shows.
    late = with_fixing("2026-05-18")
    assert judge(late)["DW-01"] == ["warn", "warn"]
    assert any("fixed late" in m for m in messages(late, "DW-01"))


def test_dw01_undecided_case_accrues_and_blocks_once_the_maximum_was_not_fixed_in_time():
    case = undecided(application(received_on="2026-01-01", events=NOTICE))
    from loket.rules.engine import evaluate

    on_day_30 = [v.outcome for v in evaluate(facts(case), on=date(2026, 5, 16)) if v.rule == "DW-01"]
    assert on_day_30 == ["warn"]
    # day 42 is 28 May; fixing due by 11 June; on 12 June nothing was fixed
    after = [v.outcome for v in evaluate(facts(case), on=date(2026, 6, 12)) if v.rule == "DW-01"]
    assert after == ["warn", "block"]


def test_dw01_applies_to_objection_decisions_through_7_14():
    # regular objection due Friday 25 December 2026 (19 weeks); notice 28 December, two weeks to
    # 11 January, penalty from 12 January 2027
    case = objection(
        track="regular",
        notified_on="2026-07-17",
        received_on="2026-07-30",
        decided_on="2027-01-12",
        events=[ev("notice_of_default", "2026-12-28")],
    )
    assert penalty_owed(facts(case), date(2027, 1, 12)) == 23


def test_dw02_no_automatic_penalty_for_asylum_notices_since_10_july_2020():
    # asylum application received 2 Jan 2020: six months end 2 July 2020
    def asylum(notice_on, decided_on="2020-09-30"):
        return application(
            track="asylum", received_on="2020-01-02", decided_on=decided_on, events=[ev("notice_of_default", notice_on)]
        )

    before = asylum("2020-07-09")
    assert penalty_owed(facts(before), date(2020, 9, 30)) == 1442
    assert "DW-02" not in judge(before)
    since = asylum("2020-07-10")
    assert penalty_owed(facts(since), date(2020, 9, 30)) == 0
    assert judge(since)["DW-02"] == ["warn"]
    assert "DW-01" not in judge(since)
    assert "court" in messages(since, "DW-02")[0]
