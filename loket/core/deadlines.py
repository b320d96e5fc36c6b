"""The one calendar for every legal deadline in Loket.

``add_period`` counts a period the way the Awb does and then applies the Algemene
termijnenwet (Atw) in full:

* Awb 6:8 — a period begins on the day after the event; a period in months ends on the
  same day number of the final month, or on that month's last day when it has no such day.
* Atw art. 1 — a period that ends on a Saturday, Sunday or generally recognised holiday
  runs on to the next day that is none of these.
* Atw art. 2 — a period of three days or more is extended so that it holds at least two
  days that are none of these.
* Atw art. 3 — the holidays: New Year's Day, Easter Monday, Ascension Day, Whit Monday,
  King's Day (27 April, or 26 April when the 27th is a Sunday), 5 May in *every* year,
  Christmas Day and Boxing Day; Good Friday is equated by art. 3(2); days equated by
  decree (art. 3(3)) are data: :class:`loket.core.models.EquatedDay`.
* Atw art. 4 — the Act does not apply to periods of more than 90 days, 12 weeks or
  3 months, nor to periods in hours or years.

Nothing else in the project computes a due date. A deadline past 31 December 9999 cannot be
held in a date: the calendar raises :class:`CalendarRangeError` (a ValueError) instead of
Python's OverflowError, and callers answer it as bad input.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays as holiday_lib
from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

# Names from the holidays package that the Atw recognises (art. 3(1) and 3(2)). Easter
# Sunday and Whit Sunday are Sundays anyway; the package's 5 May is replaced below
# because it knows Liberation Day only in lustrum years. A test recomputes every year's
# holidays from Easter, so a renamed holiday in a new package version cannot slip by.
_ATW_NAMES = {
    "New Year's Day",
    "Good Friday",
    "Easter Monday",
    "King's Day",
    "Queen's Day",
    "Ascension Day",
    "Pentecost Monday",
    "Whit Monday",
    "Christmas Day",
    "Second Day of Christmas",
}

ATW_MAX_DAYS, ATW_MAX_WEEKS, ATW_MAX_MONTHS = 90, 12, 3


class CalendarRangeError(ValueError):
    """A deadline would fall after 31 December 9999, the last day Python's dates (and so the
    calendar) can hold. No real period ends there: the start date is wrong. A ValueError, so
    that callers that check input already treat it as bad input (a 400, a bad line)."""

    def __init__(self, start: date):
        self.start = start
        super().__init__(
            _("A deadline from %(start)s falls after 31 December 9999, the end of the calendar: check the date.")
            % {"start": start.isoformat()}
        )


def _later(day: date, start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """``day`` moved on by a length, or a CalendarRangeError (about ``start``) past 9999."""
    try:
        if months:
            day += relativedelta(months=months)
        return day + timedelta(weeks=weeks, days=days)
    except (OverflowError, ValueError):  # timedelta overflows; relativedelta says "year 10000 is out of range"
        raise CalendarRangeError(start) from None


@lru_cache(maxsize=256)
def _statutory_holidays(year: int) -> frozenset[date]:
    days = {
        d
        for d, name in holiday_lib.Netherlands(years=year, language="en_US").items()
        if any(n.strip() in _ATW_NAMES for n in name.split(";"))
    }
    days.add(date(year, 5, 5))
    return frozenset(days)


# Days equated by decree are read from the database and kept for a minute: saving or
# deleting one clears this process's copy at once, other processes see it within a minute.
_EQUATED_TTL_SECONDS = 60
_equated_cache: tuple[float, frozenset[date]] | None = None


def _equated_days() -> frozenset[date]:
    global _equated_cache
    if _equated_cache is not None and time.monotonic() - _equated_cache[0] < _EQUATED_TTL_SECONDS:
        return _equated_cache[1]
    from django.db.utils import DatabaseError

    try:
        from .models import EquatedDay

        days = frozenset(EquatedDay.objects.values_list("day", flat=True))
    except DatabaseError:  # tables not created yet (first migrate): try again next time
        return frozenset()
    _equated_cache = (time.monotonic(), days)
    return days


def clear_calendar_cache() -> None:
    """Forget the equated days read so far (called when one is saved or deleted)."""
    global _equated_cache
    _equated_cache = None


def is_holiday(day: date) -> bool:
    """A generally recognised holiday, or a day equated with one (Atw art. 3)."""
    return day in _statutory_holidays(day.year) or day in _equated_days()


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday or holiday in the sense of the Atw."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: date) -> date:
    return _next_working_day(day, day)


def _next_working_day(day: date, start: date) -> date:
    while not is_working_day(day):
        day = _later(day, start, days=1)
    return day


def _atw_applies(days: int, weeks: int, months: int) -> bool:
    """Atw art. 4: not for periods of more than 90 days, 12 weeks or 3 months.

    A period mixing units (the Act names none) is judged by its nominal length, a month
    counted as 31 days, against the longest period the Act covers: three months at their
    longest, 92 days. This keeps the answer independent of the start date.
    """
    if months > ATW_MAX_MONTHS or weeks > ATW_MAX_WEEKS or days > ATW_MAX_DAYS:
        return False
    if sum(1 for n in (days, weeks, months) if n) > 1:  # a mixed period: judge its length
        return weeks * 7 + days + months * 31 <= ATW_MAX_DAYS + 2
    return True


def add_period(start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """The last day of a statutory period that begins on the day after ``start``.

    >>> add_period(date(2026, 6, 1), weeks=6)
    datetime.date(2026, 7, 13)
    """
    if isinstance(start, datetime) or not isinstance(start, date):
        raise TypeError("a period starts on a date, not a moment: pass a date")
    if min(days, weeks, months) < 0:
        raise ValueError("a period cannot be negative")
    if not (days or weeks or months):
        raise ValueError("a period needs a length")
    end = _later(start, start, months=months, weeks=weeks, days=days)
    if not _atw_applies(days, weeks, months):
        return end
    if (end - start).days >= 3:  # Atw art. 2: at least two working days in the period
        day, working = start, 0
        while working < 2:  # find the second working day after the start...
            day = _later(day, start, days=1)
            working += is_working_day(day)
        end = max(end, day)  # ...and let the period run at least to it
    return _next_working_day(end, start)  # Atw art. 1


def add_working_days(start: date, n: int) -> date:
    """``n`` working days after ``start``: for service norms (not statutory periods)."""
    day = start
    for _step in range(n):
        day = _next_working_day(_later(day, start, days=1), start)
    return day


def days_left(due: date, today: date) -> int:
    """Calendar days from ``today`` to ``due``; negative once the deadline has passed."""
    return (due - today).days
