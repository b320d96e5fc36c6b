"""The redacted export of a report for oversight (geanonimiseerde rapportage).

The report, its deadlines, its allegations with their findings and the feedback sent, in
which every person is replaced by their role: the reporter, the persons named (numbered
per role), the handlers, and anyone else from the organisation chart. A list says what was
replaced, how often and by which label, and never the name. Every export is a read of
the report and is written to the audit log (``whistle.report.exported``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import audit
from ..core.org_models import Employee
from ..core.roles import Role, require_role
from . import crypto, protection
from .keyring import Keyring
from .models import Allegation, Assignment, DeadlineBreach, Message, NamedPerson, ProtectedPerson, Report, ReportKey
from .redaction import Person, Redaction, Redactor
from .selectors import can_see

EXPORT_ROLES = (Role.INTEGRITY_OFFICER, Role.REPORT_HANDLER)
FORMATS = ("page", "html", "pdf")


@dataclass
class DeadlineStatus:
    step: str
    due: date
    done_on: date | None
    state: str  # met | late | breached | pending
    state_label: str

    @property
    def breached(self) -> bool:
        return self.state in ("late", "breached")


@dataclass
class AllegationExport:
    number: int
    summary: str
    outcome: str
    outcome_label: str
    reasons: str
    decided_on: date | None


@dataclass
class FeedbackExport:
    sent_on: date
    body: str


@dataclass
class RedactedExport:
    reference: str
    category: str
    channel: str
    anonymity: str
    stage: str
    received_on: date
    closed_on: date | None
    exported_on: date
    deadlines: list[DeadlineStatus]
    description: str
    happened_when: str
    allegations: list[AllegationExport] = field(default_factory=list)
    feedback: list[FeedbackExport] = field(default_factory=list)
    redactions: list[Redaction] = field(default_factory=list)

    @property
    def redaction_total(self) -> int:
        return sum(r.occurrences for r in self.redactions)


# --- who is who ------------------------------------------------------------------------


def _user_names(user) -> list[str]:
    names = [user.get_full_name(), user.first_name, user.last_name]
    employee = getattr(user, "employee", None)
    if employee is not None:
        names.append(employee.name)
    return [n for n in names if n and n.strip()]


def _employee_person(employee: Employee, **kwargs) -> Person:
    return Person(names=[employee.name], emails=[employee.email], numbers=[employee.number], **kwargs)


def people_for(report: Report, identity: dict | None, key: bytes | None = None) -> list[Person]:
    """Everyone the export must not name, most closely tied to the report first."""
    people: list[Person] = []
    known_employees: set[int] = set()
    reporter = Person(kind=_("reporter"), priority=0, label="[{}]".format(_("reporter")))
    if identity:
        reporter.names.append(identity.get("name") or "")
        reporter.emails.append(identity.get("email") or "")
        reporter.phones.append(identity.get("phone") or "")
        reporter.numbers.append(identity.get("employee_number") or "")
    reporter_employees = [
        p["employee"]
        for p in (protection.persons_of(report, key) if key else [])
        if p["role"] == ProtectedPerson.Role.REPORTER and p["employee"] is not None
    ]
    for employee in reporter_employees:
        known_employees.add(employee.pk)
        reporter.names.append(employee.name)
        reporter.emails.append(employee.email)
        reporter.numbers.append(employee.number)
    people.append(reporter)

    prefixes = {
        NamedPerson.Role.CONCERNED: _("person concerned"),
        NamedPerson.Role.WITNESS: _("witness"),
        NamedPerson.Role.FACILITATOR: _("helper"),
    }
    numbering: dict[str, int] = {}
    for named in report.named_persons.select_related("employee").order_by("pk"):
        if named.employee_id in known_employees:
            continue
        known_employees.add(named.employee_id)
        numbering[named.role] = numbering.get(named.role, 0) + 1
        prefix = prefixes.get(named.role, _("person concerned"))
        people.append(
            _employee_person(named.employee, kind=prefix, priority=1, label=f"[{prefix} {numbering[named.role]}]")
        )

    user_ids = set(Assignment.objects.filter(report=report).values_list("user_id", flat=True))
    user_ids |= set(ReportKey.objects.filter(report=report).values_list("user_id", flat=True))
    user_ids |= set(Message.objects.filter(report=report, author__isnull=False).values_list("author_id", flat=True))
    user_ids |= set(
        Allegation.objects.filter(report=report, decided_by__isnull=False).values_list("decided_by_id", flat=True)
    )
    if report.recorded_by_id:
        user_ids.add(report.recorded_by_id)
    handler_label = "[{}]".format(_("handler"))
    for user in get_user_model().objects.filter(pk__in=user_ids).select_related("employee"):
        person = Person(
            kind=_("handler"), priority=2, label=handler_label, names=_user_names(user), emails=[user.email]
        )
        employee = getattr(user, "employee", None)
        if employee is not None:
            if employee.pk in known_employees:
                continue
            known_employees.add(employee.pk)
            person.emails.append(employee.email)
            person.numbers.append(employee.number)
        people.append(person)

    others = Employee.objects.exclude(pk__in=known_employees).only("pk", "name", "email", "number")
    people.extend(
        _employee_person(e, kind=_("employee"), priority=3, parts_need_capital=True, number_prefix=_("employee"))
        for e in others.iterator()
    )
    return people


def _redactor(report: Report, identity: dict | None, key: bytes | None = None) -> Redactor:
    return Redactor(
        people_for(report, identity, key),
        generic_email_label="[{}]".format(_("e-mail address")),
        generic_email_kind=_("e-mail address"),
        generic_name_label="[{}]".format(_("name")),
        what_labels={
            "name": _("name"),
            "name part": _("part of a name"),
            "e-mail address": _("e-mail address"),
            "phone number": _("phone number"),
            "employee number": _("employee number"),
        },
    )


# --- the export --------------------------------------------------------------------------


def _deadline(step: str, due: date, done_at, breached: bool, today: date) -> DeadlineStatus:
    done_on = timezone.localdate(done_at) if done_at else None
    if done_on is not None:
        state = "met" if done_on <= due and not breached else "late"
    elif breached or due < today:
        state = "breached"
    else:
        state = "pending"
    labels = {
        "met": _("met"),
        "late": _("breached: done after the deadline"),
        "breached": _("breached: not done"),
        "pending": _("not yet due"),
    }
    return DeadlineStatus(step=step, due=due, done_on=done_on, state=state, state_label=labels[state])


def guard_report(report: Report, user) -> None:
    require_role(user, *EXPORT_ROLES)
    if not can_see(user, report):
        raise Http404()
    if report.content_deleted_at is not None:
        raise ValidationError(_("This report's file was deleted by a retention decision; there is nothing to export."))


def export_report(*, report: Report, user, keyring: Keyring, fmt: str = "page") -> RedactedExport:
    """Build the redacted export of ``report`` for ``user`` and log it. Raises
    ``crypto.LockedError`` when the user's key is not unlocked in this session."""
    guard_report(report, user)
    if fmt not in FORMATS:
        raise ValidationError({"format": [_("Choose HTML or PDF.")]})
    key = keyring.report_key(report)
    content = crypto.decrypt_json(key, report.content_box)
    identity = crypto.decrypt_json(key, report.identity_box) if report.identity_box is not None else None
    redactor = _redactor(report, identity, key)
    today = timezone.localdate()
    breaches = set(DeadlineBreach.objects.filter(report=report).values_list("kind", flat=True))
    deadlines = [
        _deadline(
            _("acknowledgement of receipt"),
            report.acknowledge_due,
            report.acknowledged_at,
            DeadlineBreach.Kind.ACKNOWLEDGE in breaches,
            today,
        ),
        _deadline(
            _("feedback to the reporter"),
            report.feedback_due,
            report.feedback_sent_at,
            DeadlineBreach.Kind.FEEDBACK in breaches,
            today,
        ),
    ]
    description = redactor.redact(content.get("description", ""))
    happened_when = redactor.redact(content.get("happened_when", ""))
    allegations = [
        AllegationExport(
            number=a.number,
            summary=redactor.redact(crypto.decrypt_text(key, a.summary_box)),
            outcome=a.outcome,
            outcome_label=str(a.get_outcome_display()),
            reasons=redactor.redact(crypto.decrypt_text(key, a.reasons_box)) if a.reasons_box else "",
            decided_on=timezone.localdate(a.decided_at) if a.decided_at else None,
        )
        for a in report.allegations.order_by("number")
    ]
    feedback = [
        FeedbackExport(
            sent_on=timezone.localdate(m.created_at), body=redactor.redact(crypto.decrypt_text(key, m.body_box))
        )
        for m in report.messages.filter(kind=Message.Kind.FEEDBACK).order_by("created_at", "pk")
    ]
    export = RedactedExport(
        reference=report.reference,
        category=str(report.get_category_display()),
        channel=str(report.get_channel_display()),
        anonymity=str(report.get_anonymity_display()),
        stage=str(report.get_stage_display()),
        received_on=timezone.localdate(report.received_at),
        closed_on=timezone.localdate(report.closed_at) if report.closed_at else None,
        exported_on=today,
        deadlines=deadlines,
        description=description,
        happened_when=happened_when,
        allegations=allegations,
        feedback=feedback,
        redactions=redactor.redactions(),
    )
    with transaction.atomic():
        audit.record(
            actor=user,
            action="whistle.report.exported",
            obj=report,
            data={
                "format": fmt,
                "redactions": export.redaction_total,
                "labels": sorted({r.label for r in export.redactions}),
            },
        )
    return export
