"""Properties of the deadline arithmetic over many dates (hypothesis)."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, strategies as st

from loket.core.deadlines import is_working_day, next_working_day
from loket.rules.deadlines import objection_in_time, objection_period_end, penalty_owed, statutory_due
from tests.rules.builders import application, ev, facts, judge, objection, undecided

pytestmark = pytest.mark.django_db

days = st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31))
tracks = st.sampled_from(["regular", "naturalisation"])


def iso(d):
    return d.isoformat()


@given(notified=days, after=st.integers(0, 80), track=tracks)
def test_obj01_in_time_iff_received_on_or_before_the_end_of_the_period(notified, after, track):
    received = notified + timedelta(days=after)
    case = facts(objection(track=track, notified_on=iso(notified), received_on=iso(received)))
    end = objection_period_end(case)
    assert objection_in_time(case) is (received <= end)
    assert ("OBJ-01" in judge(objection(track=track, notified_on=iso(notified), received_on=iso(received)))) is (
        received > end
    )


@given(notified=days, track=tracks)
def test_obj01_period_ends_on_a_working_day_within_a_week_of_the_bare_count(notified, track):
    weeks = 6 if track == "naturalisation" else 4
    end = objection_period_end(facts(objection(track=track, notified_on=iso(notified), received_on=iso(notified))))
    bare = notified + timedelta(weeks=weeks)
    assert is_working_day(end)
    assert bare <= end < bare + timedelta(days=7)


@given(a=days, b=days, track=tracks)
def test_objection_period_end_is_monotonic(a, b, track):
    a, b = min(a, b), max(a, b)

    def end(n):
        return objection_period_end(facts(objection(track=track, notified_on=iso(n), received_on=iso(n))))

    assert end(a) <= end(b)


@given(notified=days)
def test_dec02_nineteen_weeks_are_never_moved(notified):
    case = facts(undecided(objection(track="regular", notified_on=iso(notified), received_on=iso(notified))))
    base = objection_period_end(case)
    assert statutory_due(case, date(2040, 1, 1)) == base + timedelta(weeks=19)


@given(received=days)
def test_vw42_six_months_are_never_moved(received):
    case = facts(undecided(application(track="asylum", received_on=iso(received))))
    assert statutory_due(case, date(2040, 1, 1)) == received + relativedelta(months=6)


@given(received=days)
def test_vw25_ninety_days_end_on_a_working_day(received):
    due = statutory_due(facts(undecided(application(track="regular", received_on=iso(received)))), date(2040, 1, 1))
    assert is_working_day(due) and received + timedelta(days=90) <= due


@given(
    received=days,
    track=st.sampled_from(["regular", "asylum", "naturalisation"]),
    start=st.integers(0, 60),
    length=st.integers(1, 60),
)
def test_a_suspension_never_makes_the_due_date_earlier(received, track, start, length):
    plain = application(track=track, received_on=iso(received))
    suspended = application(
        track=track,
        received_on=iso(received),
        events=[
            ev("suspended", iso(received + timedelta(days=start))),
            ev("resumed", iso(received + timedelta(days=start + length))),
        ],
    )
    on = date(2040, 1, 1)
    before, after = statutory_due(facts(undecided(plain)), on), statutory_due(facts(undecided(suspended)), on)
    assert before <= after <= next_working_day(before + timedelta(days=length))


@given(received=days, track=st.sampled_from(["regular", "naturalisation"]), late=st.integers(1, 400))
def test_decided_on_the_due_date_is_in_time_the_day_after_is_late(received, track, late):
    rule = "VW-25" if track == "regular" else "APP-01"
    due = statutory_due(facts(undecided(application(track=track, received_on=iso(received)))), date(2040, 1, 1))
    decided = due + timedelta(days=late)
    in_force = decided >= (date(2013, 6, 1) if track == "regular" else date(2009, 10, 1))
    assert rule not in judge(application(track=track, received_on=iso(received), decided_on=iso(due)))
    found = judge(application(track=track, received_on=iso(received), decided_on=iso(decided)))
    assert (rule in found) is in_force


@given(
    received=st.dates(min_value=date(2012, 1, 1), max_value=date(2030, 1, 1)),
    notice_after=st.integers(1, 30),
    span=st.integers(0, 120),
)
def test_penalty_grows_by_one_day_rate_at_a_time_up_to_the_maximum(received, notice_after, span):
    open_case = undecided(application(track="regular", received_on=iso(received)))
    due = statutory_due(facts(open_case), date(2040, 1, 1))
    notice = due + timedelta(days=notice_after)
    case = facts(
        undecided(
            application(track="regular", received_on=iso(received), events=[ev("notice_of_default", iso(notice))])
        )
    )
    cap = 1442 if notice >= date(2019, 1, 1) else 1260
    previous = penalty_owed(case, notice)
    assert previous == 0
    for n in range(1, span + 1):
        today = notice + timedelta(days=n)
        now = penalty_owed(case, today)
        assert now - previous in ({0, 23, 35, 45} if cap == 1442 else {0, 20, 30, 40})
        assert now <= cap
        previous = now
    if span >= 42 + 20:
        assert previous == cap
