"""Intake: a report arrives through the web form, the API, or a handler who records an
oral report on the reporter's behalf."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.deadlines import add_period
from ...core.org_models import Employee
from ...core.roles import Role, require_role
from .. import crypto, protection
from ..files import AttachmentError, CheckedFile, check_file
from ..models import Anonymity, Attachment, Category, Channel, NamedPerson, ProtectedPerson, Report, ReportKey
from ..selectors import eligible_handlers

MAX_TEXT = 20_000
MAX_IDENTITY = 200  # a name, an e-mail address, a phone number or an employee number
MAX_NAMED = 100  # employee numbers of the people involved, in one report
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACKNOWLEDGE_DAYS = 7
FEEDBACK_MONTHS = 3


@dataclass
class Upload:
    name: str
    data: bytes

    @classmethod
    def from_file(cls, uploaded) -> Upload:
        """From a Django upload; reads one byte past the size limit at most, so that an
        oversized file is refused by ``check_file`` without being read whole."""
        from django.conf import settings

        return cls(name=uploaded.name or "", data=uploaded.read(settings.WHISTLE_MAX_ATTACHMENT_BYTES + 1))


@dataclass
class ReportInput:
    description: str = ""
    anonymity: str = ""
    category: str = Category.OTHER
    happened_when: str = ""
    happened_where: str = ""
    involved: str = ""
    involved_employees: list[str] = field(default_factory=list)
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    reporter_employee_number: str = ""
    attachments: list[Upload] = field(default_factory=list)
    strip_metadata: bool = True


@dataclass
class SubmittedReport:
    report: Report
    receipt: str


def acknowledge_due_for(received_on: date) -> date:
    return add_period(received_on, days=ACKNOWLEDGE_DAYS)


def feedback_due_for(acknowledged_on: date | None, acknowledge_due: date) -> date:
    """Three months from the acknowledgement, or from the end of the seven days when none
    was sent in time (directive art. 9(1)(f)): a late acknowledgement buys no time."""
    start = min(acknowledged_on, acknowledge_due) if acknowledged_on else acknowledge_due
    return add_period(start, months=FEEDBACK_MONTHS)


def validate(data: ReportInput, *, trusted: bool = False) -> tuple[list[CheckedFile], list[Employee], Employee | None]:
    """Check everything before anything is stored; raise one ValidationError per field.

    From the public channel (``trusted`` false) employee numbers are the reporter's own
    words: the answer never depends on whether a number exists (no oracle), the known
    ones among the people named are kept away from the report (independence only widens
    who is excluded), and no number protects anyone until a handler confirms it
    (``protect_reporter``), so the form is no lever on the register of measures."""
    errors: dict[str, list[str]] = {}
    if not (data.description or "").strip():
        errors["description"] = [_("Describe what happened.")]
    for name in ("description", "happened_when", "happened_where", "involved"):
        if len(getattr(data, name) or "") > MAX_TEXT:
            errors.setdefault(name, []).append(_("Keep this under %(n)d characters.") % {"n": MAX_TEXT})
    if data.anonymity not in Anonymity.values:
        errors["anonymity"] = [_("Choose how you want to be known: open, confidential or anonymous.")]
    if data.category not in Category.values:
        errors["category"] = [_("Choose one of the categories.")]
    if data.anonymity == Anonymity.ANONYMOUS:
        given = [
            f
            for f in ("reporter_name", "reporter_email", "reporter_phone", "reporter_employee_number")
            if (getattr(data, f) or "").strip()
        ]
        for f in given:
            errors[f] = [_("An anonymous report carries no name or contact details: leave this empty.")]
    elif data.anonymity in (Anonymity.OPEN, Anonymity.CONFIDENTIAL) and not (data.reporter_name or "").strip():
        errors["reporter_name"] = [_("Give your name, or choose to report anonymously.")]
    for name in ("reporter_name", "reporter_email", "reporter_phone", "reporter_employee_number"):
        if len(getattr(data, name) or "") > MAX_IDENTITY:
            errors.setdefault(name, []).append(_("Keep this under %(n)d characters.") % {"n": MAX_IDENTITY})
    email = (data.reporter_email or "").strip()
    if email and "reporter_email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors["reporter_email"] = [_("Enter an e-mail address such as name@example.org, or leave this empty.")]
    numbers = [n.strip() for n in data.involved_employees if n and n.strip()]
    if len(numbers) > MAX_NAMED or any(len(n) > MAX_IDENTITY for n in numbers):
        errors["involved_employees"] = [_("Give at most %(n)d employee numbers.") % {"n": MAX_NAMED}]
        numbers = []
    named = list(Employee.objects.filter(number__in=numbers))
    reporter = None
    if trusted:
        # A handler chose these from the register: an unknown one is a mistake to show.
        if (data.reporter_employee_number or "").strip() and data.anonymity != Anonymity.ANONYMOUS:
            reporter = Employee.objects.filter(number=data.reporter_employee_number.strip()).first()
            if reporter is None:
                errors["reporter_employee_number"] = [_("No employee has this number.")]
        unknown = sorted(set(numbers) - {e.number for e in named})
        if unknown:
            errors["involved_employees"] = [_("Unknown employee numbers: %s.") % ", ".join(unknown)]
    from django.conf import settings

    files = []
    if len(data.attachments) > settings.WHISTLE_MAX_ATTACHMENTS:
        errors["attachments"] = [_("Attach at most %(n)d files.") % {"n": settings.WHISTLE_MAX_ATTACHMENTS}]
    else:
        for upload in data.attachments:
            try:
                files.append(check_file(upload.name, upload.data, strip=data.strip_metadata))
            except AttachmentError as exc:
                errors.setdefault("attachments", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    return files, named, reporter


def _new_reference() -> str:
    year = timezone.localdate().year
    return f"M-{year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def submit_report(data: ReportInput, *, channel: str = Channel.WEB, recorded_by=None) -> SubmittedReport:
    """Store a new report, encrypted, and return it with the reporter's receipt."""
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Choose how the report came in: web, API, phone or meeting.")]})
    if channel in (Channel.PHONE, Channel.MEETING):
        require_role(recorded_by, Role.REPORT_HANDLER)
    trusted = channel in (Channel.PHONE, Channel.MEETING)
    files, named, reporter = validate(data, trusted=trusted)
    now = timezone.now()
    received_on = timezone.localdate(now)
    ack_due = acknowledge_due_for(received_on)
    report_key = crypto.new_report_key()
    receipt = crypto.new_receipt()
    lookup, reporter_key = crypto.receipt_secrets(receipt)
    content = {
        "description": data.description.strip(),
        "happened_when": data.happened_when.strip(),
        "happened_where": data.happened_where.strip(),
        "involved": data.involved.strip(),
        # As the reporter typed them; the known ones are also NamedPerson rows.
        "involved_employees": [n.strip() for n in data.involved_employees if n and n.strip()],
    }
    identity = None
    if data.anonymity != Anonymity.ANONYMOUS:
        identity = {
            "name": data.reporter_name.strip(),
            "email": data.reporter_email.strip(),
            "phone": data.reporter_phone.strip(),
            # The reporter's claim, as typed; it protects nobody until a handler confirms it.
            "employee_number": (data.reporter_employee_number or "").strip(),
        }
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    report = Report.objects.create(
                        reference=_new_reference(),
                        received_at=now,
                        channel=channel,
                        anonymity=data.anonymity,
                        category=data.category,
                        acknowledge_due=ack_due,
                        feedback_due=feedback_due_for(None, ack_due),
                        receipt_hash=lookup,
                        reporter_key_box=crypto.encrypt(reporter_key, report_key),
                        content_box=crypto.encrypt_json(report_key, content),
                        identity_box=crypto.encrypt_json(report_key, identity) if identity else None,
                        recorded_by=recorded_by,
                    )
                    break
            except IntegrityError:  # a reference (or, vanishingly rarely, a receipt) taken twice
                receipt = crypto.new_receipt()
                lookup, reporter_key = crypto.receipt_secrets(receipt)
        else:  # pragma: no cover - five collisions in a row do not happen
            raise RuntimeError("could not allocate a reference")
        for employee in named:
            NamedPerson.objects.create(report=report, employee=employee, role=NamedPerson.Role.CONCERNED)
        if reporter is not None:  # an oral report: the recording handler chose the employee
            from .retaliation import flag_pending_measures  # retaliation imports this module

            protection.protect(
                report=report, employee=reporter, role=ProtectedPerson.Role.REPORTER, report_key=report_key
            )
            flag_pending_measures(employee=reporter, since=received_on)
            audit.record(
                actor=recorded_by,
                action="whistle.reporter.protected",
                obj=report,
                data={"source": "chosen by the handler"},
            )
        for checked in files:
            Attachment.objects.create(
                report=report,
                name_box=crypto.encrypt(report_key, checked.name),
                content_type=checked.content_type,
                size=len(checked.data),
                metadata_stripped=checked.metadata_stripped,
                data_box=crypto.encrypt(report_key, checked.data),
            )
        share_with_handlers(report, report_key)
        audit.record(
            actor=recorded_by or "reporter",
            action="whistle.report.received",
            obj=report,
            data={"channel": channel, "anonymity": data.anonymity, "attachments": len(files)},
        )
    return SubmittedReport(report=report, receipt=receipt)


def share_with_handlers(report: Report, report_key: bytes) -> int:
    """Seal the report key for every handler and integrity officer it may reach (one insert
    for all of them: the report is new, so none holds a key yet)."""
    keys = [
        ReportKey(report=report, user=user, sealed_key=crypto.seal(bytes(user.whistle_keys.public_key), report_key))
        for user in eligible_handlers(report).select_related("whistle_keys")
    ]
    ReportKey.objects.bulk_create(keys, ignore_conflicts=True)
    return len(keys)
