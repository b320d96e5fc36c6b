"""Queries of the register of personnel measures (register van personele maatregelen).

What a flag means depends on who looks: the proposing manager never sees it (it would
reveal a reporter); an integrity officer sees it only when a report that protects the
employee is one they may know of (independence: an officer named in a report, or above
someone named, must not learn that it exists).
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from ..core.org_models import Employee
from ..core.roles import Role, has_role
from . import crypto
from .models import PersonnelMeasure, ProtectedPerson
from .protection import protected_ids
from .selectors import employees_below, excluded_reports


def employees_in_scope(user) -> QuerySet:
    """Employees ``user`` may register a measure for: an administrator (HR) anyone, a
    manager the people in the units they lead; never themselves."""
    qs = Employee.objects.select_related("unit").exclude(user_id=user.pk)
    if has_role(user, Role.ADMINISTRATOR):
        return qs
    own = Employee.objects.filter(user=user).first()
    if own is None:
        return qs.none()
    return qs.filter(pk__in=employees_below(own))


def _flag_visible(user):
    """True where the measure is flagged and a report this officer may know of protects
    the employee. The protection rows hold only a keyed hash of the employee, so the
    match is made here, over the employees of flagged measures (few), not in SQL."""
    flagged_employees = set(PersonnelMeasure.objects.filter(flagged=True).values_list("employee_id", flat=True))
    rows = ProtectedPerson.objects.exclude(report_id__in=excluded_reports(user))
    visible = protected_ids(flagged_employees, rows)
    return Case(
        When(Q(flagged=True) & Q(employee_id__in=visible) & ~Q(employee__user_id=user.pk), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def officer_register(user) -> QuerySet:
    """The whole register for an integrity officer: flagged measures awaiting review
    first, then the other flagged ones, then the rest; newest first within each."""
    awaiting = Q(flag_visible=True, status=PersonnelMeasure.Status.UNDER_REVIEW)
    return (
        PersonnelMeasure.objects.select_related("employee", "employee__unit", "proposed_by", "reviewed_by")
        .annotate(flag_visible=_flag_visible(user))
        .annotate(awaiting=Case(When(awaiting, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .order_by("-awaiting", "-flag_visible", "-proposed_at", "-pk")
    )


def reviewable_by(user, *, pending_only: bool = True) -> QuerySet:
    """Flagged measures this officer may review: not their own proposal, not about
    themselves, and protected through a report they may know of."""
    if not has_role(user, Role.INTEGRITY_OFFICER):
        return PersonnelMeasure.objects.none()
    qs = officer_register(user).filter(flag_visible=True).exclude(proposed_by_id=user.pk)
    if pending_only:
        qs = qs.filter(status=PersonnelMeasure.Status.UNDER_REVIEW)
    return qs


def proposer_register(user) -> QuerySet:
    """The measures ``user`` proposed. Views show these without the flag."""
    return (
        PersonnelMeasure.objects.filter(proposed_by=user)
        .select_related("employee", "employee__unit")
        .order_by("-proposed_at", "-pk")
    )


def protections_for(user, measure: PersonnelMeasure) -> list[ProtectedPerson]:
    """Why the employee is protected, as far as this officer may know: the reports and the
    day protection began. Not the role: whether the employee reported, helped or witnessed
    is in the report's file, behind its key."""
    return list(
        ProtectedPerson.objects.filter(employee_tag=crypto.employee_tag(measure.employee_id))
        .exclude(report_id__in=excluded_reports(user))
        .select_related("report")
        .order_by("protected_since", "pk")
    )
