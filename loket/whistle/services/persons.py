"""Naming the people in a report and protecting them: an employee named in it (whom it
keeps away from the file, or protects as a witness or helper) and the reporter's own
protection against retaliation. Split from ``handling`` because these acts change who may
see the report and whose measures are watched, not the report's stage."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit
from ...core.org_models import Employee
from .. import crypto, protection
from ..keyring import Keyring
from ..models import Assignment, NamedPerson, ProtectedPerson, Report, ReportKey
from ..selectors import excluded_user_ids
from .handling import STEERING_ROLES, guard_report
from .retaliation import flag_pending_measures


def name_person(
    *, report: Report, user, keyring: Keyring, employee, role: str = NamedPerson.Role.CONCERNED
) -> NamedPerson:
    """Record an employee named in the report. Everyone it now keeps away loses access at
    once; witnesses and helpers are protected from the day of the report."""
    guard_report(user, report, STEERING_ROLES)
    if role not in NamedPerson.Role.values:
        raise ValidationError({"role": [_("Choose a role.")]})
    if employee.user_id == user.pk:
        raise PermissionDenied(_("You are named in this report yourself: hand it to another handler."))
    key = keyring.report_key(report) if role != NamedPerson.Role.CONCERNED else None
    with transaction.atomic():
        named, _created = NamedPerson.objects.get_or_create(report=report, employee=employee, defaults={"role": role})
        if key is not None:
            _protect(report, employee, role, key)
        excluded = excluded_user_ids(report)
        removed_keys = ReportKey.objects.filter(report=report, user_id__in=excluded).delete()[0]
        removed_assignments = Assignment.objects.filter(report=report, user_id__in=excluded).delete()[0]
        audit.record(
            actor=user,
            action="whistle.person.named",
            obj=report,
            data={"role": role, "access_withdrawn": removed_keys, "assignments_withdrawn": removed_assignments},
        )
    return named


def protect_reporter(*, report: Report, user, keyring: Keyring, employee=None) -> ProtectedPerson:
    """Confirm the reporter's protection: link them to their employee record, so measures
    against them are flagged, from the day of the report (also for anonymous reporters who
    are later identified, art. 6(3)). A handler's recorded act, never the reporter's own
    word: without ``employee`` it confirms the employee number the reporter gave, which the
    handler need not see (the identity stays behind the recorded-reason path)."""
    guard_report(user, report, STEERING_ROLES)
    key = keyring.report_key(report)
    source = "chosen by the handler"
    if employee is None:
        claimed = ""
        if report.identity_box is not None:
            claimed = (crypto.decrypt_json(key, report.identity_box).get("employee_number") or "").strip()
        employee = Employee.objects.filter(number=claimed).first() if claimed else None
        if employee is None:
            raise ValidationError(
                {"employee": [_("The reporter gave no employee number that matches an employee: choose the employee.")]}
            )
        source = "the number the reporter gave"
    with transaction.atomic():
        person = _protect(report, employee, ProtectedPerson.Role.REPORTER, key)
        audit.record(actor=user, action="whistle.reporter.protected", obj=report, data={"source": source})
    return person


def _protect(report: Report, employee, role: str, key: bytes) -> ProtectedPerson:
    """Protect from the day of the report, and flag the measures already registered for the
    person that take effect from then on: a measure prepared before the protection became
    known is watched as well."""
    person, created = protection.protect(report=report, employee=employee, role=role, report_key=key)
    if created:
        flag_pending_measures(employee=employee, since=person.protected_since)
    return person
