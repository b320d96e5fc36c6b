"""What handlers do with a report: read it, acknowledge it, assign it, ask the reporter
questions, split it into allegations and record findings, send feedback and close it. Each
function checks the caller's role and independence itself (``guard_report``, also used by
``persons``, which names the people in a report and protects them)."""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.roles import Role, has_role, require_role
from .. import crypto, protection
from ..keyring import Keyring
from ..models import (
    Allegation,
    Anonymity,
    Assignment,
    DeadlineBreach,
    Message,
    ProtectedPerson,
    Report,
    ReportKey,
    Stage,
)
from ..selectors import can_see, excluded_user_ids
from .intake import MAX_TEXT, feedback_due_for
from .reporter import messages_for
from .watch import record_late_step

HANDLING_ROLES = (Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER, Role.INVESTIGATOR)
STEERING_ROLES = (Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER)


def guard_report(user, report: Report, roles=HANDLING_ROLES) -> None:
    """Roles first, then independence; a conflicted user gets a 404, as for no report."""
    require_role(user, *roles)
    if not can_see(user, report):
        raise Http404()
    if report.content_deleted_at is not None:
        raise ValidationError(_("This report's file was deleted by a retention decision."))


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [_("This field is required.")]})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: [_("Keep this under %(n)d characters.") % {"n": MAX_TEXT}]})
    return value


@dataclass
class ReportFile:
    report: Report
    content: dict
    messages: list
    allegations: list[dict]
    attachments: list[dict]
    identity_on_file: bool
    # Files the reporter sent with a message, by message id, so a handler can open them.
    message_attachments: dict[int, list[dict]] = dataclass_field(default_factory=dict)
    # Who is protected against retaliation; a reporter who is not open is listed without
    # a name (their identity is shown only through ``reveal_identity``).
    protected: list[dict] = dataclass_field(default_factory=list)


def _protected_for_file(report: Report, keyring: Keyring, key: bytes) -> list[dict]:
    protection.open_carried_over(report, keyring, key)
    persons = protection.persons_of(report, key)
    if report.anonymity != Anonymity.OPEN:
        for person in persons:
            if person["role"] == ProtectedPerson.Role.REPORTER:
                person["employee"] = None
    return persons


def read_report(*, report: Report, user, keyring: Keyring) -> ReportFile:
    """Open the report for a handler; every read is logged."""
    guard_report(user, report)
    key = keyring.report_key(report)
    with transaction.atomic():
        audit.record(actor=user, action="whistle.report.read", obj=report)
    message_attachments: dict[int, list[dict]] = {}
    for a in report.attachments.filter(message__isnull=False).order_by("pk"):
        message_attachments.setdefault(a.message_id, []).append(
            {
                "pk": a.pk,
                "name": crypto.decrypt_text(key, a.name_box),
                "size": a.size,
                "content_type": a.content_type,
                "metadata_stripped": a.metadata_stripped,
            }
        )
    return ReportFile(
        report=report,
        content=crypto.decrypt_json(key, report.content_box),
        messages=messages_for(report, key),
        allegations=[
            {
                "pk": a.pk,
                "number": a.number,
                "summary": crypto.decrypt_text(key, a.summary_box),
                "outcome": a.outcome,
                "outcome_label": a.get_outcome_display(),
                "reasons": crypto.decrypt_text(key, a.reasons_box) if a.reasons_box else "",
            }
            for a in report.allegations.all()
        ],
        attachments=[
            {
                "pk": a.pk,
                "name": crypto.decrypt_text(key, a.name_box),
                "size": a.size,
                "content_type": a.content_type,
                "metadata_stripped": a.metadata_stripped,
            }
            for a in report.attachments.filter(message__isnull=True)
        ],
        identity_on_file=report.identity_box is not None,
        message_attachments=message_attachments,
        protected=_protected_for_file(report, keyring, key),
    )


def read_attachment(*, report: Report, user, keyring: Keyring, attachment_id: int) -> tuple[str, str, bytes]:
    guard_report(user, report)
    attachment = report.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404()
    key = keyring.report_key(report)
    with transaction.atomic():
        audit.record(actor=user, action="whistle.attachment.read", obj=report, data={"attachment": attachment.pk})
    return (
        crypto.decrypt_text(key, attachment.name_box),
        attachment.content_type,
        crypto.decrypt(key, attachment.data_box),
    )


def reveal_identity(*, report: Report, user, keyring: Keyring, reason: str) -> dict:
    """A confidential reporter's identity, shown only on a recorded reason; each view logged."""
    guard_report(user, report, STEERING_ROLES)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": [_("Record why you need to see the reporter's identity.")]})
    if report.identity_box is None:
        raise ValidationError({"reason": [_("This reporter is anonymous: there is no identity on file.")]})
    key = keyring.report_key(report)
    identity = crypto.decrypt_json(key, report.identity_box)
    reporters = [
        p["employee"]
        for p in protection.persons_of(report, key)
        if p["role"] == ProtectedPerson.Role.REPORTER and p["employee"] is not None
    ]
    identity["protected_as"] = ", ".join(f"{e.name} ({e.number})" for e in reporters)
    with transaction.atomic():
        audit.record(actor=user, action="whistle.identity.viewed", obj=report, reason=reason)
    return identity


def _post(report: Report, user, key: bytes, kind: str, body: str) -> Message:
    return Message.objects.create(
        report=report,
        author=user,
        kind=kind,
        from_reporter=False,
        body_box=crypto.encrypt(key, body),
        created_at=timezone.now(),
    )


DEFAULT_ACKNOWLEDGEMENT = (
    "Wij hebben uw melding ontvangen en behandelen haar vertrouwelijk. / "
    "We have received your report and handle it in confidence."
)


def acknowledge(*, report: Report, user, keyring: Keyring, body: str = "") -> Report:
    """Acknowledge receipt to the reporter (within 7 days, directive art. 9(1)(b))."""
    guard_report(user, report, STEERING_ROLES)
    if report.acknowledged_at is not None:
        raise ValidationError(_("This report was already acknowledged."))
    key = keyring.report_key(report)
    now = timezone.now()
    with transaction.atomic():
        _post(
            report,
            user,
            key,
            Message.Kind.ACKNOWLEDGEMENT,
            _text(body, "body", required=False) or DEFAULT_ACKNOWLEDGEMENT,
        )
        report.acknowledged_at = now
        report.feedback_due = feedback_due_for(timezone.localdate(now), report.acknowledge_due)
        report.stage = Stage.ACKNOWLEDGED
        report.save(update_fields=["acknowledged_at", "feedback_due", "stage"])
        audit.record(
            actor=user, action="whistle.report.acknowledged", obj=report, data={"feedback_due": report.feedback_due}
        )
        if timezone.localdate(now) > report.acknowledge_due:
            record_late_step(report, DeadlineBreach.Kind.ACKNOWLEDGE, report.acknowledge_due, timezone.localdate(now))
    return report


def send_message(*, report: Report, user, keyring: Keyring, body: str, question: bool = False) -> Message:
    guard_report(user, report)
    if report.closed_at is not None:
        raise ValidationError(_("This report is closed."))
    body = _text(body, "body")
    with transaction.atomic():
        message = _post(
            report, user, keyring.report_key(report), Message.Kind.QUESTION if question else Message.Kind.MESSAGE, body
        )
        audit.record(actor=user, action="whistle.message.to_reporter", obj=report, data={"question": question})
    return message


def assign(*, report: Report, user, keyring: Keyring, assignee, role: str = Assignment.Role.HANDLER) -> Assignment:
    """Assign a handler or investigator; nobody named, nor a manager above them, can be."""
    guard_report(user, report, STEERING_ROLES)
    if role not in Assignment.Role.values:
        raise ValidationError({"role": [_("Choose a role.")]})
    needed = Role.INVESTIGATOR if role == Assignment.Role.INVESTIGATOR else Role.REPORT_HANDLER
    if not has_role(assignee, needed, Role.INTEGRITY_OFFICER):
        raise ValidationError({"assignee": [_("This person does not have the role needed.")]})
    if assignee.pk in excluded_user_ids(report):
        raise ValidationError(
            {
                "assignee": [
                    _("This person is named in the report or manages someone who is, and cannot be assigned to it.")
                ]
            }
        )
    pair = getattr(assignee, "whistle_keys", None)
    if pair is None:
        raise ValidationError(
            {"assignee": [_("This person has not signed in yet, so has no key to share the report with.")]}
        )
    key = keyring.report_key(report)
    with transaction.atomic():
        assignment, _created = Assignment.objects.get_or_create(report=report, user=assignee, defaults={"role": role})
        ReportKey.objects.get_or_create(
            report=report, user=assignee, defaults={"sealed_key": crypto.seal(bytes(pair.public_key), key)}
        )
        if report.stage == Stage.ACKNOWLEDGED:
            report.stage = Stage.INVESTIGATING
            report.save(update_fields=["stage"])
        audit.record(
            actor=user,
            action="whistle.report.assigned",
            obj=report,
            data={"assignee": assignee.get_username(), "role": role},
        )
    return assignment


def add_allegation(*, report: Report, user, keyring: Keyring, summary: str) -> Allegation:
    guard_report(user, report)
    if report.closed_at is not None:
        raise ValidationError(_("This report is closed."))
    summary = _text(summary, "summary")
    with transaction.atomic():
        number = (report.allegations.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        allegation = Allegation.objects.create(
            report=report, number=number, summary_box=crypto.encrypt(keyring.report_key(report), summary)
        )
        if report.stage in (Stage.RECEIVED, Stage.ACKNOWLEDGED) and report.acknowledged_at:
            report.stage = Stage.INVESTIGATING
            report.save(update_fields=["stage"])
        audit.record(actor=user, action="whistle.allegation.added", obj=report, data={"number": number})
    return allegation


def record_finding(*, allegation: Allegation, user, keyring: Keyring, outcome: str, reasons: str) -> Allegation:
    """Give an allegation its outcome, with reasons: the investigation answers the report."""
    report = allegation.report
    guard_report(user, report)
    if report.closed_at is not None:
        raise ValidationError(_("This report is closed."))
    decided = [o for o in Allegation.Outcome.values if o != Allegation.Outcome.OPEN]
    if outcome not in decided:
        raise ValidationError(
            {"outcome": [_("Choose: substantiated, not substantiated, or could not be established.")]}
        )
    reasons = _text(reasons, "reasons")
    with transaction.atomic():
        allegation.outcome = outcome
        allegation.reasons_box = crypto.encrypt(keyring.report_key(report), reasons)
        allegation.decided_at = timezone.now()
        allegation.decided_by = user
        allegation.save(update_fields=["outcome", "reasons_box", "decided_at", "decided_by"])
        audit.record(
            actor=user,
            action="whistle.allegation.finding",
            obj=report,
            data={"number": allegation.number, "outcome": outcome},
        )
    return allegation


def send_feedback(*, report: Report, user, keyring: Keyring, body: str) -> Report:
    """Tell the reporter what was done and why (within 3 months, directive art. 9(1)(f))."""
    guard_report(user, report, STEERING_ROLES)
    if report.closed_at is not None:
        raise ValidationError(_("This report is closed."))
    if report.acknowledged_at is None:
        raise ValidationError(_("Acknowledge the report before you send feedback."))
    body = _text(body, "body")
    with transaction.atomic():
        _post(report, user, keyring.report_key(report), Message.Kind.FEEDBACK, body)
        first = report.feedback_sent_at is None
        if first:
            report.feedback_sent_at = timezone.now()
        report.stage = Stage.FEEDBACK_SENT
        report.save(update_fields=["feedback_sent_at", "stage"])
        audit.record(actor=user, action="whistle.feedback.sent", obj=report)
        sent_on = timezone.localdate(report.feedback_sent_at)
        if first and sent_on > report.feedback_due:
            record_late_step(report, DeadlineBreach.Kind.FEEDBACK, report.feedback_due, sent_on)
    return report


def close_report(*, report: Report, user, reason: str = "") -> Report:
    """Close a report: only after feedback, and when every allegation has a finding."""
    guard_report(user, report, STEERING_ROLES)
    problems = []
    if report.closed_at is not None:
        problems.append(_("This report is already closed."))
    if report.feedback_sent_at is None:
        problems.append(_("Send the reporter feedback before you close the report."))
    if not report.allegations.exists():
        problems.append(_("Split the report into at least one allegation and record its finding."))
    open_ones = list(report.allegations.filter(outcome=Allegation.Outcome.OPEN).values_list("number", flat=True))
    if open_ones:
        problems.append(_("These allegations have no finding yet: %s.") % ", ".join(str(n) for n in open_ones))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        report.closed_at = timezone.now()
        report.stage = Stage.CLOSED
        report.save(update_fields=["closed_at", "stage"])
        audit.record(actor=user, action="whistle.report.closed", obj=report, reason=reason)
    return report
