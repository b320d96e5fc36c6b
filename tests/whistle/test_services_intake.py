"""Intake: what a valid report stores, and that bad input is refused with a message per
field while nothing at all is stored."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings as hyp_settings, strategies as st

from loket.core import audit
from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.models import (
    Anonymity,
    Attachment,
    Category,
    Message,
    NamedPerson,
    ProtectedPerson,
    Report,
    ReportKey,
)
from loket.whistle.protection import persons_of
from loket.whistle.services import ReportInput, Upload
from loket.whistle.services.intake import MAX_TEXT

from .conftest import travel

pytestmark = pytest.mark.usefixtures("english")  # these tests match messages' wording

STORED = (Report, Attachment, AuditEntry, NamedPerson, ProtectedPerson, ReportKey, Message)


def _counts():
    return {model.__name__: model.objects.count() for model in STORED}


@contextmanager
def nothing_stored():
    before = _counts()
    yield
    assert _counts() == before


def refused(fields: set[str], **kwargs):
    """Submit and expect a ValidationError naming exactly these fields; nothing stored."""
    data = dict(description="Something went wrong at the counter.", anonymity="anonymous")
    data.update(kwargs)
    channel = data.pop("channel", "web")
    recorded_by = data.pop("recorded_by", None)
    with nothing_stored(), pytest.raises(ValidationError) as exc:
        services.submit_report(ReportInput(**data), channel=channel, recorded_by=recorded_by)
    assert set(exc.value.message_dict) == fields, exc.value.message_dict
    for messages in exc.value.message_dict.values():
        assert all(m.strip() for m in messages)
    return exc.value.message_dict


# --- what a good report stores ----------------------------------------------------------------


def test_the_smallest_report(people):
    with travel(2026, 6, 1):
        submitted = services.submit_report(ReportInput(description="Files were lost.", anonymity="anonymous"))
    report = Report.objects.get(pk=submitted.report.pk)
    assert report.stage == "received" and report.channel == "web" and report.category == "other"
    assert report.anonymity == "anonymous" and report.identity_box is None
    assert report.reference.startswith("M-2026-")
    assert report.acknowledge_due == date(2026, 6, 8)
    [entry] = audit.entries_for(report)
    assert entry.action == "whistle.report.received" and entry.actor == "reporter"
    assert "Files were lost" not in str(entry.data)


def test_a_confidential_employee_reporter_is_protected_once_a_handler_confirms(people, keyring):
    reporter = people.colleague
    with travel(2026, 6, 1):
        submitted = services.submit_report(
            ReportInput(
                description="My team lead sold appointment slots.",
                anonymity="confidential",
                category="corruption",
                reporter_name="Colleague",
                reporter_email="colleague@example.org",
                reporter_employee_number=reporter.number,
                involved_employees=[people.lead.employee.number, f"  {people.accused.employee.number} "],
            )
        )
    report = submitted.report
    assert not ProtectedPerson.objects.exists()
    ring = keyring(people.handler)
    with travel(2026, 6, 3):
        services.protect_reporter(report=report, user=people.handler, keyring=ring)
    [protected] = persons_of(report, ring.report_key(report))
    assert (protected["employee"], protected["role"], protected["since"]) == (reporter, "reporter", date(2026, 6, 1))
    named = set(NamedPerson.objects.filter(report=report).values_list("employee__number", flat=True))
    assert named == {people.lead.employee.number, people.accused.employee.number}
    assert report.category == "corruption"


def test_attachments_are_stored_encrypted_and_stripped_on_request(people, keyring):
    from tests.whistle.test_files import jpeg

    submitted = services.submit_report(
        ReportInput(
            description="See the photo.",
            anonymity="anonymous",
            attachments=[Upload("photo.jpg", jpeg()), Upload("notes.txt", b"plain notes")],
        )
    )
    stored = list(Attachment.objects.filter(report=submitted.report).order_by("pk"))
    assert [(a.content_type, a.metadata_stripped) for a in stored] == [("image/jpeg", True), ("text/plain", False)]
    assert all(b"plain notes" not in bytes(a.data_box) for a in stored)
    name, _type, data = services.read_attachment(
        report=submitted.report, user=people.handler, keyring=keyring(people.handler), attachment_id=stored[1].pk
    )
    assert (name, data) == ("notes.txt", b"plain notes")


def test_the_key_is_sealed_for_every_handler_it_may_reach(people, submit):
    report = submit().report
    sealed = set(ReportKey.objects.filter(report=report).values_list("user__username", flat=True))
    assert sealed == {"head", "accused", "officer", "handler", "handler2"}  # not the investigator


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("description", ["", "   ", "\n\t"])
def test_an_empty_report_is_refused(people, description):
    refused({"description"}, description=description)


def test_an_overlong_description_is_refused(people):
    refused({"description"}, description="x" * (MAX_TEXT + 1))


@pytest.mark.parametrize("anonymity", ["", "secret", "ANONYMOUS", None])
def test_an_unknown_anonymity_is_refused(people, anonymity):
    refused({"anonymity"}, anonymity=anonymity)


@pytest.mark.parametrize("category", ["", "gossip", None])
def test_an_unknown_category_is_refused(people, category):
    refused({"category"}, category=category)


@pytest.mark.parametrize(
    "field, value",
    [
        ("reporter_name", "Jan Jansen"),
        ("reporter_email", "jan@example.org"),
        ("reporter_phone", "0612345678"),
        ("reporter_employee_number", "E-COLLEAGUE"),
    ],
)
def test_an_anonymous_report_carries_no_identity(people, field, value):
    messages = refused({field}, **{field: value})
    assert "anonymous" in messages[field][0]


@pytest.mark.parametrize("anonymity", ["open", "confidential"])
def test_an_open_or_confidential_report_needs_a_name(people, anonymity):
    refused({"reporter_name"}, anonymity=anonymity)


def test_a_bad_email_address_is_refused(people):
    refused({"reporter_email"}, anonymity="confidential", reporter_name="Jan", reporter_email="jan at home")


def test_unknown_employee_numbers_are_refused_when_a_handler_records_the_report(people):
    """Only a handler recording an oral report is told a number is unknown; the public
    channel keeps numbers as the reporter's claim (test_protection_privacy)."""
    oral = {"channel": "phone", "recorded_by": people.handler}
    messages = refused({"involved_employees"}, involved_employees=[people.lead.employee.number, "E-NOBODY"], **oral)
    assert "E-NOBODY" in messages["involved_employees"][0]
    refused(
        {"reporter_employee_number"},
        anonymity="confidential",
        reporter_name="Jan",
        reporter_employee_number="E-NOBODY",
        **oral,
    )


def test_the_public_channel_does_not_say_whether_a_number_exists(people):
    for number in ("E-NOBODY", people.colleague.number):
        submitted = services.submit_report(
            ReportInput(
                description="Something went wrong.",
                anonymity="confidential",
                reporter_name="Jan",
                reporter_employee_number=number,
                involved_employees=[number],
            )
        )
        assert submitted.receipt
    assert not ProtectedPerson.objects.exists()


def test_too_many_employee_numbers_are_refused(people):
    refused({"involved_employees"}, involved_employees=[f"E-{n}" for n in range(101)])


def test_too_many_attachments_are_refused(people, settings):
    files = [Upload(f"note{i}.txt", b"facts") for i in range(settings.WHISTLE_MAX_ATTACHMENTS + 1)]
    refused({"attachments"}, attachments=files)


def test_a_bad_attachment_refuses_the_whole_report(people, settings):
    settings.WHISTLE_MAX_ATTACHMENT_BYTES = 1024
    messages = refused(
        {"attachments"},
        attachments=[
            Upload("good.txt", b"fine"),
            Upload("tool.exe", b"MZ\x90\x00" + b"\x00" * 60),
            Upload("big.txt", b"a" * 1025),
            Upload("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        ],
    )
    assert len(messages["attachments"]) == 3


def test_an_unknown_channel_is_refused(people):
    refused({"channel"}, channel="fax")


def test_every_bad_field_is_named_at_once(people):
    refused(
        {"description", "category", "reporter_name"},
        description="",
        anonymity="confidential",
        category="gossip",
        involved_employees=["E-NOBODY"],
    )


@hyp_settings(max_examples=60)
@given(
    anonymity=st.text(max_size=20).filter(lambda s: s not in Anonymity.values),
    category=st.text(max_size=20).filter(lambda s: s not in Category.values),
)
def test_any_unknown_choice_is_refused(people, anonymity, category):
    refused({"anonymity", "category"}, anonymity=anonymity, category=category)
