"""The calendar at its edges (issue 12, item 2): a deadline past 31 December 9999 was an
OverflowError, a 500 through /api/v1/rules/evaluate. It is a CalendarRangeError now, a
ValueError that the API answers as a 400 and the re-audit as a bad line."""

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from loket.core.deadlines import (
    CalendarRangeError,
    add_period,
    add_working_days,
    next_working_day,
)
from loket.core.roles import Role

pytestmark = pytest.mark.django_db  # the calendar reads the days equated by decree

LENGTHS = st.sampled_from(
    [
        {"days": 1},
        {"days": 14},
        {"days": 90},
        {"days": 400},
        {"weeks": 6},
        {"weeks": 52},
        {"months": 1},
        {"months": 3},
        {"months": 12},
        {"days": 2, "weeks": 1},
        {"days": 999_999_999},
    ]
)


@given(st.dates(), LENGTHS)
def test_a_period_ends_on_a_later_date_or_is_refused_as_past_the_calendar(start, length):
    try:
        end = add_period(start, **length)
    except CalendarRangeError as exc:
        # Refused only when the period cannot end before the calendar does.
        nominal_days = length.get("days", 0) + 7 * length.get("weeks", 0) + 28 * length.get("months", 0)
        assert (date.max - start).days < nominal_days + 14
        assert start.isoformat() in str(exc)
    else:
        assert end > start


@given(st.dates(), st.integers(0, 30))
def test_working_days_are_counted_to_a_later_working_day_or_refused(start, n):
    try:
        due = add_working_days(start, n)
    except CalendarRangeError:
        assert (date.max - start).days < 3 * n + 14
    else:
        assert due >= start and (n == 0 or next_working_day(due) == due)


def test_the_last_days_of_the_calendar():
    assert add_period(date(9999, 12, 1), days=14) == date(9999, 12, 15)
    with pytest.raises(CalendarRangeError, match="9999-12-20"):
        add_period(date(9999, 12, 20), weeks=6)
    with pytest.raises(ValueError):  # callers that catch bad input catch it
        add_working_days(date.max - timedelta(days=1), 5)


CASE_IN_9999 = {
    "ref": "B-9999",
    "kind": "objection",
    "track": "regular",
    "received_on": "9999-12-20",
    "contested": {"decided_on": "9999-12-07", "notified_on": "9999-12-07", "author": "u1", "signatory": "u2"},
    "events": [],
    "decision": {
        "decided_on": "9999-12-30",
        "outcome": "unfounded",
        "author": "u4",
        "signatory": "u5",
        "second_reader": "u6",
        "reasons": "…",
        "hearing_exception": None,
        "revocation_ground": None,
    },
}


def test_a_case_at_the_end_of_the_calendar_is_a_400_with_the_reason(client, make_user):
    client.force_login(make_user(Role.DECISION_OFFICER))
    response = client.post(
        "/api/v1/rules/evaluate", CASE_IN_9999, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Een termijn vanaf 9999-12-07 eindigt na 31 december 9999, het einde van de kalender: controleer de datum."
    ]


def test_a_re_audit_reports_such_a_case_as_a_bad_line_and_goes_on():
    import json

    from loket.rules.audit import audit_lines

    fine = dict(
        CASE_IN_9999,
        ref="B-1",
        received_on="2026-04-20",
        contested=dict(CASE_IN_9999["contested"], decided_on="2026-04-07", notified_on="2026-04-07"),
        decision=dict(CASE_IN_9999["decision"], decided_on="2026-05-20"),
    )
    result = audit_lines([json.dumps(CASE_IN_9999), json.dumps(fine)], 1, "en")
    assert [(line, ref) for line, ref, _reason in result.bad] == [(1, "B-9999")]
    assert "falls after 31 December 9999" in result.bad[0][2]
    assert result.cases == 1
