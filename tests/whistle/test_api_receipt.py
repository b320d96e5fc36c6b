"""The reporter's API with a receipt: read the status, deadlines and messages, answer
questions, add information, confirm or correct oral minutes; wrong receipts and guessing."""

import pytest

from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.models import Message, Report
from tests.whistle.api_support import API, handler, mistyped, oral, post_json, stored_counts, upload  # noqa: F401 (fixtures)
from tests.whistle.conftest import travel
from tests.whistle.test_files import jpeg, random_bytes

ENDPOINTS = ["/receipt", "/receipt/messages", "/receipt/minutes/confirm", "/receipt/minutes/correct"]


@pytest.fixture
def filed(client, handler):
    """An anonymous report filed through the API on Monday 1 June 2026: (report, receipt)."""
    with travel(2026, 6, 1):
        body = post_json(
            client, "/reports", {"description": "Slots were sold at the counter.", "anonymity": "anonymous"}
        ).json()
    return Report.objects.get(reference=body["reference"]), body["receipt"]


def test_status_deadlines_and_days_left(client, filed):
    report, receipt = filed
    with travel(2026, 6, 3):
        response = post_json(client, "/receipt", {"receipt": receipt})
    assert response.status_code == 200
    view = response.json()
    assert view["reference"] == report.reference
    assert view["status"] == "received" and view["status_label"]
    assert view["deadlines"]["acknowledge"] == {"due": "2026-06-08", "days_left": 5, "done": False}
    assert view["deadlines"]["feedback"] == {"due": "2026-09-08", "days_left": 97, "done": False}
    assert view["description"] == "Slots were sold at the counter."
    assert view["messages"] == []
    assert AuditEntry.objects.filter(action="whistle.report.read_by_reporter", object_id=str(report.pk)).count() == 1


def test_receipt_may_be_typed_in_groups(client, filed):
    report, receipt = filed
    grouped = " ".join(receipt[i : i + 4] for i in range(0, 16, 4))
    assert post_json(client, "/receipt", {"receipt": grouped}).json()["reference"] == report.reference
    dashed = "-".join(receipt[i : i + 4] for i in range(0, 16, 4))
    assert post_json(client, "/receipt/", {"receipt": dashed}).status_code == 200


def test_question_answer_and_acknowledgement(client, filed, handler):
    report, receipt = filed
    user, ring = handler
    with travel(2026, 6, 2):
        services.acknowledge(report=report, user=user, keyring=ring)
        services.send_message(report=report, user=user, keyring=ring, body="On which day did it happen?", question=True)
        view = post_json(client, "/receipt", {"receipt": receipt}).json()
    assert view["status"] == "acknowledged"
    assert view["deadlines"]["acknowledge"]["done"] is True
    kinds = [(m["kind"], m["from_reporter"]) for m in view["messages"]]
    assert kinds == [("acknowledgement", False), ("question", False)]
    assert view["messages"][1]["body"] == "On which day did it happen?"
    assert view["messages"][1]["created_at"].startswith("2026-06-02")

    with travel(2026, 6, 2, 11):
        response = post_json(client, "/receipt/messages", {"receipt": receipt, "body": "  The second Tuesday of May. "})
    assert response.status_code == 201
    assert response.json()["kind"] == "addition" and response.json()["from_reporter"] is True
    opened = services.read_report(report=report, user=user, keyring=ring)
    assert [(m.body, m.from_reporter) for m in opened.messages][-1] == ("The second Tuesday of May.", True)
    view = post_json(client, "/receipt", {"receipt": receipt}).json()
    assert view["messages"][-1]["body"] == "The second Tuesday of May."


def test_message_with_attachment_as_multipart(client, filed, handler):
    report, receipt = filed
    response = client.post(
        f"{API}/receipt/messages",
        {"receipt": receipt, "body": "A photo of the notice.", "attachments": [upload("notice.jpg", jpeg())]},
    )
    assert response.status_code == 201, response.json()
    message = Message.objects.get(report=report, from_reporter=True)
    attachment = message.attachments.get()
    assert attachment.content_type == "image/jpeg" and attachment.metadata_stripped
    view = post_json(client, "/receipt", {"receipt": receipt}).json()
    assert view["messages"][0]["attachments"][0]["name"] == "notice.jpg"


@pytest.mark.parametrize("body", ["", "   \n", "x" * 20_001])
def test_empty_or_long_message_is_refused_and_stores_nothing(client, filed, body):
    _report, receipt = filed
    before = stored_counts()
    response = post_json(client, "/receipt/messages", {"receipt": receipt, "body": body})
    assert response.status_code == 400 and "body" in response.json()
    assert stored_counts() == before


def test_mistyped_file_in_a_message_is_refused(client, filed):
    _report, receipt = filed
    before = stored_counts()
    response = client.post(
        f"{API}/receipt/messages",
        {"receipt": receipt, "body": "See file", "attachments": [upload("scan.pdf", random_bytes())]},
    )
    assert response.status_code == 400 and "scan.pdf" in response.json()["attachments"][0]
    assert stored_counts() == before


def test_missing_fields_are_400(client, filed):
    assert post_json(client, "/receipt", {}).status_code == 400
    _report, receipt = filed
    assert "body" in post_json(client, "/receipt/messages", {"receipt": receipt}).json()


# --- wrong receipts ----------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_wrong_receipt_is_404_the_same_way_whatever_it_was(client, filed, endpoint):
    _report, receipt = filed
    never_issued = "0000111122223333" if receipt != "0000111122223333" else "9999888877776666"
    answers = []
    before = stored_counts()
    arabic_indic_digits = "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"
    for wrong in (
        never_issued,
        mistyped(receipt),
        "12345",
        "abcdefghijklmnop",
        "",
        "1234 5678 9012 345x",
        arabic_indic_digits,
    ):
        response = post_json(client, endpoint, {"receipt": wrong, "body": "hello"})
        answers.append((response.status_code, response.content, response.get("Content-Type")))
    assert answers[0][0] == 404
    assert len(set(answers)) == 1, answers
    assert stored_counts() == before


def test_wrong_receipt_is_checked_before_the_body(client, filed):
    response = post_json(client, "/receipt/messages", {"receipt": "0000000000000000", "body": ""})
    assert response.status_code == 404


def test_guessing_is_rate_limited_and_the_window_resets(client, filed, settings):
    _report, receipt = filed
    settings.WHISTLE_RECEIPT_FAILURES_PER_WINDOW = 3
    with travel(2026, 6, 2, 10, 0) as clock:
        for n in range(3):
            assert post_json(client, "/receipt", {"receipt": f"{n:016d}"}).status_code == 404
        blocked = post_json(client, "/receipt", {"receipt": receipt})  # even the right one waits
        assert blocked.status_code == 429
        assert blocked.json()["detail"] and blocked["Retry-After"] == "60"
        assert post_json(client, "/receipt/messages", {"receipt": receipt, "body": "x"}).status_code == 429
        clock.shift(61)
        assert post_json(client, "/receipt", {"receipt": receipt}).status_code == 200


def test_rate_limit_message_is_in_the_users_language(client, filed, settings):
    settings.WHISTLE_RECEIPT_FAILURES_PER_CLIENT = 0
    english = post_json(client, "/receipt", {"receipt": "1"}, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert "Too many wrong receipts" in english


# --- oral reports: the minutes -----------------------------------------------------------


def test_confirm_the_minutes_of_an_oral_report(client, oral):
    report, receipt = oral
    view = post_json(client, "/receipt", {"receipt": receipt}).json()
    assert view["oral"] is True and view["minutes_confirmed"] is False
    assert view["description"].startswith("Minutes:")
    response = post_json(client, "/receipt/minutes/confirm", {"receipt": receipt})
    assert response.status_code == 200 and response.json() == {"minutes_confirmed": True}
    report.refresh_from_db()
    assert report.minutes_confirmed_at is not None
    assert post_json(client, "/receipt", {"receipt": receipt}).json()["minutes_confirmed"] is True
    again = post_json(client, "/receipt/minutes/confirm", {"receipt": receipt})
    assert again.status_code == 400 and "minutes" in again.json()


def test_correct_the_minutes_of_an_oral_report(client, oral, handler):
    report, receipt = oral
    response = post_json(client, "/receipt/minutes/correct", {"receipt": receipt, "body": "It was two slots, not one."})
    assert response.status_code == 201 and response.json()["kind"] == "correction"
    user, ring = handler
    opened = services.read_report(report=report, user=user, keyring=ring)
    assert [(m.kind, m.body) for m in opened.messages] == [("correction", "It was two slots, not one.")]


def test_a_web_report_has_no_minutes(client, filed):
    _report, receipt = filed
    before = stored_counts()
    assert post_json(client, "/receipt/minutes/confirm", {"receipt": receipt}).status_code == 400
    response = post_json(client, "/receipt/minutes/correct", {"receipt": receipt, "body": "Change this."})
    assert response.status_code == 400 and "minutes" in response.json()
    assert stored_counts() == before
