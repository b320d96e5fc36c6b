"""Helpers for the tests of the reporter's API and pages (not a test module)."""
from __future__ import annotations

from loket.core.audit_models import AuditEntry
from loket.whistle.models import Attachment, Message, NamedPerson, ProtectedPerson, Report, ReportKey

API = "/api/v1/whistle"


def post_json(client, path: str, data: dict, **extra):
    return client.post(API + path, data, content_type="application/json", **extra)


def stored_counts() -> dict:
    """How many rows each table a report writes to holds; bad input changes none of them."""
    return {model.__name__: model.objects.count()
            for model in (Report, Attachment, Message, NamedPerson, ProtectedPerson, ReportKey, AuditEntry)}


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_attachment(report: Report, handler, ring) -> tuple[str, str, bytes, bool]:
    """(name, type, bytes, metadata stripped) of the report's only attachment, as its handler reads it."""
    from loket.whistle import services

    attachment = report.attachments.get()
    name, content_type, data = services.read_attachment(report=report, user=handler, keyring=ring,
                                                        attachment_id=attachment.pk)
    return name, content_type, data, attachment.metadata_stripped
