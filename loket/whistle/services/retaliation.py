"""The register of personnel measures and the retaliation watch (benadeling; EU directive
2019/1937 art. 19 and 21(5); Wet bescherming klokkenluiders).

Every manager registers measures in the same register, with the same form, and every
measure needs written grounds: so the form never tells a manager whether the employee is
protected, which would reveal a reporter, a witness or a helper. A measure for a protected
person is flagged in silence and goes to the integrity officer, who clears or blocks it
with written reasons; the proposer can never review their own measure.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from ...core import audit
from ...core.org_models import Employee
from ...core.roles import Role, has_role, require_role
from ..models import PersonnelMeasure, RetaliationForm
from ..protection import is_protected
from ..retaliation_selectors import employees_in_scope, reviewable_by
from .intake import MAX_TEXT

BURDEN_OF_PROOF = gettext_lazy(
    "This person is protected as a reporter, helper or witness. The measure is presumed to be "
    "retaliation: the employer must prove it is justified on grounds that have nothing to do with "
    "the report (EU directive 2019/1937 art. 21(5); Wet bescherming klokkenluiders)."
)
MANAGER_ROLES = (Role.TEAM_LEAD, Role.ADMINISTRATOR, Role.INTEGRITY_OFFICER)
MIN_REASONS = 20


def _check_text(errors: dict, field: str, value: str, *, minimum: int, message: str) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        errors[field] = [message]
    elif len(value) > MAX_TEXT:
        errors[field] = [_("Keep this under %(n)d characters.") % {"n": MAX_TEXT}]
    return value


def propose_measure(
    *, user, employee: Employee | None, kind: str, description: str, justification: str, effective_on: date | None
) -> PersonnelMeasure:
    """Register a measure (personele maatregel). A manager registers measures for the people
    in the units they lead, an administrator (HR) for anyone. The answer is the same whether
    or not the measure was flagged."""
    require_role(user, *MANAGER_ROLES)
    errors: dict[str, list] = {}
    if employee is None:
        errors["employee"] = [_("Choose the employee.")]
    elif getattr(employee, "user_id", None) == user.pk:
        errors["employee"] = [_("You cannot register a measure for yourself.")]
    elif not employees_in_scope(user).filter(pk=employee.pk).exists():
        errors["employee"] = [_("You can register measures only for employees in the units you manage.")]
    if kind not in RetaliationForm.values:
        errors["kind"] = [_("Choose the kind of measure.")]
    description = _check_text(errors, "description", description, minimum=1, message=_("Describe the measure."))
    justification = _check_text(
        errors,
        "justification",
        justification,
        minimum=MIN_REASONS,
        message=_("Give the grounds for the measure in writing (at least a full sentence)."),
    )
    if not isinstance(effective_on, date):
        errors["effective_on"] = [_("Give the date the measure takes effect.")]
    if errors:
        raise ValidationError(errors)
    flagged = is_protected(employee, max(effective_on, timezone.localdate()))
    with transaction.atomic():
        measure = PersonnelMeasure.objects.create(
            employee=employee,
            kind=kind,
            description=description,
            justification=justification,
            effective_on=effective_on,
            proposed_by=user,
            proposed_at=timezone.now(),
            flagged=flagged,
            status=PersonnelMeasure.Status.UNDER_REVIEW if flagged else PersonnelMeasure.Status.REGISTERED,
        )
        audit.record(
            actor=user, action="whistle.measure.proposed", obj=measure, data={"kind": kind, "flagged": flagged}
        )
        if flagged:
            transaction.on_commit(lambda: _tell_reviewers(measure))
    return measure


def _tell_reviewers(measure: PersonnelMeasure) -> None:
    """Tell every integrity officer who may review the measure that one waits; the mail
    names nobody."""
    User = get_user_model()
    officers = User.objects.filter(groups__name=Role.INTEGRITY_OFFICER, is_active=True).distinct()
    emails = [u.email for u in officers if u.email and reviewable_by(u).filter(pk=measure.pk).exists()]
    if emails:
        send_mail(
            _("A personnel measure awaits your review"),
            _(
                "A personnel measure was registered for a protected person and awaits your review "
                "in the register of personnel measures."
            ),
            None,
            emails,
        )


def review_measure(*, measure: PersonnelMeasure, user, cleared: bool, reasons: str) -> PersonnelMeasure:
    """The integrity officer's review of a flagged measure: cleared (justified on other
    grounds) or blocked (presumed retaliation), with written reasons. Never by the
    proposer, never by the employee concerned, and never by an officer kept away from the
    report that protects the employee (to them the flag does not exist)."""
    require_role(user, Role.INTEGRITY_OFFICER)
    if measure.proposed_by_id == user.pk:
        raise PermissionDenied(_("You proposed this measure, so you cannot review it."))
    if measure.flagged and not reviewable_by(user, pending_only=False).filter(pk=measure.pk).exists():
        raise Http404()
    if not measure.flagged or measure.status != PersonnelMeasure.Status.UNDER_REVIEW:
        raise ValidationError(_("Only a flagged measure under review can be reviewed."))
    errors: dict[str, list] = {}
    reasons = _check_text(
        errors,
        "reasons",
        reasons,
        minimum=MIN_REASONS,
        message=_("Give the reasons for your review in writing (at least a full sentence)."),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the row, so that two officers cannot review the same measure at once.
        locked = PersonnelMeasure.objects.select_for_update().get(pk=measure.pk)
        if locked.status != PersonnelMeasure.Status.UNDER_REVIEW:
            raise ValidationError(_("Only a flagged measure under review can be reviewed."))
        measure.status = PersonnelMeasure.Status.CLEARED if cleared else PersonnelMeasure.Status.BLOCKED
        measure.reviewed_by = user
        measure.reviewed_at = timezone.now()
        measure.review_reasons = reasons
        measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reasons"])
        audit.record(
            actor=user, action="whistle.measure.reviewed", obj=measure, reason=reasons, data={"cleared": cleared}
        )
    return measure


def flag_pending_measures(*, employee: Employee, since: date) -> int:
    """Flag the measures for ``employee`` that take effect on or after ``since`` and were
    registered before the employee became protected: a measure prepared in anticipation of
    a report is watched as well. Call it wherever someone becomes protected (the row
    itself cannot say whom, so no signal on it can)."""
    with transaction.atomic():
        measures = list(
            PersonnelMeasure.objects.select_for_update().filter(
                employee=employee, flagged=False, effective_on__gte=since, status=PersonnelMeasure.Status.REGISTERED
            )
        )
        for measure in measures:
            measure.flagged = True
            measure.status = PersonnelMeasure.Status.UNDER_REVIEW
            measure.save(update_fields=["flagged", "status"])
            audit.record(
                actor="system",
                action="whistle.measure.flagged",
                obj=measure,
                data={"reason": "employee became protected"},
            )
            transaction.on_commit(lambda m=measure: _tell_reviewers(m))
    return len(measures)


def can_review(user, measure: PersonnelMeasure) -> bool:
    return (
        has_role(user, Role.INTEGRITY_OFFICER)
        and measure.proposed_by_id != user.pk
        and measure.status == PersonnelMeasure.Status.UNDER_REVIEW
        and reviewable_by(user).filter(pk=measure.pk).exists()
    )
