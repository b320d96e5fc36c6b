"""Handling a report: acknowledge, ask the reporter questions through the receipt, split the
report into allegations with findings, send feedback, close — and the rules that keep a
report from being closed before it was answered."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.core import audit
from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.models import Allegation, Message, Report
from loket.whistle.services import Upload

from .conftest import travel

pytestmark = pytest.mark.usefixtures("english")  # these tests match messages' wording


def _reload(report):
    return Report.objects.get(pk=report.pk)


def _actions(report):
    return [e.action for e in audit.entries_for(report)]


def test_acknowledgement_reaches_the_reporter(people, submit, keyring):
    submitted = submit()
    report = services.acknowledge(
        report=submitted.report,
        user=people.handler,
        keyring=keyring(people.handler),
        body="Thank you, we are looking into it.",
    )
    assert _reload(report).stage == "acknowledged"
    view = services.reporter_view(services.open_with_receipt(submitted.receipt))
    assert view["acknowledged"]
    assert [(m.kind, m.body) for m in view["messages"]] == [("acknowledgement", "Thank you, we are looking into it.")]
    assert "whistle.report.acknowledged" in _actions(report)
    with pytest.raises(ValidationError):
        services.acknowledge(report=_reload(report), user=people.handler, keyring=keyring(people.handler))


def test_only_handlers_and_the_integrity_officer_acknowledge(people, submit, keyring, make_user):
    report = submit().report
    with pytest.raises(PermissionDenied):
        services.acknowledge(report=report, user=people.investigator, keyring=keyring(people.investigator))
    with pytest.raises(PermissionDenied):
        services.acknowledge(report=report, user=people.lead, keyring=keyring(people.lead))
    assert _reload(report).acknowledged_at is None


def test_a_question_and_the_reporters_answer(acknowledged, people, keyring):
    submitted, ring = acknowledged
    report = submitted.report
    services.send_message(report=report, user=people.handler, keyring=ring, body="Which counter was it?", question=True)
    access = services.open_with_receipt(submitted.receipt)
    view = services.reporter_view(access)
    question = view["messages"][-1]
    assert (question.kind, question.body, question.from_reporter) == ("question", "Which counter was it?", False)

    services.add_reporter_message(
        access, body="Counter 3, in Rijswijk.", attachments=[Upload("photo-notes.txt", b"Counter 3 notes")]
    )
    opened = services.read_report(report=report, user=people.handler, keyring=ring)
    answer = opened.messages[-1]
    assert (answer.kind, answer.body, answer.from_reporter) == ("addition", "Counter 3, in Rijswijk.", True)
    assert [a["name"] for a in answer.attachments] == ["photo-notes.txt"]
    assert "whistle.message.from_reporter" in _actions(report)
    assert "whistle.message.to_reporter" in _actions(report)
    assert _actions(report).count("whistle.report.read") == 1


def test_empty_messages_are_refused(acknowledged, people):
    submitted, ring = acknowledged
    before = Message.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.send_message(report=submitted.report, user=people.handler, keyring=ring, body="   ")
    assert "body" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_reporter_message(services.open_with_receipt(submitted.receipt), body="")
    assert "body" in exc.value.message_dict
    assert Message.objects.count() == before


def test_allegations_and_findings(acknowledged, people, keyring):
    submitted, ring = acknowledged
    report = submitted.report
    first = services.add_allegation(report=report, user=people.handler, keyring=ring, summary="Slots were sold")
    second = services.add_allegation(report=report, user=people.handler, keyring=ring, summary="Files were lost")
    assert (first.number, second.number) == (1, 2)
    assert _reload(report).stage == "investigating"
    with pytest.raises(ValidationError) as exc:
        services.record_finding(allegation=first, user=people.handler, keyring=ring, outcome="open", reasons="x")
    assert "outcome" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_finding(
            allegation=first, user=people.handler, keyring=ring, outcome="substantiated", reasons=" "
        )
    assert "reasons" in exc.value.message_dict
    assert Allegation.objects.get(pk=first.pk).outcome == "open"
    services.record_finding(
        allegation=first,
        user=people.handler,
        keyring=ring,
        outcome="substantiated",
        reasons="Bank statements show payments.",
    )
    opened = services.read_report(report=report, user=people.handler2, keyring=keyring(people.handler2))
    assert [(a["number"], a["outcome"], a["reasons"]) for a in opened.allegations] == [
        (1, "substantiated", "Bank statements show payments."),
        (2, "open", ""),
    ]


def test_feedback_needs_an_acknowledgement_first(people, submit, keyring):
    report = submit().report
    with pytest.raises(ValidationError):
        services.send_feedback(report=report, user=people.handler, keyring=keyring(people.handler), body="Done.")
    assert _reload(report).feedback_sent_at is None


def test_closing_is_refused_until_the_report_was_answered(acknowledged, people):
    submitted, ring = acknowledged
    report = submitted.report

    def refused(match):
        with pytest.raises(ValidationError, match=match):
            services.close_report(report=_reload(report), user=people.handler)
        assert _reload(report).closed_at is None

    refused("Send the reporter feedback")
    refused("at least one allegation")
    allegation = services.add_allegation(report=report, user=people.handler, keyring=ring, summary="Slots sold")
    services.send_feedback(
        report=_reload(report), user=people.handler, keyring=ring, body="We investigated the sale of appointment slots."
    )
    assert _reload(report).stage == "feedback_sent"
    refused("no finding yet: 1")
    services.record_finding(
        allegation=allegation,
        user=people.handler,
        keyring=ring,
        outcome="not_substantiated",
        reasons="The slots were released by the system, not sold.",
    )
    services.close_report(report=_reload(report), user=people.handler, reason="Answered in full")
    report = _reload(report)
    assert report.stage == "closed" and report.closed_at is not None
    view = services.reporter_view(services.open_with_receipt(submitted.receipt))
    assert view["closed"] and view["feedback_sent"]
    assert "We investigated the sale of appointment slots." in [m.body for m in view["messages"]]
    entry = next(e for e in audit.entries_for(report) if e.action == "whistle.report.closed")
    assert entry.reason == "Answered in full"

    # Closed means closed: no second closing, no messages either way, no feedback, no findings.
    with pytest.raises(ValidationError):
        services.close_report(report=report, user=people.handler)
    with pytest.raises(ValidationError):
        services.send_message(report=report, user=people.handler, keyring=ring, body="One more thing")
    with pytest.raises(ValidationError):
        services.send_feedback(report=report, user=people.handler, keyring=ring, body="More feedback")
    with pytest.raises(ValidationError):
        services.add_allegation(report=report, user=people.handler, keyring=ring, summary="Another")
    with pytest.raises(ValidationError):
        services.add_reporter_message(services.open_with_receipt(submitted.receipt), body="Wait!")
    assert _reload(report).stage == "closed"


def test_an_investigator_cannot_close_or_send_feedback(acknowledged, people, keyring):
    submitted, ring = acknowledged
    services.assign(
        report=submitted.report, user=people.handler, keyring=ring, assignee=people.investigator, role="investigator"
    )
    inv_ring = keyring(people.investigator)
    # The investigator works on the allegations ...
    allegation = services.add_allegation(
        report=submitted.report, user=people.investigator, keyring=inv_ring, summary="Slots sold"
    )
    services.record_finding(
        allegation=allegation,
        user=people.investigator,
        keyring=inv_ring,
        outcome="substantiated",
        reasons="Confirmed by two witnesses.",
    )
    # ... but the handler answers the reporter and closes.
    with pytest.raises(PermissionDenied):
        services.send_feedback(report=submitted.report, user=people.investigator, keyring=inv_ring, body="Done")
    with pytest.raises(PermissionDenied):
        services.close_report(report=submitted.report, user=people.investigator)


# --- oral reports ---------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["phone", "meeting"])
def test_an_oral_report_is_recorded_by_a_handler(people, submit, channel):
    before = Report.objects.count()
    with pytest.raises(PermissionDenied):
        submit(channel=channel)
    with pytest.raises(PermissionDenied):
        submit(channel=channel, recorded_by=people.investigator)
    assert Report.objects.count() == before
    submitted = submit(
        channel=channel,
        recorded_by=people.handler,
        anonymity="confidential",
        reporter_name="Piet Melder",
        description="Minutes: the reporter says files were lost.",
    )
    report = _reload(submitted.report)
    assert report.channel == channel and report.recorded_by == people.handler
    entry = next(e for e in audit.entries_for(report) if e.action == "whistle.report.received")
    assert entry.actor == "handler"


def test_the_reporter_checks_corrects_and_confirms_the_minutes(people, submit, keyring):
    with travel(2026, 6, 1):
        submitted = submit(
            channel="phone",
            recorded_by=people.handler,
            description="Minutes of the call: the reporter saw cash change hands.",
        )
    access = services.open_with_receipt(submitted.receipt)
    view = services.reporter_view(access)
    assert view["oral"] and not view["minutes_confirmed"]
    assert view["description"] == "Minutes of the call: the reporter saw cash change hands."
    services.add_reporter_message(access, body="Correction: it was an envelope, not cash.", kind="correction")
    with travel(2026, 6, 2):
        services.confirm_minutes(services.open_with_receipt(submitted.receipt))
    report = _reload(submitted.report)
    assert report.minutes_confirmed_at is not None
    opened = services.read_report(report=report, user=people.handler, keyring=keyring(people.handler))
    assert [(m.kind, m.body) for m in opened.messages] == [("correction", "Correction: it was an envelope, not cash.")]
    assert "whistle.minutes.confirmed" in _actions(report)
    with pytest.raises(ValidationError):
        services.confirm_minutes(services.open_with_receipt(submitted.receipt))


def test_a_written_report_has_no_minutes(people, submit):
    submitted = submit()
    access = services.open_with_receipt(submitted.receipt)
    with pytest.raises(ValidationError) as exc:
        services.confirm_minutes(access)
    assert "minutes" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.add_reporter_message(access, body="Correction", kind="correction")
    assert _reload(submitted.report).minutes_confirmed_at is None


def test_a_reporter_cannot_pose_as_a_handler(people, submit):
    access = services.open_with_receipt(submit().receipt)
    before = Message.objects.count()
    with pytest.raises((ValueError, ValidationError)):
        services.add_reporter_message(access, body="The case is closed, all fine.", kind="feedback")
    assert Message.objects.count() == before


# --- the reporter's identity ------------------------------------------------------------------


def test_identity_is_shown_only_on_a_recorded_reason(people, submit, keyring):
    report = submit(
        anonymity="confidential", reporter_name="Sanne Vertrouwelijk", reporter_email="sanne@example.org"
    ).report
    ring = keyring(people.officer)
    for reason in ("", "   ", "curious"):
        with pytest.raises(ValidationError) as exc:
            services.reveal_identity(report=report, user=people.officer, keyring=ring, reason=reason)
        assert "reason" in exc.value.message_dict
    assert "whistle.identity.viewed" not in _actions(report)
    identity = services.reveal_identity(
        report=report, user=people.officer, keyring=ring, reason="The reporter asked for protection against a transfer"
    )
    assert identity["name"] == "Sanne Vertrouwelijk" and identity["email"] == "sanne@example.org"
    [entry] = [e for e in audit.entries_for(report) if e.action == "whistle.identity.viewed"]
    assert entry.reason == "The reporter asked for protection against a transfer"
    assert entry.actor == "officer"
    assert "Sanne" not in str(entry.data) + entry.reason
    services.reveal_identity(report=report, user=people.officer, keyring=ring, reason="A second look, for the file")
    assert _actions(report).count("whistle.identity.viewed") == 2
    with pytest.raises(PermissionDenied):
        services.reveal_identity(
            report=report,
            user=people.investigator,
            keyring=keyring(people.investigator),
            reason="I would like to know who it is",
        )


def test_an_anonymous_report_has_no_identity(people, submit, keyring):
    report = submit(anonymity="anonymous").report
    assert _reload(report).identity_box is None
    opened = services.read_report(report=report, user=people.handler, keyring=keyring(people.handler))
    assert not opened.identity_on_file
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="anonymous"):
        services.reveal_identity(
            report=report,
            user=people.handler,
            keyring=keyring(people.handler),
            reason="We need to call the reporter back",
        )
    assert AuditEntry.objects.count() == before


def test_an_open_report_keeps_the_name_encrypted_too(people, submit):
    report = submit(anonymity="open", reporter_name="Open Melder").report
    stored = _reload(report)
    assert stored.identity_box is not None and b"Open Melder" not in bytes(stored.identity_box)


def test_the_queue_lists_open_reports_first_by_nearest_deadline(people, submit, keyring):
    from loket.whistle.selectors import handler_queue

    with travel(2026, 3, 2):
        closed = submit().report
    with travel(2026, 6, 1):
        later = submit().report
    with travel(2026, 5, 4):
        sooner = submit().report
    Report.objects.filter(pk=closed.pk).update(stage="closed", closed_at=closed.received_at)
    assert list(handler_queue(people.handler)) == [sooner, later, closed]
    assert list(handler_queue(people.handler, stage="closed")) == [closed]
    with travel(2026, 6, 20):
        assert list(handler_queue(people.handler, overdue=True, today=date(2026, 6, 20))) == [sooner, later]
