"""Recording an oral report on the reporter's behalf (directive 2019/1937 art. 9(2), 18):
the handler writes the minutes, the reporter gets a receipt shown once, and with it opens
the report to check, correct and sign the minutes."""

import re

import pytest
from django.urls import reverse

from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.models import NamedPerson, Report

from .report_fixtures import _cheap_handler_keys, clock, detail_url, handler_client, page_messages, signed_in, staff  # noqa: F401

URL = reverse("desk:reports:record_oral")
MINUTES = {
    "channel": "phone",
    "anonymity": "anonymous",
    "category": "rules_not_followed",
    "description": "By phone: objection decisions are signed by the official who took the first decision.",
    "happened_when": "Since March",
    "happened_where": "Objections team 1",
}


def _receipt(html: str) -> str:
    match = re.search(r'class="loket-receipt">\s*(\d{4} \d{4} \d{4} \d{4})\s*<', html)
    assert match, "no receipt on the page"
    return match.group(1)


def test_the_form_explains_what_the_law_asks(handler_client):
    html = handler_client.get(URL).content.decode()
    assert "Recording an oral report" in html and "art. 18(2) to (4)" in html
    assert 'name="description"' in html


def test_a_recorded_report_gives_a_receipt_that_opens_it(clock, handler_client, staff):
    response = handler_client.post(URL, MINUTES)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    receipt = _receipt(html)
    assert "correct them and sign them" in html

    access = services.open_with_receipt(receipt)
    report = access.report
    assert (report.channel, report.recorded_by, report.category) == ("phone", staff.handler, "rules_not_followed")
    view = services.reporter_view(access)
    assert view["oral"] and not view["minutes_confirmed"]
    assert view["description"] == MINUTES["description"]
    assert AuditEntry.objects.filter(
        action="whistle.report.received", object_id=str(report.pk), actor="handler"
    ).exists()

    page = handler_client.get(detail_url(report)).content.decode()
    assert "recorded by handler" in page and "not yet confirmed by the reporter" in page
    services.confirm_minutes(access)
    assert "confirmed by the reporter on" in handler_client.get(detail_url(report)).content.decode()


def test_a_meeting_report_of_a_confidential_reporter_naming_an_employee(handler_client, staff):
    data = {
        **MINUTES,
        "channel": "meeting",
        "anonymity": "confidential",
        "reporter_name": "Otto Oral",
        "reporter_phone": "+31 70 000 0000",
        "involved_employees": [staff.accused.employee.pk],
    }
    response = handler_client.post(URL, data)
    assert response.status_code == 200
    report = services.open_with_receipt(_receipt(response.content.decode())).report
    assert report.channel == "meeting" and report.identity_box is not None
    assert NamedPerson.objects.filter(report=report, employee=staff.accused.employee).exists()


@pytest.mark.parametrize(
    "change, field_error",
    [
        ({"description": "  "}, "This field is required."),
        ({"anonymity": ""}, "This field is required."),
        ({"channel": "web"}, "Select a valid choice."),
        ({"reporter_name": "Known Name"}, "An anonymous report carries no name"),
        ({"anonymity": "confidential"}, "Give your name, or choose to report anonymously."),
        ({"reporter_email": "not an address"}, "Enter a valid email address."),
        ({"involved_employees": ["424242"]}, "Select a valid choice."),
    ],
)
def test_bad_minutes_are_refused_with_a_message_and_store_nothing(handler_client, change, field_error):
    response = handler_client.post(URL, {**MINUTES, **change})
    assert response.status_code == 400
    assert any(m.startswith("Nothing was stored.") for m in page_messages(response))
    assert field_error in response.content.decode()
    assert not Report.objects.exists()
    assert not re.search(r'class="loket-receipt"', response.content.decode())


def test_an_oversized_document_is_refused(handler_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.WHISTLE_MAX_ATTACHMENT_BYTES = 10
    upload = SimpleUploadedFile("minutes.txt", b"far more than ten bytes", content_type="text/plain")
    response = handler_client.post(URL, {**MINUTES, "attachments": [upload]})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_document_handed_over_is_stored_with_the_report(handler_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.txt", b"handwritten notes, typed", content_type="text/plain")
    response = handler_client.post(URL, {**MINUTES, "attachments": [upload], "strip_metadata": "on"})
    report = services.open_with_receipt(_receipt(response.content.decode())).report
    assert report.attachments.count() == 1


@pytest.mark.parametrize("role", [Role.INTEGRITY_OFFICER, Role.INVESTIGATOR])
def test_only_a_handler_records_an_oral_report(make_user, signed_in, role):
    client = signed_in(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, MINUTES).status_code == 403
    assert not Report.objects.exists()
