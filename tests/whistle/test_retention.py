"""Retention follows the case, never age alone (directive art. 18): a report's file is
deleted only by a recorded decision of the integrity officer, on or after the day that
decision names; the report's shell, the decision, the breaches and the audit log stay."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import translation

from loket.core import audit
from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.models import Allegation, Attachment, DeadlineBreach, Message, Report, ReportKey, RetentionDecision
from loket.whistle.services import Upload
from loket.whistle.tasks import carry_out_retention_task

from .conftest import travel

pytestmark = pytest.mark.usefixtures("english")  # these tests match messages' wording

REASON = "The investigation is finished, no appeal or follow-up is pending; the file is no longer needed."


@pytest.fixture
def closed_report(people, submit, keyring):
    """Received 1 June 2026, acknowledged late (a breach), answered and closed on 20 June."""
    ring = keyring(people.handler)
    with travel(2026, 6, 1):
        submitted = submit(
            description="Retention-Marmot-4410 at the counter",
            attachments=[Upload("notes.txt", b"Retention-Marmot notes")],
        )
    with travel(2026, 6, 9):
        services.check_deadlines()
        services.acknowledge(report=submitted.report, user=people.handler, keyring=ring)
    with travel(2026, 6, 20):
        report = Report.objects.get(pk=submitted.report.pk)
        services.send_message(report=report, user=people.handler, keyring=ring, body="Which day?", question=True)
        services.add_reporter_message(services.open_with_receipt(submitted.receipt), body="A Tuesday.")
        allegation = services.add_allegation(report=report, user=people.handler, keyring=ring, summary="Slots sold")
        services.record_finding(
            allegation=allegation, user=people.handler, keyring=ring, outcome="substantiated", reasons="Confirmed."
        )
        services.send_feedback(
            report=Report.objects.get(pk=report.pk),
            user=people.handler,
            keyring=ring,
            body="We confirmed it and took measures.",
        )
        services.close_report(report=Report.objects.get(pk=report.pk), user=people.handler)
    return submitted


def _decide(people, report, **kwargs):
    args = dict(report=Report.objects.get(pk=report.pk), user=people.officer, reason=REASON, delete_on=date(2026, 9, 1))
    args.update(kwargs)
    return services.decide_retention(**args)


def test_only_closed_reports_with_a_reason_by_the_integrity_officer(people, submit, closed_report):
    with travel(2026, 6, 2):
        open_report = submit().report
    with travel(2026, 7, 1):
        with pytest.raises(ValidationError, match="kept while the report is open"):
            _decide(people, open_report)
        with pytest.raises(PermissionDenied):
            _decide(people, closed_report.report, user=people.handler)
        with pytest.raises(PermissionDenied):
            _decide(people, closed_report.report, user=people.director)
        for reason in ("", "done", "   no longer needed   "[:12]):
            with pytest.raises(ValidationError, match="Record why"):
                _decide(people, closed_report.report, reason=reason)
        with pytest.raises(ValidationError, match="past"):
            _decide(people, closed_report.report, delete_on=date(2026, 6, 30))
        assert not RetentionDecision.objects.exists()

        decision = _decide(people, closed_report.report)
        assert (decision.decided_by, decision.reason, decision.delete_on) == (people.officer, REASON, date(2026, 9, 1))
        entry = next(e for e in audit.entries_for(closed_report.report) if e.action == "whistle.retention.decided")
        assert entry.reason == REASON and entry.actor == "officer"
        with pytest.raises(ValidationError, match="already"):
            _decide(people, closed_report.report)
    assert RetentionDecision.objects.count() == 1


def test_an_officer_kept_away_from_the_report_cannot_decide(people, submit, keyring):
    ring = keyring(people.handler)
    with travel(2026, 6, 1):
        report = submit(involved_employees=[people.officer.employee.number]).report
        services.acknowledge(report=report, user=people.handler, keyring=ring)
    Report.objects.filter(pk=report.pk).update(stage="closed", closed_at=report.received_at)
    with travel(2026, 7, 1), pytest.raises(Http404):
        _decide(people, report)


def test_the_file_is_deleted_on_the_day_and_not_before(people, closed_report, keyring):
    report = closed_report.report
    with travel(2026, 7, 1):
        _decide(people, report)
    entries_before = [(e.seq, e.hash) for e in audit.entries_for(report)]
    assert Message.objects.filter(report=report).exists() and Attachment.objects.filter(report=report).exists()

    with travel(2026, 8, 31, 23, 50):
        assert services.carry_out_retention() == []
    assert services.open_with_receipt(closed_report.receipt).report == report
    assert Message.objects.filter(report=report).exists()

    with travel(2026, 9, 1, 2):
        assert services.carry_out_retention() == [report.reference]

    shell = Report.objects.get(pk=report.pk)
    assert shell.reference == report.reference and shell.stage == "closed"
    assert shell.received_at == report.received_at and shell.feedback_sent_at is not None
    assert shell.content_deleted_at is not None and bytes(shell.content_box) == b""
    assert shell.identity_box is None and shell.receipt_hash is None
    for model in (Message, Attachment, Allegation, ReportKey):
        assert not model.objects.filter(report=report).exists(), model.__name__
    with pytest.raises(services.ReceiptNotFound):
        services.open_with_receipt(closed_report.receipt)
    with pytest.raises(ValidationError, match="deleted"):
        services.read_report(report=shell, user=people.handler, keyring=keyring(people.handler))

    # What stays: the decision, the breach, every audit entry, and an intact chain.
    decision = RetentionDecision.objects.get(report=report)
    assert decision.carried_out_at is not None and decision.reason == REASON
    assert DeadlineBreach.objects.filter(report=report, kind="acknowledge").exists()
    entries_after = audit.entries_for(report)
    assert [(e.seq, e.hash) for e in entries_after[: len(entries_before)]] == entries_before
    assert entries_after[-1].action == "whistle.retention.carried_out"
    assert audit.verify() is None

    with travel(2026, 9, 2):  # carried out once
        assert services.carry_out_retention() == []
    assert [e.action for e in audit.entries_for(report)].count("whistle.retention.carried_out") == 1


def test_nothing_is_deleted_by_age_alone(people, closed_report):
    with travel(2036, 1, 1):
        assert services.carry_out_retention() == []
    assert Message.objects.filter(report=closed_report.report).exists()
    assert Report.objects.get(pk=closed_report.report.pk).content_deleted_at is None


def test_the_command_and_the_task(people, closed_report):
    with travel(2026, 7, 1):
        _decide(people, closed_report.report)
    out = StringIO()
    with travel(2026, 8, 1), translation.override("en"):
        call_command("whistle", "retention", stdout=out)
    assert "Retention: 0 report files deleted" in out.getvalue()
    before = AuditEntry.objects.count()
    with travel(2026, 8, 1):
        result = carry_out_retention_task.enqueue(today="2026-09-01")
    assert result.return_value == {"deleted": [closed_report.report.reference]}
    assert AuditEntry.objects.count() == before + 1
    out = StringIO()
    with travel(2026, 9, 5), translation.override("en"):
        call_command("whistle", "retention", "--today", "2026-09-05", stdout=out)
    assert "Retention: 0 report files deleted" in out.getvalue()
