"""Returning with the receipt: status, deadlines, messages, answers, oral minutes; wrong
receipts and guessing. Everything goes by POST with the receipt in a hidden field."""

import re

import pytest

from loket.whistle import services
from loket.whistle.models import Message, Report
from tests.portal.conftest import receipt_on
from tests.whistle.api_support import mistyped, oral, stored_counts, upload  # noqa: F401 (oral: fixture)
from tests.whistle.conftest import travel
from tests.whistle.test_files import REPORTER, jpeg, random_bytes


@pytest.fixture
def filed(handler, file_report):
    """A report filed on Monday 1 June 2026: (report, receipt as shown)."""
    with travel(2026, 6, 1):
        receipt = receipt_on(file_report(description="Slots were sold at the counter."))
    return Report.objects.get(), receipt


def _status(client, receipt, **extra):
    return client.post("/melden/terugkomen/", {"receipt": receipt}, **extra)


def _hidden_receipts(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="receipt" value="([^"]*)">', html)


def test_the_return_page_asks_for_the_receipt(client, db):
    response = client.get("/melden/terugkomen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="receipt"' in html and 'method="post"' in html and 'autocomplete="off"' in html
    assert html.count("<h1") == 1


def test_status_deadlines_and_days_left(client, filed):
    report, receipt = filed
    with travel(2026, 6, 3):
        response = _status(client, receipt)
    assert response.status_code == 200
    assert not response.cookies and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert report.reference in html
    assert "8 juni 2026" in html and "nog 5 dagen" in html  # Dutch by default
    assert "8 september 2026" in html and "nog 97 dagen" in html
    assert "Slots were sold at the counter." in html
    # The receipt travels only in hidden fields of POST forms: never in a URL, never shown.
    assert _hidden_receipts(html) and set(_hidden_receipts(html)) == {receipt}
    digits = receipt.replace(" ", "")
    for url in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert digits not in url.replace(" ", "")
    assert re.findall(r"\d{4} \d{4} \d{4} \d{4}", re.sub(r'value="[^"]*"', "", html)) == []
    assert re.findall(r'<form method="([^"]*)"', html) == ["post"]


def test_an_overdue_deadline_is_shown_as_overdue(client, filed):
    _report, receipt = filed
    with travel(2026, 6, 10):
        html = _status(client, receipt).content.decode()
    assert "2 dagen te laat" in html and "loket-overdue" in html


@pytest.mark.usefixtures("english")
def test_a_question_is_highlighted_and_can_be_answered(client, filed, handler):
    report, receipt = filed
    user, ring = handler
    services.acknowledge(report=report, user=user, keyring=ring)
    services.send_message(report=report, user=user, keyring=ring, body="On which day did it happen?", question=True)
    html = _status(client, receipt).content.decode()
    question = re.search(
        r'<article class="loket-message utrecht-alert utrecht-alert--warning".*?</article>', html, re.S
    )
    assert question and "A question for you" in question.group(0) and "On which day did it happen?" in question.group(0)
    assert "done" in html  # the acknowledgement is done

    response = client.post(
        "/melden/terugkomen/bericht/",
        {
            "receipt": receipt,
            "message-body": "The second Tuesday of May.",
            "message-strip_metadata": "on",
            "message-attachments": [upload("notice.jpg", jpeg())],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your message was sent to the handlers." in html and "The second Tuesday of May." in html
    assert 'next=/melden/terugkomen/"' in html
    opened = services.read_report(report=report, user=user, keyring=ring)
    answer = opened.messages[-1]
    assert (answer.body, answer.from_reporter, answer.kind) == ("The second Tuesday of May.", True, "addition")
    attachment = Message.objects.get(pk=answer.pk).attachments.get()
    assert attachment.metadata_stripped
    _name, _type, data = services.read_attachment(report=report, user=user, keyring=ring, attachment_id=attachment.pk)
    assert REPORTER.encode() not in data


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"message-body": "   "}, "Write your message."),
        ({"message-body": "See file", "message-attachments": [upload("scan.pdf", random_bytes())]}, "scan.pdf"),
    ],
)
@pytest.mark.usefixtures("english")
def test_a_bad_message_is_explained_and_nothing_is_stored(client, filed, fields, message):
    _report, receipt = filed
    before = stored_counts()
    response = client.post("/melden/terugkomen/bericht/", {"receipt": receipt, **fields})
    html = response.content.decode()
    assert "Your message was not sent" in html and message in html
    assert stored_counts()["Message"] == before["Message"] and stored_counts()["Attachment"] == before["Attachment"]


@pytest.mark.usefixtures("english")
def test_a_closed_report_takes_no_messages(client, filed, handler):
    report, receipt = filed
    user, ring = handler
    services.acknowledge(report=report, user=user, keyring=ring)
    allegation = services.add_allegation(report=report, user=user, keyring=ring, summary="Slots were sold")
    services.record_finding(
        allegation=allegation, user=user, keyring=ring, outcome="substantiated", reasons="The bank statements show it."
    )
    services.send_feedback(
        report=report, user=user, keyring=ring, body="We found that slots were sold; measures follow."
    )
    services.close_report(report=Report.objects.get(pk=report.pk), user=user)
    html = _status(client, receipt).content.decode()
    assert "Your report is closed" in html and "We found that slots were sold" in html
    assert "message-body" not in html
    response = client.post("/melden/terugkomen/bericht/", {"receipt": receipt, "message-body": "One more thing"})
    assert "This report is closed; it takes no more messages." in response.content.decode()
    assert not Message.objects.filter(from_reporter=True).exists()


# --- wrong receipts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/melden/terugkomen/",
        "/melden/terugkomen/bericht/",
        "/melden/terugkomen/verslag/bevestigen/",
        "/melden/terugkomen/verslag/corrigeren/",
    ],
)
@pytest.mark.usefixtures("english")
def test_a_wrong_receipt_gets_one_answer_whatever_it_was(client, filed, path):
    _report, receipt = filed
    before = stored_counts()
    pages = set()
    for wrong in ("0000 1111 2222 3333", mistyped(receipt), "12345", "not a receipt at all"):
        response = client.post(path, {"receipt": wrong, "message-body": "hello", "correction-body": "hello"})
        assert response.status_code == 200
        pages.add(response.content)
    assert len(pages) == 1
    html = pages.pop().decode()
    assert "No report was found with this receipt" in html
    assert 'next=/melden/terugkomen/"' in html  # the language links lead to a page a GET can open
    assert stored_counts() == before


@pytest.mark.usefixtures("english")
def test_guessing_is_slowed_down_and_the_window_resets(client, filed, settings):
    _report, receipt = filed
    settings.WHISTLE_RECEIPT_FAILURES_PER_WINDOW = 2
    with travel(2026, 6, 2, 10, 0) as clock:
        for wrong in ("0000000000000000", "1111111111111111"):
            assert "No report was found" in _status(client, wrong).content.decode()
        blocked = _status(client, receipt)
        assert blocked.status_code == 429
        assert "Too many wrong receipts were tried in the last minute" in blocked.content.decode()
        clock.shift(61)
        assert _status(client, receipt).status_code == 200


# --- oral reports --------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_the_reporter_confirms_the_minutes(client, oral):
    report, receipt = oral
    html = _status(client, receipt).content.decode()
    assert "The minutes of your oral report" in html and "Minutes: the caller says slots were sold." in html
    assert 'action="/melden/terugkomen/verslag/bevestigen/"' in html
    response = client.post("/melden/terugkomen/verslag/bevestigen/", {"receipt": receipt})
    html = response.content.decode()
    assert "You confirmed the minutes" in html and "You confirmed that these minutes are correct." in html
    assert 'action="/melden/terugkomen/verslag/bevestigen/"' not in html
    report.refresh_from_db()
    assert report.minutes_confirmed_at is not None


@pytest.mark.usefixtures("english")
def test_the_reporter_corrects_the_minutes(client, oral, handler):
    report, receipt = oral
    response = client.post(
        "/melden/terugkomen/verslag/corrigeren/",
        {"receipt": receipt, "correction-body": "It was two slots, not one.", "correction-strip_metadata": "on"},
    )
    assert "Your correction was sent to the handlers." in response.content.decode()
    user, ring = handler
    opened = services.read_report(report=report, user=user, keyring=ring)
    assert [(m.kind, m.body) for m in opened.messages] == [("correction", "It was two slots, not one.")]


@pytest.mark.usefixtures("english")
def test_a_web_report_has_no_minutes(client, filed):
    report, receipt = filed
    html = _status(client, receipt).content.decode()
    assert "verslag/bevestigen" not in html
    response = client.post("/melden/terugkomen/verslag/bevestigen/", {"receipt": receipt})
    assert "Only an oral report has minutes to confirm." in response.content.decode()
    response = client.post("/melden/terugkomen/verslag/corrigeren/", {"receipt": receipt, "correction-body": "x"})
    assert "Only an oral report has minutes to correct." in response.content.decode()
    report.refresh_from_db()
    assert report.minutes_confirmed_at is None and not report.messages.exists()


def test_get_is_refused_where_a_receipt_is_needed(client, db):
    for path in ("/melden/terugkomen/bericht/", "/melden/terugkomen/verslag/bevestigen/"):
        assert client.get(path).status_code == 405
