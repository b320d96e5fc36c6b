"""Every action on a report's page: it calls its service, changes what it should, writes
its audit entry, and refuses bad input with a message while changing nothing."""

import re

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import Allegation, Assignment, Message, NamedPerson, ReportKey, Stage
from loket.whistle.protection import persons_of
from loket.whistle.services import Upload
from loket.whistle.services.intake import MAX_TEXT
from tests.conftest import PASSWORD

from .report_fixtures import (  # noqa: F401
    MONDAY,
    _cheap_handler_keys,
    action_url,
    actions_logged,
    clock,
    detail_url,
    handler_client,
    page_messages,
    reload,
    signed_in,
    staff,
    submit,
)


@pytest.fixture(autouse=True)
def _still(clock):
    """Every test here runs on MONDAY, 1 June 2026, with the clock standing still."""


@pytest.fixture
def submitted(handler_client, submit, staff):
    """A confidential report with an attachment, naming nobody yet."""
    return submit(
        anonymity="confidential",
        reporter_name="Rita Reporter",
        reporter_email="rita@example.org",
        attachments=[Upload("notes.txt", b"Counter 3 was closed all week.")],
    )


@pytest.fixture
def report(submitted):
    return submitted.report


def post(client, name, report, data, *args, follow=False):
    return client.post(action_url(name, report, *args), data, follow=follow)


def acknowledge(client, report):
    assert post(client, "acknowledge", report, {"acknowledge-body": ""}).status_code == 302
    return reload(report)


def add_allegation(client, report, summary="The counter was closed without notice."):
    assert post(client, "add_allegation", report, {"add_allegation-summary": summary}).status_code == 302
    return Allegation.objects.filter(report=report).order_by("-number").first()


def record_finding(client, report, allegation, outcome="substantiated", reasons="Rosters confirm it."):
    prefix = f"finding-{allegation.pk}"
    return post(
        client, "record_finding", report, {f"{prefix}-outcome": outcome, f"{prefix}-reasons": reasons}, allegation.pk
    )


def reporter_messages(submitted):
    return services.reporter_view(services.open_with_receipt(submitted.receipt))["messages"]


def test_acknowledge_with_a_text_of_ones_own(handler_client, submitted):
    report = submitted.report
    response = post(
        handler_client, "acknowledge", report, {"acknowledge-body": "Thank you; we are on it."}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(detail_url(report) + "#deadlines")
    assert any("acknowledged" in m for m in page_messages(response))
    assert reload(report).stage == Stage.ACKNOWLEDGED
    assert [(m.kind, m.body) for m in reporter_messages(submitted)] == [("acknowledgement", "Thank you; we are on it.")]
    assert "whistle.report.acknowledged" in actions_logged(report)
    assert "Acknowledge receipt" not in response.content.decode()


def test_acknowledging_twice_is_refused_with_the_reason(handler_client, report):
    acknowledge(handler_client, report)
    response = post(handler_client, "acknowledge", report, {"acknowledge-body": ""})
    assert response.status_code == 400
    assert any("already acknowledged" in m for m in page_messages(response))
    assert Message.objects.filter(report=report).count() == 1


def test_a_question_reaches_the_reporter(handler_client, submitted):
    report = submitted.report
    response = post(
        handler_client, "message", report, {"message-body": "Which counter was it?", "message-question": "on"}
    )
    assert response.status_code == 302
    assert [(m.kind, m.body) for m in reporter_messages(submitted)] == [("question", "Which counter was it?")]
    entry = AuditEntry.objects.get(action="whistle.message.to_reporter", object_id=str(report.pk))
    # nothing of the question itself; where it came from and why (issue 15 item 4)
    assert entry.data == {"question": True, "origin": "page:desk:reports:message POST", "purpose": "reporting channel"}
    assert entry.actor == "handler"


def test_the_reporters_answer_and_its_file_show_in_the_thread(handler_client, submitted):
    access = services.open_with_receipt(submitted.receipt)
    services.add_reporter_message(access, body="It was counter 3.", attachments=[Upload("rota.txt", b"rota")])
    html = handler_client.get(detail_url(submitted.report)).content.decode()
    assert "It was counter 3." in html and "rota.txt" in html
    attachment = submitted.report.attachments.get(message__isnull=False)
    response = handler_client.get(action_url("attachment", submitted.report, attachment.pk))
    assert response.status_code == 200 and b"".join(response) == b"rota"


def test_name_a_witness_who_is_then_protected(handler_client, report, staff):
    response = post(
        handler_client, "name_person", report, {"name_person-employee": staff.witness.pk, "name_person-role": "witness"}
    )
    assert response.status_code == 302
    assert NamedPerson.objects.filter(report=report, employee=staff.witness, role="witness").exists()
    [person] = persons_of(report, Keyring.from_password(staff.handler, PASSWORD).report_key(report))
    assert (person["employee"], person["role"]) == (staff.witness, "witness")
    assert "whistle.person.named" in actions_logged(report)


def test_naming_oneself_is_refused(handler_client, report, staff):
    response = post(
        handler_client,
        "name_person",
        report,
        {"name_person-employee": staff.handler.employee.pk, "name_person-role": "concerned"},
    )
    assert response.status_code == 403
    assert any("named in this report yourself" in m for m in page_messages(response))
    assert not NamedPerson.objects.filter(report=report).exists()


def test_link_the_reporter_to_their_employee_record(handler_client, report, staff):
    response = post(handler_client, "protect_reporter", report, {"protect_reporter-employee": staff.witness.pk})
    assert response.status_code == 302
    [person] = persons_of(report, Keyring.from_password(staff.handler, PASSWORD).report_key(report))
    assert (person["employee"], person["role"], person["since"]) == (staff.witness, "reporter", MONDAY.date())
    assert "whistle.reporter.protected" in actions_logged(report)


def test_assign_an_investigator_who_can_then_read_the_report(handler_client, signed_in, submit, staff):
    investigator = signed_in(staff.investigator)
    report = submit(description="Decisions ignore the hearing rule.").report
    acknowledge(handler_client, report)
    response = post(
        handler_client, "assign", report, {"assign-assignee": staff.investigator.pk, "assign-role": "investigator"}
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(report=report, user=staff.investigator, role="investigator").exists()
    assert reload(report).stage == Stage.INVESTIGATING
    assert "whistle.report.assigned" in actions_logged(report)
    page = investigator.get(detail_url(report)).content.decode()
    assert "Decisions ignore the hearing rule." in page
    assert "Acknowledge receipt" not in page and "Close the report" not in page  # not an investigator's steps
    allegation = add_allegation(investigator, report)
    assert record_finding(investigator, report, allegation).status_code == 302


def test_assign_does_not_offer_and_refuses_a_person_the_report_names_or_their_manager(
    handler_client, signed_in, submit, staff
):
    signed_in(staff.lead)  # has a key pair, so only independence keeps them out
    signed_in(staff.handler2)
    report = submit(involved_employees=[staff.accused.employee.number]).report
    page = handler_client.get(detail_url(report)).content.decode()
    options = re.findall(r'<option value="(\d+)"', page.split('name="assign-assignee"')[1].split("</select>")[0])
    assert str(staff.handler2.pk) in options and str(staff.lead.pk) not in options
    response = post(handler_client, "assign", report, {"assign-assignee": staff.lead.pk, "assign-role": "handler"})
    assert response.status_code == 400
    assert any("Nothing was changed" in m for m in page_messages(response))
    assert not Assignment.objects.filter(report=report).exists()
    assert not ReportKey.objects.filter(report=report, user=staff.lead).exists()


def test_an_investigator_cannot_take_a_handlers_step(handler_client, signed_in, submit, staff):
    investigator = signed_in(staff.investigator)
    report = submit().report
    post(handler_client, "assign", report, {"assign-assignee": staff.investigator.pk, "assign-role": "investigator"})
    response = post(investigator, "acknowledge", report, {"acknowledge-body": ""})
    assert response.status_code == 403
    assert reload(report).acknowledged_at is None


def test_allegations_findings_and_feedback_prefilled_with_them(handler_client, submitted):
    report = acknowledge(handler_client, submitted.report)
    allegation = add_allegation(handler_client, report, "Counter 3 was closed without notice.")
    assert "whistle.allegation.added" in actions_logged(report)
    assert (
        record_finding(handler_client, report, allegation, "not_established", "No rosters were kept.").status_code
        == 302
    )
    assert Allegation.objects.get(pk=allegation.pk).outcome == "not_established"
    assert "whistle.allegation.finding" in actions_logged(report)

    page = handler_client.get(detail_url(report)).content.decode()
    feedback = page.split('name="send_feedback-body"')[1].split("</textarea>")[0]
    assert "Counter 3 was closed without notice." in feedback
    assert "Finding: could not be established." in feedback and "No rosters were kept." in feedback

    response = post(handler_client, "send_feedback", report, {"send_feedback-body": "We looked into it: ..."})
    assert response.status_code == 302
    assert reload(report).stage == Stage.FEEDBACK_SENT
    assert reporter_messages(submitted)[-1].kind == "feedback"
    assert "whistle.feedback.sent" in actions_logged(report)


def test_closing_before_feedback_is_refused_with_every_reason(handler_client, report):
    response = post(handler_client, "close", report, {"close-reason": ""})
    assert response.status_code == 400
    text = " ".join(page_messages(response))
    assert "Send the reporter feedback before you close the report." in text
    assert "at least one allegation" in text
    html = response.content.decode()
    assert "Send the reporter feedback before you close the report." in html  # next to the form as well
    assert reload(report).closed_at is None and "whistle.report.closed" not in actions_logged(report)


def test_closing_with_an_allegation_without_finding_is_refused(handler_client, report):
    acknowledge(handler_client, report)
    decided = add_allegation(handler_client, report, "First point.")
    record_finding(handler_client, report, decided)
    add_allegation(handler_client, report, "Second point.")
    post(handler_client, "send_feedback", report, {"send_feedback-body": "Interim feedback."})
    response = post(handler_client, "close", report, {"close-reason": ""})
    assert response.status_code == 400
    assert any("These allegations have no finding yet: 2." in m for m in page_messages(response))
    assert reload(report).closed_at is None


def test_close_when_everything_is_answered(handler_client, report):
    acknowledge(handler_client, report)
    record_finding(handler_client, report, add_allegation(handler_client, report))
    post(handler_client, "send_feedback", report, {"send_feedback-body": "Here is what we found."})
    response = post(handler_client, "close", report, {"close-reason": "All answered."}, follow=True)
    assert reload(report).stage == Stage.CLOSED
    assert AuditEntry.objects.get(action="whistle.report.closed", object_id=str(report.pk)).reason == "All answered."
    html = response.content.decode()
    assert "This report was closed on" in html and "Write to the reporter" not in html
    refused = post(handler_client, "send_feedback", report, {"send_feedback-body": "One more thing."})
    assert refused.status_code == 400 and reload(report).stage == Stage.CLOSED


def test_the_identity_needs_a_recorded_reason(handler_client, report):
    for reason in ("", "because"):  # none, and one too short to be a reason
        response = post(handler_client, "reveal_identity", report, {"reveal_identity-reason": reason})
        assert response.status_code == 400
        assert "Rita Reporter" not in response.content.decode()
        assert any("Nothing was changed" in m for m in page_messages(response))
    assert "whistle.identity.viewed" not in actions_logged(report)

    reason = "To invite the reporter to a hearing on the second allegation."
    response = post(handler_client, "reveal_identity", report, {"reveal_identity-reason": reason})
    html = response.content.decode()
    assert response.status_code == 200 and "Rita Reporter" in html and "rita@example.org" in html
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="whistle.identity.viewed", object_id=str(report.pk))
    assert entry.reason == reason and entry.actor == "handler"
    assert "Rita Reporter" not in handler_client.get(detail_url(report)).content.decode()


def test_an_anonymous_report_has_no_identity_to_show(handler_client, submit):
    report = submit().report
    assert 'name="reveal_identity-reason"' not in handler_client.get(detail_url(report)).content.decode()
    response = post(handler_client, "reveal_identity", report, {"reveal_identity-reason": "I want to know who it is."})
    assert response.status_code == 400
    assert any("anonymous" in m for m in page_messages(response))


def test_an_attachment_downloads_and_the_read_is_logged(handler_client, report):
    attachment = report.attachments.get()
    response = handler_client.get(action_url("attachment", report, attachment.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="notes.txt"'
    assert b"".join(response) == b"Counter 3 was closed all week."
    assert "whistle.attachment.read" in actions_logged(report)
    assert handler_client.get(action_url("attachment", report, attachment.pk + 999)).status_code == 404


def _state(report):
    report = reload(report)
    return (
        report.stage,
        report.acknowledged_at,
        report.feedback_sent_at,
        report.closed_at,
        report.messages.count(),
        report.named_persons.count(),
        report.protected_persons.count(),
        report.assignments.count(),
        list(report.allegations.values_list("number", "outcome")),
    )


BAD_INPUT = [
    ("acknowledge", {"acknowledge-body": "x" * (MAX_TEXT + 1)}),
    ("message", {"message-body": "   "}),
    ("message", {"message-body": "a\x00b"}),
    ("name_person", {"name_person-employee": "999999", "name_person-role": "concerned"}),
    ("name_person", {"name_person-employee": "", "name_person-role": "boss"}),
    ("protect_reporter", {"protect_reporter-employee": "not-a-number"}),
    ("assign", {"assign-assignee": "", "assign-role": "handler"}),
    ("assign", {"assign-role": "king"}),
    ("add_allegation", {"add_allegation-summary": ""}),
    ("send_feedback", {"send_feedback-body": ""}),
    ("send_feedback", {"send_feedback-body": "Feedback before any acknowledgement."}),
    ("close", {"close-reason": "x" * 2001}),
    ("reveal_identity", {}),
    ("record_finding", "open"),
    ("record_finding", "no-reasons"),
]


@pytest.mark.parametrize("name, data", BAD_INPUT)
def test_bad_input_on_every_form_gives_a_message_and_changes_nothing(handler_client, report, name, data):
    args = ()
    if name == "record_finding":
        allegation = add_allegation(handler_client, report)
        prefix = f"finding-{allegation.pk}"
        data = (
            {f"{prefix}-outcome": "open", f"{prefix}-reasons": "Because."}
            if data == "open"
            else {f"{prefix}-outcome": "substantiated", f"{prefix}-reasons": ""}
        )
        args = (allegation.pk,)
    before, logged = _state(report), len(actions_logged(report))
    response = post(handler_client, name, report, data, *args)
    assert response.status_code == 400
    assert any(
        m.startswith("Nothing was changed.") and len(m) > len("Nothing was changed. ") for m in page_messages(response)
    )
    assert _state(report) == before
    assert [a for a in actions_logged(report)[logged:] if a != "whistle.report.read"] == []


def test_actions_answer_only_post(handler_client, report):
    assert handler_client.get(action_url("acknowledge", report)).status_code == 405
    assert reload(report).acknowledged_at is None


@hypothesis_settings(max_examples=25)
@given(summary=st.text(max_size=300))
def test_any_allegation_text_is_stored_exactly_or_refused_with_a_message(handler_client, report, staff, summary):
    count = Allegation.objects.filter(report=report).count()
    response = post(handler_client, "add_allegation", report, {"add_allegation-summary": summary})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        opened = services.read_report(
            report=report, user=staff.handler, keyring=Keyring.from_password(staff.handler, PASSWORD)
        )
        assert [a["summary"] for a in opened.allegations][count:] == [summary.strip()]
    else:
        assert Allegation.objects.filter(report=report).count() == count
        assert page_messages(response)
