"""The deadline calendar: Awb 6:8 counting and the Algemene termijnenwet (Atw) in full.

Every expected date below was worked out by hand from the law text in RULES.md; the
weekday is noted so that a reader can check it against a calendar.
"""

from datetime import date, datetime, timedelta

import pytest
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from hypothesis import given, strategies as st

from loket.core.deadlines import add_period, add_working_days, days_left, is_holiday, is_working_day
from loket.core.models import EquatedDay

pytestmark = pytest.mark.django_db


def test_the_example_of_the_issue():
    # Monday 1 June 2026 + 6 weeks = Monday 13 July 2026.
    assert add_period(date(2026, 6, 1), weeks=6) == date(2026, 7, 13)


# --- Awb 6:8: the period begins the day after; months end on the same day number ---


@pytest.mark.parametrize(
    "start, months, end",
    [
        (date(2026, 3, 15), 1, date(2026, 4, 15)),  # Wed: the same day number
        (date(2025, 2, 28), 1, date(2025, 3, 28)),  # Fri: 28 Feb is not "the end of the month" rule
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # Fri: February has no 31st -> its last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # Tue: a leap year
        (date(2024, 1, 30), 1, date(2024, 2, 29)),  # Thu: a leap year, from the 30th
        (date(2026, 3, 31), 1, date(2026, 4, 30)),  # Thu: April has no 31st
        (date(2026, 8, 31), 3, date(2026, 11, 30)),  # Mon: three months to a 30-day month
    ],
)
def test_month_periods_end_on_the_same_day_number_or_the_last_day(start, months, end):
    assert add_period(start, months=months) == end


def test_a_month_end_on_a_saturday_runs_on_to_monday():
    # 31 Dec 2025 + 2 months -> Sat 28 Feb 2026 -> Mon 2 Mar 2026.
    assert add_period(date(2025, 12, 31), months=2) == date(2026, 3, 2)
    # 30 Nov 2025 + 3 months -> Sat 28 Feb 2026: three months is still within the Atw.
    assert add_period(date(2025, 11, 30), months=3) == date(2026, 3, 2)


def test_days_and_weeks_count_from_the_day_after():
    assert add_period(date(2026, 6, 1), days=1) == date(2026, 6, 2)  # Tue
    assert add_period(date(2026, 6, 1), days=4) == date(2026, 6, 5)  # Fri
    assert add_period(date(2026, 6, 1), weeks=1) == date(2026, 6, 8)  # Mon


# --- Atw art. 1: a period ending on a Saturday, Sunday or holiday runs on ---


@pytest.mark.parametrize(
    "start, kwargs, end, why",
    [
        (date(2026, 6, 1), {"days": 5}, date(2026, 6, 8), "ends Sat 6 June"),
        (date(2026, 6, 1), {"days": 6}, date(2026, 6, 8), "ends Sun 7 June"),
        (date(2026, 3, 23), {"weeks": 2}, date(2026, 4, 7), "ends on Easter Monday 6 April 2026"),
        (
            date(2026, 3, 20),
            {"weeks": 2},
            date(2026, 4, 7),
            "ends on Good Friday 3 April 2026 (art. 3(2)), then the Easter weekend and Easter Monday",
        ),
        (date(2026, 4, 13), {"weeks": 2}, date(2026, 4, 28), "ends on King's Day, Mon 27 April 2026"),
        (
            date(2025, 4, 12),
            {"weeks": 2},
            date(2025, 4, 28),
            "ends Sat 26 April 2025, King's Day moved from Sunday the 27th; Monday the 28th is no holiday",
        ),
        (date(2025, 4, 21), {"weeks": 2}, date(2025, 5, 6), "ends on 5 May 2025 (a lustrum year)"),
        (date(2026, 4, 21), {"weeks": 2}, date(2026, 5, 6), "ends on 5 May 2026, not a lustrum year"),
        (
            date(2027, 4, 21),
            {"weeks": 2},
            date(2027, 5, 7),
            "ends on 5 May 2027, not a lustrum year; Thu 6 May 2027 is Ascension Day",
        ),
        (date(2026, 4, 30), {"weeks": 2}, date(2026, 5, 15), "ends on Ascension Day, Thu 14 May 2026"),
        (date(2026, 5, 11), {"weeks": 2}, date(2026, 5, 26), "ends on Whit Monday 25 May 2026"),
        (
            date(2026, 12, 11),
            {"weeks": 2},
            date(2026, 12, 28),
            "ends on Christmas Day, Fri 25 Dec 2026; then Boxing Day on a Saturday and a Sunday",
        ),
        (
            date(2025, 12, 11),
            {"weeks": 2},
            date(2025, 12, 29),
            "ends on Christmas Day, Thu 25 Dec 2025: Boxing Day, Saturday and Sunday follow",
        ),
        (date(2029, 12, 12), {"weeks": 2}, date(2029, 12, 27), "ends on Boxing Day, Wed 26 Dec 2029"),
        (date(2025, 12, 18), {"weeks": 2}, date(2026, 1, 2), "ends on New Year's Day, Thu 1 Jan 2026"),
        (date(2026, 12, 18), {"weeks": 2}, date(2027, 1, 4), "ends on New Year's Day, Fri 1 Jan 2027, then a weekend"),
        (date(2026, 12, 31), {"days": 1}, date(2027, 1, 4), "a one-day period over the turn of the year"),
        (
            date(2038, 3, 23),
            {"months": 1},
            date(2038, 4, 28),
            "ends on Good Friday 23 April 2038: Easter weekend, Easter Monday, then King's Day on Tuesday",
        ),
    ],
)
def test_a_period_ending_on_a_day_off_runs_on_to_the_next_working_day(start, kwargs, end, why):
    assert add_period(start, **kwargs) == end, why


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 5),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2025, 4, 26),
        date(2014, 4, 26),
        date(2027, 5, 5),
        date(2028, 5, 5),
        date(2031, 5, 5),
    ],
)
def test_the_holidays_of_atw_article_3(day):
    assert is_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 4, 27),  # Sunday, but King's Day was the 26th: not a holiday by itself
        date(2025, 4, 28),  # the Monday after: King's Day does not move forward
        date(2026, 4, 5),  # Easter Sunday is a Sunday, not a holiday of the Act
        date(2026, 12, 24),
        date(2026, 12, 31),  # Christmas Eve, New Year's Eve
        date(2026, 5, 4),  # Remembrance Day
    ],
)
def test_days_that_are_not_holidays_of_the_act(day):
    assert not is_holiday(day)


@pytest.mark.parametrize("year", range(2000, 2061))
def test_every_year_has_every_holiday_the_act_names(year):
    """Cross-check the holidays package against the Act, computed from Easter."""
    e = easter(year)
    kings_day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    if kings_day.weekday() == 6:
        kings_day -= timedelta(days=1)
    expected = {
        date(year, 1, 1),
        e - timedelta(days=2),
        e + timedelta(days=1),
        kings_day,
        date(year, 5, 5),
        e + timedelta(days=39),
        e + timedelta(days=50),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    holidays = {
        date(year, 1, 1) + timedelta(days=n)
        for n in range(366)
        if (date(year, 1, 1) + timedelta(days=n)).year == year and is_holiday(date(year, 1, 1) + timedelta(days=n))
    }
    assert holidays == expected


# --- Atw art. 2: a period of three days or more holds at least two working days ---


@pytest.mark.parametrize(
    "start, days, end, why",
    [
        (
            date(2026, 6, 5),
            3,
            date(2026, 6, 9),
            "from Friday: Sat, Sun, Mon hold one working day -> Tuesday (art. 1 alone gives Monday)",
        ),
        (
            date(2026, 4, 2),
            3,
            date(2026, 4, 8),
            "from the Thursday before Easter: Good Friday, Sat, Sun, then Easter Monday -> Tue is the "
            "first working day, Wednesday the second",
        ),
        (
            date(2026, 12, 24),
            3,
            date(2026, 12, 29),
            "from Christmas Eve 2026: Christmas, Boxing Day (Sat), Sunday -> Mon, Tue",
        ),
        (date(2026, 6, 4), 3, date(2026, 6, 8), "from Thursday: Friday and Monday are two working days"),
        (date(2026, 6, 5), 2, date(2026, 6, 8), "two days: art. 2 does not apply, art. 1 gives Monday"),
    ],
)
def test_a_period_of_three_days_or_more_holds_two_working_days(start, days, end, why):
    assert add_period(start, days=days) == end, why


# --- Atw art. 4: not for periods of more than 90 days, 12 weeks or 3 months ---


@pytest.mark.parametrize(
    "start, kwargs, end",
    [
        (date(2026, 6, 6), {"weeks": 13}, date(2026, 9, 5)),  # Sat, stays
        (date(2026, 6, 6), {"days": 91}, date(2026, 9, 5)),  # Sat, stays
        (date(2026, 5, 5), {"months": 4}, date(2026, 9, 5)),  # Sat, stays
        (date(2026, 6, 4), {"months": 3, "days": 1}, date(2026, 9, 5)),  # more than 3 months: stays
        (date(2026, 6, 6), {"weeks": 12}, date(2026, 8, 31)),  # Sat 29 Aug -> Mon
        (date(2026, 6, 7), {"days": 90}, date(2026, 9, 7)),  # Sat 5 Sep -> Mon
        (date(2026, 6, 5), {"months": 3}, date(2026, 9, 7)),  # Sat 5 Sep -> Mon
    ],
)
def test_long_periods_are_not_extended(start, kwargs, end):
    assert add_period(start, **kwargs) == end


def test_long_periods_are_not_extended_over_a_holiday_either():
    # Thu 1 Oct 2026 + 92 days = Fri 1 Jan 2027, New Year's Day: the Act does not apply.
    assert add_period(date(2026, 10, 1), days=92) == date(2027, 1, 1)


# --- Days equated with a holiday by decree (Atw art. 3(3)) are data ---


def test_an_equated_day_counts_as_a_holiday_and_the_calendar_sees_it_at_once():
    start = date(2026, 4, 30)  # + 2 weeks = Ascension Day, Thu 14 May 2026 -> Fri 15 May
    assert add_period(start, weeks=2) == date(2026, 5, 15)
    friday = EquatedDay.objects.create(
        day=date(2026, 5, 15), name="Friday after Ascension Day", source="Besluit gelijkstelling dagen, Stcrt. 2025"
    )
    assert is_holiday(date(2026, 5, 15))
    assert add_period(start, weeks=2) == date(2026, 5, 18)  # Fri equated, then the weekend
    friday.delete()
    assert add_period(start, weeks=2) == date(2026, 5, 15)


def test_an_equated_day_moved_to_another_date_is_seen_at_once():
    day = EquatedDay.objects.create(day=date(2026, 5, 15), name="bridge day", source="decree")
    assert not is_working_day(date(2026, 5, 15))
    day.day = date(2026, 12, 31)
    day.save()
    assert is_working_day(date(2026, 5, 15))
    assert not is_working_day(date(2026, 12, 31))


# --- Bad input ---


@pytest.mark.parametrize("kwargs", [{}, {"days": 0}, {"days": -1}, {"weeks": -2}, {"months": -1, "days": 5}])
def test_a_period_needs_a_positive_length(kwargs):
    with pytest.raises(ValueError):
        add_period(date(2026, 6, 1), **kwargs)


def test_a_moment_is_not_a_start_date():
    with pytest.raises(TypeError):
        add_period(datetime(2026, 6, 1, 10, 0), weeks=6)  # noqa: DTZ001  (any datetime is refused)


# --- The other helpers ---


def test_add_working_days_skips_weekends_and_holidays():
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Thu -> past Easter -> Tue
    assert add_working_days(date(2026, 6, 5), 2) == date(2026, 6, 9)  # Fri -> Mon, Tue
    assert add_working_days(date(2026, 6, 5), 0) == date(2026, 6, 5)


def test_days_left_is_negative_once_a_deadline_passed():
    assert days_left(date(2026, 7, 13), date(2026, 7, 1)) == 12
    assert days_left(date(2026, 7, 13), date(2026, 7, 13)) == 0
    assert days_left(date(2026, 7, 13), date(2026, 7, 15)) == -2


# --- Properties over many dates and periods ---

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
periods = st.one_of(
    st.fixed_dictionaries({"days": st.integers(1, 120)}),
    st.fixed_dictionaries({"weeks": st.integers(1, 17)}),
    st.fixed_dictionaries({"months": st.integers(1, 5)}),
)


def raw_end(start, kwargs):
    return (
        start
        + relativedelta(months=kwargs.get("months", 0))
        + timedelta(days=kwargs.get("days", 0), weeks=kwargs.get("weeks", 0))
    )


def atw_applies(kwargs):
    return kwargs.get("days", 0) <= 90 and kwargs.get("weeks", 0) <= 12 and kwargs.get("months", 0) <= 3


@given(starts, periods)
def test_properties_of_every_period(start, kwargs):
    end, raw = add_period(start, **kwargs), raw_end(start, kwargs)
    assert end >= raw
    if not atw_applies(kwargs):
        assert end == raw
        return
    assert is_working_day(end)
    # Without days equated by decree the longest extension is 5 days (Good Friday 2038,
    # Easter, King's Day on the Tuesday after); never more than the day after the
    # second working day following the raw end.
    assert (end - raw).days <= 5
    if end != raw:
        # Extended only as far as needed: the day before was not yet enough.
        before = end - timedelta(days=1)
        working_before = sum(is_working_day(start + timedelta(days=n)) for n in range(1, (before - start).days + 1))
        assert not is_working_day(before) or ((raw - start).days >= 3 and working_before < 2)
    if (raw - start).days >= 3:
        working = sum(is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
        assert working >= 2


@given(starts, periods)
def test_a_later_start_never_gives_an_earlier_end(start, kwargs):
    assert add_period(start, **kwargs) <= add_period(start + timedelta(days=1), **kwargs)


@given(starts, st.integers(1, 89))
def test_a_longer_period_never_ends_earlier_within_the_act(start, days):
    assert add_period(start, days=days) <= add_period(start, days=days + 1)
