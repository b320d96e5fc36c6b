"""The two deadlines of the reporting channel (directive 2019/1937 art. 9(1)(b),(f)):
acknowledge within 7 days, feedback within 3 months of the acknowledgement, or of the end
of the 7 days when none was sent (in time). Both come from the one calendar
(Awb 6:8 + Algemene termijnenwet)."""

from datetime import date

from loket.core.deadlines import add_period
from loket.whistle import services
from loket.whistle.models import Report
from loket.whistle.selectors import next_deadline

from .conftest import travel


def _reload(report):
    return Report.objects.get(pk=report.pk)


def test_deadlines_of_a_report_made_just_before_christmas(people, submit):
    # Friday 18 December 2026: day 7 is Christmas Day, then Boxing Day (Saturday) and a Sunday.
    with travel(2026, 12, 18, 16):
        report = submit().report
    assert report.acknowledge_due == date(2026, 12, 28) == add_period(date(2026, 12, 18), days=7)
    # No acknowledgement yet: three months from the end of the seven days, 28 March 2027 is
    # Easter Sunday and the 29th Easter Monday.
    assert report.feedback_due == date(2027, 3, 30) == add_period(date(2026, 12, 28), months=3)


def test_a_report_whose_seventh_day_is_kings_day(people, submit):
    with travel(2026, 4, 20):
        report = submit().report
    assert report.acknowledge_due == date(2026, 4, 28)


def test_the_day_of_receipt_is_the_day_in_amsterdam(people, submit):
    # 00:30 on Tuesday 2 June in Amsterdam is still Monday 1 June in UTC.
    with travel(2026, 6, 2, 0, 30):
        report = submit().report
    assert report.acknowledge_due == date(2026, 6, 9)


def test_feedback_runs_from_an_acknowledgement_sent_in_time(people, submit, keyring):
    with travel(2026, 12, 18):
        report = submit().report
    with travel(2026, 12, 21, 9):
        services.acknowledge(report=report, user=people.handler, keyring=keyring(people.handler))
    report = _reload(report)
    # 21 March 2027 is a Sunday.
    assert report.feedback_due == date(2027, 3, 22) == add_period(date(2026, 12, 21), months=3)
    assert report.acknowledged_at is not None


def test_a_late_acknowledgement_buys_no_time(people, submit, keyring):
    with travel(2026, 12, 18):
        report = submit().report
    with travel(2027, 1, 5):
        services.acknowledge(report=report, user=people.handler, keyring=keyring(people.handler))
    assert _reload(report).feedback_due == date(2027, 3, 30) == add_period(date(2026, 12, 28), months=3)


def test_acknowledging_on_the_last_day_counts_as_in_time(people, submit, keyring):
    with travel(2026, 12, 18):
        report = submit().report
    with travel(2026, 12, 28, 23, 30):
        services.acknowledge(report=report, user=people.handler, keyring=keyring(people.handler))
    assert _reload(report).feedback_due == add_period(date(2026, 12, 28), months=3)


def test_the_reporter_sees_both_deadlines_and_the_days_left(people, submit, keyring):
    with travel(2026, 12, 18):
        submitted = submit()
        view = services.reporter_view(services.open_with_receipt(submitted.receipt))
    assert view["acknowledge_due"] == date(2026, 12, 28)
    assert view["acknowledge_days_left"] == 10
    assert view["feedback_due"] == date(2027, 3, 30)
    assert view["feedback_days_left"] == (date(2027, 3, 30) - date(2026, 12, 18)).days == 102
    assert not view["acknowledged"] and not view["feedback_sent"]

    with travel(2026, 12, 30):
        view = services.reporter_view(services.open_with_receipt(submitted.receipt))
    assert view["acknowledge_days_left"] == -2  # overdue shows as negative

    with travel(2027, 1, 4):
        services.acknowledge(report=submitted.report, user=people.handler, keyring=keyring(people.handler))
        view = services.reporter_view(services.open_with_receipt(submitted.receipt))
    assert view["acknowledged"] and view["stage"] == "acknowledged"
    assert view["feedback_days_left"] == (date(2027, 3, 30) - date(2027, 1, 4)).days


def test_next_deadline_follows_the_steps(people, submit, keyring):
    with travel(2026, 6, 1):
        report = submit().report
        assert next_deadline(report) == ("acknowledge", date(2026, 6, 8))
        ring = keyring(people.handler)
        services.acknowledge(report=report, user=people.handler, keyring=ring)
        report = _reload(report)
        assert next_deadline(report) == ("feedback", date(2026, 9, 1))
        services.send_feedback(report=report, user=people.handler, keyring=ring, body="We looked into it.")
        assert next_deadline(_reload(report)) is None
