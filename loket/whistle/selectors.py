"""Queries of the reporting channel. Every list a member of staff sees goes through
:func:`visible_reports`, so that people named in a report, and their managers, cannot
find out that it exists."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet

from ..core.org_models import Employee, OrgUnit
from ..core.roles import Role, has_role
from .models import Assignment, NamedPerson, Report, Stage


def employees_below(employee: Employee) -> set[int]:
    """Ids of every employee in a unit this employee manages, directly or further down."""
    managed = list(OrgUnit.objects.filter(manager=employee).values_list("pk", flat=True))
    if not managed:
        return set()
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    units, stack = set(), list(managed)
    while stack:
        unit = stack.pop()
        if unit not in units:
            units.add(unit)
            stack.extend(children.get(unit, []))
    return set(Employee.objects.filter(unit__in=units).exclude(pk=employee.pk).values_list("pk", flat=True))


def conflicted_employee_ids(user) -> set[int]:
    """Employees whose being named in a report keeps ``user`` away from it."""
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        return set()
    return {employee.pk} | employees_below(employee)


def excluded_reports(user) -> QuerySet:
    return NamedPerson.objects.filter(employee_id__in=conflicted_employee_ids(user)).values("report_id")


def visible_reports(user) -> QuerySet:
    """Reports ``user`` may know exist: handlers and the integrity officer see all but the
    ones they are conflicted on; investigators see the ones assigned to them."""
    if has_role(user, Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER):
        qs = Report.objects.all()
    elif has_role(user, Role.INVESTIGATOR):
        qs = Report.objects.filter(pk__in=Assignment.objects.filter(user=user).values("report_id"))
    else:
        return Report.objects.none()
    conflicted = conflicted_employee_ids(user)
    if conflicted:
        qs = qs.exclude(pk__in=NamedPerson.objects.filter(employee_id__in=conflicted).values("report_id"))
    return qs


def can_see(user, report: Report) -> bool:
    return visible_reports(user).filter(pk=report.pk).exists()


def excluded_user_ids(report: Report) -> set[int]:
    """Users who may not be assigned to, see or hear of ``report``."""
    named = Employee.objects.filter(pk__in=report.named_persons.values("employee_id")).select_related("unit")
    excluded: set[int] = set()
    for employee in named:
        for person in [employee, *employee.managers_above()]:
            if person.user_id:
                excluded.add(person.user_id)
    return excluded


def eligible_handlers(report: Report | None = None, roles=(Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER)) -> QuerySet:
    """Users of these roles with a key pair, minus those the report keeps away."""
    User = get_user_model()
    qs = User.objects.filter(
        is_active=True, groups__name__in=[str(r) for r in roles], whistle_keys__isnull=False
    ).distinct()
    if report is not None and report.pk:
        qs = qs.exclude(pk__in=excluded_user_ids(report))
    return qs


def handler_queue(user, *, stage: str | None = None, overdue: bool = False, today: date | None = None) -> QuerySet:
    """The handler's list: open reports first by their nearest deadline."""
    qs = visible_reports(user).only(
        "pk",
        "reference",
        "received_at",
        "channel",
        "anonymity",
        "category",
        "stage",
        "acknowledge_due",
        "feedback_due",
        "acknowledged_at",
        "feedback_sent_at",
        "closed_at",
    )
    if stage:
        qs = qs.filter(stage=stage)
    if overdue and today:
        qs = qs.filter(
            Q(acknowledged_at__isnull=True, acknowledge_due__lt=today)
            | Q(feedback_sent_at__isnull=True, feedback_due__lt=today)
        ).exclude(stage=Stage.CLOSED)
    # Open reports (no closed_at) first on every database: PostgreSQL sorts NULLs last.
    return qs.order_by(F("closed_at").asc(nulls_first=True), "feedback_due", "acknowledge_due", "pk")


def next_deadline(report: Report) -> tuple[str, date] | None:
    """The step the report waits for and its due date, or None when none is pending."""
    if report.acknowledged_at is None:
        return "acknowledge", report.acknowledge_due
    if report.feedback_sent_at is None:
        return "feedback", report.feedback_due
    return None
