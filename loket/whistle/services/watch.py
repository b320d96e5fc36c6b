"""The deadline watch: reminders before a deadline, and escalation when one passes.

Run daily (``loket whistle check-deadlines``, or the task of the same name on the
worker). A deadline that passes without its step is escalated to the integrity officer
and to a manager outside the line of anyone named, and the breach stays on record.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.deadlines import add_working_days
from ...core.org_models import Employee, OrgUnit
from ...core.roles import Role
from ..models import Assignment, DeadlineBreach, Reminder, Report, ReportKey, Stage
from ..selectors import excluded_user_ids


@dataclass
class WatchResult:
    reminders: int = 0
    breaches: int = 0
    escalated_to: list[str] = field(default_factory=list)


def managers_outside_line(report: Report) -> list:
    """Managers (as users) not named in the report and above none of those named, the
    most senior first."""
    excluded = excluded_user_ids(report)
    managers = Employee.objects.filter(managed_units__isnull=False, user__isnull=False, user__is_active=True)\
        .exclude(user_id__in=excluded).select_related("user", "unit").distinct()

    def depth(employee) -> int:
        unit = OrgUnit.objects.filter(manager=employee).first()
        return len(list(unit.ancestors())) if unit else 99
    return [e.user for e in sorted(managers, key=lambda e: (depth(e), e.name))]


def escalation_recipients(report: Report) -> list:
    User = get_user_model()
    excluded = excluded_user_ids(report)
    officers = list(User.objects.filter(groups__name=Role.INTEGRITY_OFFICER, is_active=True)
                    .exclude(pk__in=excluded).distinct())
    outside = managers_outside_line(report)
    return officers + [m for m in outside[:1] if m not in officers]


def _responsible(report: Report) -> list:
    User = get_user_model()
    assigned = Assignment.objects.filter(report=report).values("user_id")
    users = User.objects.filter(pk__in=assigned)
    if not users.exists():
        users = User.objects.filter(pk__in=ReportKey.objects.filter(report=report).values("user_id"),
                                    groups__name=Role.REPORT_HANDLER)
    return list(users.distinct())


def _pending(report: Report):
    if report.acknowledged_at is None:
        yield DeadlineBreach.Kind.ACKNOWLEDGE, report.acknowledge_due
    if report.feedback_sent_at is None:
        yield DeadlineBreach.Kind.FEEDBACK, report.feedback_due


def check_deadlines(*, today: date | None = None, remind_working_days: int | None = None) -> WatchResult:
    from django.conf import settings

    today = today or timezone.localdate()
    days = settings.WHISTLE_REMIND_DAYS_BEFORE if remind_working_days is None else remind_working_days
    result = WatchResult()
    open_reports = Report.objects.exclude(stage=Stage.CLOSED).filter(content_deleted_at__isnull=True)
    for report in open_reports.iterator():
        for kind, due in _pending(report):
            if due < today:
                _escalate(report, kind, due, result)
            elif add_working_days(today, days) >= due:
                _remind(report, kind, due, today, result)
    return result


def _remind(report, kind, due, today, result: WatchResult) -> None:
    with transaction.atomic():
        _obj, created = Reminder.objects.get_or_create(report=report, kind=kind, due=due,
                                                       defaults={"sent_at": timezone.now()})
        if not created:
            return
        recipients = [u.email for u in _responsible(report) if u.email]
        label = DeadlineBreach.Kind(kind).label
        if recipients:
            send_mail(_("Reminder: %(step)s due for report %(ref)s") % {"step": label, "ref": report.reference},
                      _("The %(step)s for report %(ref)s is due on %(due)s.") % {"step": label, "ref": report.reference, "due": due},
                      None, recipients)
        audit.record(actor="system", action="whistle.deadline.reminder", obj=report, data={"kind": kind, "due": due})
        result.reminders += 1


def _escalate(report, kind, due, result: WatchResult) -> None:
    with transaction.atomic():
        if DeadlineBreach.objects.filter(report=report, kind=kind).exists():
            return
        breach = DeadlineBreach.objects.create(report=report, kind=kind, due=due, detected_at=timezone.now())
        recipients = escalation_recipients(report)
        breach.escalated_to.set(recipients)
        label = DeadlineBreach.Kind(kind).label
        emails = [u.email for u in recipients if u.email]
        if emails:
            send_mail(_("Deadline missed: %(step)s for report %(ref)s") % {"step": label, "ref": report.reference},
                      _("The %(step)s for report %(ref)s was due on %(due)s and has not been done. "
                        "The breach is on record; please see that the report is handled.") % {
                          "step": label, "ref": report.reference, "due": due},
                      None, emails)
        audit.record(actor="system", action="whistle.deadline.breached", obj=report,
                     data={"kind": kind, "due": due, "escalated_to": [u.get_username() for u in recipients]})
        result.breaches += 1
        result.escalated_to.extend(u.get_username() for u in recipients)
