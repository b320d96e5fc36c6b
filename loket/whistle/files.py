"""The reporting channel's uploads: the shared checks of :mod:`loket.core.files` with the
channel's own size limit (``WHISTLE_MAX_ATTACHMENT_BYTES``)."""

from __future__ import annotations

from django.conf import settings

from loket.core import files as core_files
from loket.core.files import ALLOWED, AttachmentError, CheckedFile, sniff, strip_metadata  # noqa: F401


def check_file(name: str, data: bytes, *, strip: bool) -> CheckedFile:
    """Check one reporter's upload; raise AttachmentError with a message the reporter understands."""
    return core_files.check_file(name, data, strip=strip, limit=settings.WHISTLE_MAX_ATTACHMENT_BYTES)
