"""The deadline watch: reminders before a deadline, and escalation when one passes.

Run daily (``loket whistle check-deadlines``, or the task of the same name on the
worker). A deadline that passes without its step is escalated to the integrity officer
and to a manager outside the line of anyone named, and the breach stays on record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.deadlines import add_working_days
from ...core.org_models import Employee, OrgUnit
from ...core.roles import Role
from ..models import Assignment, DeadlineBreach, Reminder, Report, ReportKey, Stage
from ..selectors import employees_below, excluded_user_ids


@dataclass
class WatchResult:
    checked: int = 0
    reminders: int = 0
    breaches: int = 0
    escalated_to: list[str] = field(default_factory=list)


def managers_outside_line(report: Report) -> list:
    """Managers (as users) outside the line of everyone named: not named themselves, above
    none of those named and below none of them either (a subordinate of the person concerned
    is no independent escalation). The most senior first."""
    excluded = excluded_user_ids(report)
    named = list(Employee.objects.filter(pk__in=report.named_persons.values("employee_id")))
    below_named: set[int] = set()
    for employee in named:
        below_named |= employees_below(employee)
    managers = (
        Employee.objects.filter(managed_units__isnull=False, user__isnull=False, user__is_active=True)
        .exclude(user_id__in=excluded)
        .exclude(pk__in=below_named)
        .select_related("user", "unit")
        .distinct()
    )

    def depth(employee) -> int:
        unit = OrgUnit.objects.filter(manager=employee).first()
        return len(list(unit.ancestors())) if unit else 99

    return [e.user for e in sorted(managers, key=lambda e: (depth(e), e.name))]


def escalation_recipients(report: Report) -> list:
    """The integrity officers not kept away from the report, and the most senior manager
    outside the line of everyone named who is not one of those officers."""
    User = get_user_model()
    excluded = excluded_user_ids(report)
    officers = list(
        User.objects.filter(groups__name=Role.INTEGRITY_OFFICER, is_active=True).exclude(pk__in=excluded).distinct()
    )
    manager = next((m for m in managers_outside_line(report) if m not in officers), None)
    return officers + ([manager] if manager is not None else [])


def _responsible(report: Report) -> list:
    """Who is reminded: the handlers assigned to the report (acknowledging and answering
    the reporter are theirs, not an investigator's), else every handler who holds its key."""
    User = get_user_model()
    assigned = Assignment.objects.filter(report=report, role=Assignment.Role.HANDLER).values("user_id")
    users = User.objects.filter(pk__in=assigned, is_active=True)
    if not users.exists():
        users = User.objects.filter(
            pk__in=ReportKey.objects.filter(report=report).values("user_id"),
            groups__name=Role.REPORT_HANDLER,
            is_active=True,
        )
    return list(users.distinct())


def _pending(report: Report):
    if report.acknowledged_at is None:
        yield DeadlineBreach.Kind.ACKNOWLEDGE, report.acknowledge_due
    if report.feedback_sent_at is None:
        yield DeadlineBreach.Kind.FEEDBACK, report.feedback_due


def reports_to_watch(today: date, horizon: date):
    """Open reports with a step still pending whose due date is on or before ``horizon``."""
    pending = Q(acknowledged_at__isnull=True, acknowledge_due__lte=horizon) | Q(
        feedback_sent_at__isnull=True, feedback_due__lte=horizon
    )
    return (
        Report.objects.exclude(stage=Stage.CLOSED)
        .filter(content_deleted_at__isnull=True)
        .filter(pending)
        .order_by("pk")
    )


def check_deadlines(
    *,
    today: date | None = None,
    remind_working_days: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> WatchResult:
    """Remind before a deadline (once per deadline) and escalate one that passed (once).

    ``progress(done, total)`` is called after each report, for the command's output."""
    from django.conf import settings

    today = today or timezone.localdate()
    days = settings.WHISTLE_REMIND_DAYS_BEFORE if remind_working_days is None else remind_working_days
    horizon = add_working_days(today, days)
    result = WatchResult()
    reports = list(reports_to_watch(today, horizon))
    result.checked = len(reports)
    for done, report in enumerate(reports, start=1):
        for kind, due in _pending(report):
            if due < today:
                _escalate(report, kind, due, result)
            elif horizon >= due:
                _remind(report, kind, due, today, result)
        if progress is not None:
            progress(done, len(reports))
    return result


def _remind(report, kind, due, today, result: WatchResult) -> None:
    with transaction.atomic():
        _obj, created = Reminder.objects.get_or_create(
            report=report, kind=kind, due=due, defaults={"sent_at": timezone.now()}
        )
        if not created:
            return
        recipients = [u.email for u in _responsible(report) if u.email]
        label = DeadlineBreach.Kind(kind).label
        if recipients:
            send_mail(
                _("Reminder: %(step)s due for report %(ref)s") % {"step": label, "ref": report.reference},
                _("The %(step)s for report %(ref)s is due on %(due)s.")
                % {"step": label, "ref": report.reference, "due": due},
                None,
                recipients,
            )
        audit.record(actor="system", action="whistle.deadline.reminder", obj=report, data={"kind": kind, "due": due})
        result.reminders += 1


def record_late_step(report: Report, kind: str, due: date, done_on: date) -> bool:
    """A step taken after its deadline before the watch noticed (it runs once a day): the
    breach goes on record and is escalated all the same. True when a breach was recorded."""
    result = WatchResult()
    _escalate(report, kind, due, result, done_on=done_on)
    return result.breaches > 0


def _escalate(report, kind, due, result: WatchResult, *, done_on: date | None = None) -> None:
    with transaction.atomic():
        if DeadlineBreach.objects.filter(report=report, kind=kind).exists():
            return
        try:
            with transaction.atomic():  # a second watch running at the same moment loses here
                breach = DeadlineBreach.objects.create(report=report, kind=kind, due=due, detected_at=timezone.now())
        except IntegrityError:
            return
        recipients = escalation_recipients(report)
        breach.escalated_to.set(recipients)
        label = DeadlineBreach.Kind(kind).label
        emails = [u.email for u in recipients if u.email]
        if emails:
            facts = {"step": label, "ref": report.reference, "due": due, "done": done_on}
            if done_on is None:
                body = (
                    _(
                        "The %(step)s for report %(ref)s was due on %(due)s and has not been done. "
                        "The breach is on record; please see that the report is handled."
                    )
                    % facts
                )
            else:
                body = (
                    _(
                        "The %(step)s for report %(ref)s was due on %(due)s and was done late, on %(done)s. "
                        "The breach is on record."
                    )
                    % facts
                )
            send_mail(_("Deadline missed: %(step)s for report %(ref)s") % facts, body, None, emails)
        audit.record(
            actor="system",
            action="whistle.deadline.breached",
            obj=report,
            data={
                "kind": kind,
                "due": due,
                "done_late_on": done_on,
                "escalated_to": [u.get_username() for u in recipients],
            },
        )
        result.breaches += 1
        result.escalated_to.extend(u.get_username() for u in recipients)
