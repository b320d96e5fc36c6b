"""What a reporter can do with their receipt: read the status, deadlines and messages,
answer the handlers' questions, add information, and check and sign oral minutes.

Nothing here stores or logs anything that could tell one reporter's request from another:
no address, no browser, no time beyond the minute window of the rate limit (the
per-client count lives in memory only: ``throttle``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from ...core import audit
from ...core.deadlines import days_left
from .. import crypto, throttle
from ..files import AttachmentError, check_file
from ..models import Attachment, Channel, Message, ReceiptFailureWindow, Report
from .intake import MAX_TEXT, Upload


class ReceiptNotFound(Exception):
    """The same answer whether the receipt never existed or is merely mistyped."""

    message = gettext_lazy("No report was found with this receipt. Check the 16 digits and try again.")


class TooManyAttempts(Exception):
    """Too many wrong receipts in this window, from this client (see ``throttle``)."""

    message = gettext_lazy("Too many wrong receipts were tried in the last minute. Wait a minute and try again.")


@dataclass
class ReporterAccess:
    report: Report
    report_key: bytes


def _window_start(now):
    seconds = settings.WHISTLE_RECEIPT_WINDOW_SECONDS
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def _failures_now(now) -> int:
    return (
        ReceiptFailureWindow.objects.filter(window_start=_window_start(now)).values_list("failures", flat=True).first()
        or 0
    )


def _count_failure(now, client: str | None) -> None:
    start = _window_start(now)
    throttle.count(client, start)
    with transaction.atomic():
        window, created = ReceiptFailureWindow.objects.get_or_create(window_start=start, defaults={"failures": 1})
        if not created:
            ReceiptFailureWindow.objects.filter(pk=window.pk).update(failures=F("failures") + 1)
        ReceiptFailureWindow.objects.filter(window_start__lt=start - timedelta(hours=1)).delete()


def _refused(now, client: str | None) -> bool:
    """Over the client's own limit, or over everyone's ceiling after failing already (see
    ``throttle``). A client we cannot tell apart (``None``) meets the ceiling alone."""
    own = throttle.failures(client, _window_start(now))
    if own is not None and own >= settings.WHISTLE_RECEIPT_FAILURES_PER_CLIENT:
        return True
    over_ceiling = _failures_now(now) >= settings.WHISTLE_RECEIPT_FAILURES_PER_WINDOW
    return over_ceiling and (own is None or own > 0)


def open_with_receipt(receipt: str, *, client: str | None = None) -> ReporterAccess:
    """The report this receipt opens. ``client`` is the request's ``reporter_client`` (a
    per-window keyed hash of the address, never stored); it only picks a rate-limit bucket."""
    now = timezone.now()
    if _refused(now, client):
        raise TooManyAttempts()
    digits = crypto.normalise_receipt(receipt)
    report = None
    if digits is not None:
        lookup, reporter_key = crypto.receipt_secrets(digits)
        report = Report.objects.filter(receipt_hash=lookup).first()
    if report is None or report.reporter_key_box is None:
        _count_failure(now, client)
        raise ReceiptNotFound()
    report_key = crypto.decrypt(reporter_key, report.reporter_key_box)
    return ReporterAccess(report=report, report_key=report_key)


@dataclass
class MessageView:
    pk: int
    kind: str
    kind_label: str
    from_reporter: bool
    body: str
    created_at: object
    attachments: list[dict]


def messages_for(report: Report, report_key: bytes) -> list[MessageView]:
    out = []
    for m in report.messages.prefetch_related("attachments"):
        out.append(
            MessageView(
                pk=m.pk,
                kind=m.kind,
                kind_label=str(Message.Kind(m.kind).label),
                from_reporter=m.from_reporter,
                body=crypto.decrypt_text(report_key, m.body_box),
                created_at=m.created_at,
                attachments=[
                    {
                        "name": crypto.decrypt_text(report_key, a.name_box),
                        "size": a.size,
                        "content_type": a.content_type,
                    }
                    for a in m.attachments.all()
                ],
            )
        )
    return out


def reporter_view(access: ReporterAccess) -> dict:
    """The reporter's view of their report; the read is logged without any metadata."""
    report = access.report
    today = timezone.localdate()
    audit.record(actor="reporter", action="whistle.report.read_by_reporter", obj=report)
    content = crypto.decrypt_json(access.report_key, report.content_box) if report.content_deleted_at is None else {}
    return {
        "reference": report.reference,
        "stage": report.stage,
        "stage_label": str(report.get_stage_display()),
        "received_on": timezone.localdate(report.received_at),
        "acknowledge_due": report.acknowledge_due,
        "acknowledge_days_left": days_left(report.acknowledge_due, today),
        "acknowledged": report.acknowledged_at is not None,
        "feedback_due": report.feedback_due,
        "feedback_days_left": days_left(report.feedback_due, today),
        "feedback_sent": report.feedback_sent_at is not None,
        "closed": report.closed_at is not None,
        "oral": report.channel in (Channel.PHONE, Channel.MEETING),
        "minutes_confirmed": report.minutes_confirmed_at is not None,
        "description": content.get("description", ""),
        "messages": messages_for(report, access.report_key),
    }


def add_reporter_message(
    access: ReporterAccess,
    *,
    body: str,
    attachments: list[Upload] = (),
    strip_metadata: bool = True,
    kind: str = Message.Kind.ADDITION,
) -> Message:
    """An answer to a question, or information the reporter adds."""
    body = (body or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in (Message.Kind.ADDITION, Message.Kind.CORRECTION):
        raise ValueError(f"a reporter cannot send a message of kind {kind!r}")
    if kind == Message.Kind.CORRECTION and access.report.channel not in (Channel.PHONE, Channel.MEETING):
        errors["minutes"] = [_("Only an oral report has minutes to correct.")]
    if not body:
        errors["body"] = [_("Write your message.")]
    elif len(body) > MAX_TEXT:
        errors["body"] = [_("Keep this under %(n)d characters.") % {"n": MAX_TEXT}]
    if access.report.closed_at is not None or access.report.content_deleted_at is not None:
        errors["body"] = [_("This report is closed; it takes no more messages.")]
    files = []
    if len(attachments) > settings.WHISTLE_MAX_ATTACHMENTS:
        errors["attachments"] = [_("Attach at most %(n)d files.") % {"n": settings.WHISTLE_MAX_ATTACHMENTS}]
        attachments = ()
    for upload in attachments:
        try:
            files.append(check_file(upload.name, upload.data, strip=strip_metadata))
        except AttachmentError as exc:
            errors.setdefault("attachments", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    key = access.report_key
    with transaction.atomic():
        message = Message.objects.create(
            report=access.report,
            from_reporter=True,
            kind=kind,
            body_box=crypto.encrypt(key, body),
            created_at=timezone.now(),
        )
        for checked in files:
            Attachment.objects.create(
                report=access.report,
                message=message,
                name_box=crypto.encrypt(key, checked.name),
                content_type=checked.content_type,
                size=len(checked.data),
                metadata_stripped=checked.metadata_stripped,
                data_box=crypto.encrypt(key, checked.data),
            )
        audit.record(
            actor="reporter",
            action="whistle.message.from_reporter",
            obj=access.report,
            data={"kind": kind, "attachments": len(files)},
        )
    return message


def confirm_minutes(access: ReporterAccess) -> None:
    """The reporter signs the minutes of their oral report as correct (directive art. 18)."""
    report = access.report
    if report.channel not in (Channel.PHONE, Channel.MEETING):
        raise ValidationError({"minutes": [_("Only an oral report has minutes to confirm.")]})
    if report.minutes_confirmed_at is not None:
        raise ValidationError({"minutes": [_("You already confirmed these minutes.")]})
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(minutes_confirmed_at=timezone.now())
        audit.record(actor="reporter", action="whistle.minutes.confirmed", obj=report)
    report.refresh_from_db()
