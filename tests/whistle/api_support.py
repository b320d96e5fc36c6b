"""Helpers for the tests of the reporter's API and pages (not a test module)."""

from __future__ import annotations

import pytest

from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.whistle.models import Attachment, Message, NamedPerson, ProtectedPerson, Report, ReportKey

API = "/api/v1/whistle"


@pytest.fixture
def handler(make_user):
    """(user, unlocked keyring) of a report handler with a key pair, so that every report
    filed from now on is sealed for them."""
    from loket.whistle.keyring import Keyring
    from tests.conftest import PASSWORD

    user = make_user(Role.REPORT_HANDLER)
    return user, Keyring.from_password(user, PASSWORD)


def post_json(client, path: str, data: dict, **extra):
    return client.post(API + path, data, content_type="application/json", **extra)


def stored_counts() -> dict:
    """How many rows each table a report writes to holds; bad input changes none of them."""
    return {
        model.__name__: model.objects.count()
        for model in (Report, Attachment, Message, NamedPerson, ProtectedPerson, ReportKey, AuditEntry)
    }


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_attachment(report: Report, handler, ring) -> tuple[str, str, bytes, bool]:
    """(name, type, bytes, metadata stripped) of the report's only attachment, as its handler reads it."""
    from loket.whistle import services

    attachment = report.attachments.get()
    name, content_type, data = services.read_attachment(
        report=report, user=handler, keyring=ring, attachment_id=attachment.pk
    )
    return name, content_type, data, attachment.metadata_stripped


@pytest.fixture
def oral(handler):
    """A report the handler recorded from a meeting, on the reporter's behalf: (report, receipt)."""
    from loket.whistle import services
    from loket.whistle.services import ReportInput

    user, _ring = handler
    submitted = services.submit_report(
        ReportInput(description="Minutes: the caller says slots were sold.", anonymity="anonymous"),
        channel="meeting",
        recorded_by=user,
    )
    return submitted.report, submitted.receipt


def mistyped(receipt: str) -> str:
    """The receipt with its last digit changed: a typing error."""
    return receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
