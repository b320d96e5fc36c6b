"""The deadline watch: reminders to the assigned handlers before a deadline, and when one
passes, a breach on record, escalated to the integrity officer and to a manager outside
the line of everyone named — once, and never to those named or their managers."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.utils import translation

from loket.core import audit
from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.models import DeadlineBreach, Reminder, Report
from loket.whistle.tasks import check_deadlines_task

from .conftest import travel

pytestmark = pytest.mark.usefixtures("english")  # these tests match messages' wording


def _all_recipients():
    return {address for message in mail.outbox for address in message.to}


def _breach_entries(report):
    return [e for e in audit.entries_for(report) if e.action == "whistle.deadline.breached"]


@pytest.fixture
def assigned_report(people, submit, keyring):
    """Received Monday 1 June 2026 (acknowledge by Monday 8 June), assigned to handler2."""
    with travel(2026, 6, 1):
        report = submit().report
        services.assign(report=report, user=people.handler, keyring=keyring(people.handler), assignee=people.handler2)
    mail.outbox.clear()
    return report


def test_reminder_goes_to_the_assigned_handler_before_the_deadline_and_only_once(assigned_report, people):
    assert assigned_report.acknowledge_due == date(2026, 6, 8)
    with travel(2026, 6, 3, 7):  # three working days before: too early
        result = services.check_deadlines()
    assert result.reminders == 0 and mail.outbox == []

    with travel(2026, 6, 4, 7):  # two working days before the Monday
        result = services.check_deadlines()
    assert result.reminders == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [people.handler2.email]
    assert assigned_report.reference in mail.outbox[0].subject
    assert "2026-06-08" in mail.outbox[0].body
    assert Reminder.objects.filter(report=assigned_report, kind="acknowledge", due=date(2026, 6, 8)).count() == 1
    assert [e.action for e in audit.entries_for(assigned_report)].count("whistle.deadline.reminder") == 1

    for day in (4, 5, 8):  # the job runs again, the same day and later: no second reminder
        with travel(2026, 6, day, 18):
            assert services.check_deadlines().reminders == 0
    assert len(mail.outbox) == 1


def test_reminder_mail_holds_nothing_of_the_report(people, submit, keyring):
    with travel(2026, 6, 1):
        submit(description="Secret-Tapir-1188 happened at the counter")
    with travel(2026, 6, 5):
        services.check_deadlines()
    assert mail.outbox
    for message in mail.outbox:
        assert "Secret-Tapir-1188" not in message.subject + message.body


def test_no_reminder_and_no_breach_once_the_step_was_taken(assigned_report, people, keyring):
    with travel(2026, 6, 2):
        services.acknowledge(report=assigned_report, user=people.handler2, keyring=keyring(people.handler2))
    with travel(2026, 6, 12):
        result = services.check_deadlines()
    assert result.reminders == result.breaches == 0
    assert not DeadlineBreach.objects.exists()


def test_missed_acknowledgement_escalates_outside_the_line_once(people, submit):
    with travel(2026, 6, 1):
        report = submit(involved_employees=[people.accused.employee.number]).report
    mail.outbox.clear()
    with travel(2026, 6, 9, 7):
        result = services.check_deadlines()
    assert result.breaches == 1
    breach = DeadlineBreach.objects.get(report=report)
    assert (breach.kind, breach.due) == ("acknowledge", date(2026, 6, 8))
    escalated = set(breach.escalated_to.all())
    # The integrity officer, and the most senior manager outside the line: not the officer twice.
    assert escalated == {people.officer, people.other_manager}
    for kept_away in (people.accused, people.lead, people.head, people.director):
        assert kept_away not in escalated
        assert kept_away.email not in _all_recipients()
    assert _all_recipients() == {people.officer.email, people.other_manager.email}
    assert any(report.reference in m.subject for m in mail.outbox)
    [entry] = _breach_entries(report)
    assert entry.actor == "system"
    assert set(entry.data["escalated_to"]) == {"officer", "othermanager"}

    # The watch runs again, the same day and the next: nothing new.
    sent = len(mail.outbox)
    for day in (9, 10):
        with travel(2026, 6, day, 18):
            assert services.check_deadlines().breaches == 0
    assert len(mail.outbox) == sent
    assert DeadlineBreach.objects.filter(report=report).count() == 1
    assert len(_breach_entries(report)) == 1
    assert audit.verify() is None


def test_escalation_skips_managers_below_the_person_named(people, submit):
    # The head of the department is named; the team lead works under them, so is no
    # independent escalation, and the other department's manager has left.
    people.other_manager.is_active = False
    people.other_manager.save()
    with travel(2026, 6, 1):
        report = submit(involved_employees=[people.head.employee.number]).report
    with travel(2026, 6, 9):
        services.check_deadlines()
    escalated = set(DeadlineBreach.objects.get(report=report).escalated_to.all())
    assert escalated == {people.officer}
    assert people.lead not in escalated and people.head not in escalated and people.director not in escalated


def test_without_anyone_named_the_top_manager_is_told(people, submit):
    with travel(2026, 6, 1):
        report = submit().report
    with travel(2026, 6, 9):
        services.check_deadlines()
    assert set(DeadlineBreach.objects.get(report=report).escalated_to.all()) == {people.officer, people.director}


def test_a_named_integrity_officer_is_not_told(people, submit):
    with travel(2026, 6, 1):
        report = submit(involved_employees=[people.officer.employee.number]).report
    with travel(2026, 6, 9):
        services.check_deadlines()
    escalated = set(DeadlineBreach.objects.get(report=report).escalated_to.all())
    assert people.officer not in escalated and people.director not in escalated
    assert people.officer.email not in _all_recipients()
    assert escalated == {people.head}  # the most senior manager left: depth 2, by name


def test_missed_feedback_is_a_breach_that_stays_after_closing(people, submit, keyring):
    ring = keyring(people.handler)
    with travel(2026, 6, 1):
        report = submit().report
    with travel(2026, 6, 2):
        services.acknowledge(report=report, user=people.handler, keyring=ring)
    report = Report.objects.get(pk=report.pk)
    assert report.feedback_due == date(2026, 9, 2)
    with travel(2026, 9, 2, 20):
        assert services.check_deadlines().breaches == 0  # the last day still counts
    with travel(2026, 9, 3, 7):
        assert services.check_deadlines().breaches == 1
    breach = DeadlineBreach.objects.get(report=report)
    assert breach.kind == "feedback" and breach.due == date(2026, 9, 2)

    with travel(2026, 9, 10):
        allegation = services.add_allegation(report=report, user=people.handler, keyring=ring, summary="Slots sold")
        services.record_finding(
            allegation=allegation,
            user=people.handler,
            keyring=ring,
            outcome="not_established",
            reasons="No records were kept.",
        )
        services.send_feedback(report=report, user=people.handler, keyring=ring, body="We could not establish it.")
        services.close_report(report=Report.objects.get(pk=report.pk), user=people.handler)
    assert Report.objects.get(pk=report.pk).stage == "closed"
    assert DeadlineBreach.objects.filter(report=report, kind="feedback").exists()

    with pytest.raises(PermissionError):
        breach.delete()
    with pytest.raises(PermissionError):
        DeadlineBreach.objects.filter(report=report).delete()
    with pytest.raises(ProtectedError):
        Report.objects.get(pk=report.pk).delete()
    assert DeadlineBreach.objects.filter(report=report).count() == 1


def test_closed_reports_are_not_watched(people, submit):
    with travel(2026, 6, 1):
        report = submit().report
    Report.objects.filter(pk=report.pk).update(stage="closed")
    with travel(2026, 12, 1):
        result = services.check_deadlines()
    assert result.breaches == 0 and not DeadlineBreach.objects.exists()


def test_the_command_reports_what_it_did(people, submit):
    with travel(2026, 6, 1):
        submit()
        submit()
    out = StringIO()
    with travel(2026, 6, 20), translation.override("en"):
        call_command("whistle", "check-deadlines", "--today", "2026-06-09", stdout=out)
    text = out.getvalue()
    assert "2/2" in text  # progress
    assert "0 reminders sent, 2 new breaches escalated" in text
    assert "Escalated to: director, officer" in text
    assert DeadlineBreach.objects.count() == 2
    assert DeadlineBreach.objects.first().due == date(2026, 6, 8)


def test_the_command_refuses_a_bad_date(db):
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError):
        call_command("whistle", "check-deadlines", "--today", "9 June", stdout=StringIO())
    assert AuditEntry.objects.count() == before


def test_the_task_runs_the_watch(people, submit):
    with travel(2026, 6, 1):
        report = submit().report
    with travel(2026, 6, 9):
        result = check_deadlines_task.enqueue()
    assert result.return_value["breaches"] == 1
    assert set(result.return_value["escalated_to"]) == {"officer", "director"}
    assert DeadlineBreach.objects.filter(report=report).exists()
    again = check_deadlines_task.enqueue(today="2026-06-10")
    assert again.return_value["breaches"] == 0


def test_a_late_acknowledgement_between_two_runs_of_the_watch_is_a_breach(people, submit, keyring):
    with travel(2026, 6, 1):
        report = submit().report
    mail.outbox.clear()
    with travel(2026, 6, 9, 6):  # due on the 8th; the handler acts before the morning's watch
        services.acknowledge(report=report, user=people.handler, keyring=keyring(people.handler))
    breach = DeadlineBreach.objects.get(report=report)
    assert (breach.kind, breach.due) == ("acknowledge", date(2026, 6, 8))
    assert set(breach.escalated_to.all()) == {people.officer, people.director}
    assert "done late, on 2026-06-09" in mail.outbox[0].body
    assert _breach_entries(report)[0].data["done_late_on"] == "2026-06-09"
    with travel(2026, 6, 9, 7):
        assert services.check_deadlines().breaches == 0
    assert DeadlineBreach.objects.filter(report=report).count() == 1


def test_steps_in_time_leave_no_breach_and_late_feedback_does(people, submit, keyring):
    ring = keyring(people.handler)
    with travel(2026, 6, 1):
        report = submit().report
    with travel(2026, 6, 8, 23):  # the last day
        services.acknowledge(report=report, user=people.handler, keyring=ring)
    assert not DeadlineBreach.objects.exists()
    report = Report.objects.get(pk=report.pk)
    assert report.feedback_due == date(2026, 9, 8)
    with travel(2026, 9, 9, 6):
        services.send_feedback(report=report, user=people.handler, keyring=ring, body="What we did.")
    assert list(DeadlineBreach.objects.values_list("kind", "due")) == [("feedback", date(2026, 9, 8))]
    with travel(2026, 9, 10):  # a second feedback message is no new breach
        services.send_feedback(
            report=Report.objects.get(pk=report.pk), user=people.handler, keyring=ring, body="And one more thing."
        )
    assert DeadlineBreach.objects.count() == 1


def test_without_an_assigned_handler_every_handler_with_the_key_is_reminded(people, submit, keyring):
    with travel(2026, 6, 1):
        report = submit(involved_employees=[people.colleague.number]).report  # keeps head away
        services.assign(
            report=report,
            user=people.handler,
            keyring=keyring(people.handler),
            assignee=people.investigator,
            role="investigator",
        )
    mail.outbox.clear()
    with travel(2026, 6, 4, 7):
        assert services.check_deadlines().reminders == 1
    assert set(mail.outbox[0].to) == {people.handler.email, people.handler2.email, people.accused.email}
