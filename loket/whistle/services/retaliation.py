"""The register of personnel measures and the retaliation watch (directive art. 19, 21(5))."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.roles import Role, has_role, require_role
from ..models import PersonnelMeasure, ProtectedPerson, RetaliationForm

BURDEN_OF_PROOF = _(
    "This person is protected as a reporter, helper or witness. The measure is presumed to be "
    "retaliation: the employer must prove it is justified on grounds that have nothing to do with "
    "the report (EU directive 2019/1937 art. 21(5); Wet bescherming klokkenluiders)."
)
MANAGER_ROLES = (Role.TEAM_LEAD, Role.ADMINISTRATOR, Role.INTEGRITY_OFFICER)


def is_protected(employee, on: date) -> bool:
    return ProtectedPerson.objects.filter(employee=employee, protected_since__lte=on).exists()


def propose_measure(*, user, employee, kind: str, description: str, justification: str,
                    effective_on: date | None) -> PersonnelMeasure:
    """Register a measure. Every measure needs a written justification, so a manager cannot
    tell from the form whether the employee is protected; a protected person's measure is
    flagged and goes to the integrity officer."""
    require_role(user, *MANAGER_ROLES)
    errors = {}
    if kind not in RetaliationForm.values:
        errors["kind"] = [_("Choose the kind of measure.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe the measure.")]
    if len((justification or "").strip()) < 20:
        errors["justification"] = [_("Give the grounds for the measure in writing (at least a full sentence).")]
    if effective_on is None:
        errors["effective_on"] = [_("Give the date the measure takes effect.")]
    if getattr(getattr(user, "employee", None), "pk", None) == employee.pk:
        errors["employee"] = [_("You cannot register a measure for yourself.")]
    if errors:
        raise ValidationError(errors)
    flagged = is_protected(employee, max(effective_on, timezone.localdate()))
    with transaction.atomic():
        measure = PersonnelMeasure.objects.create(
            employee=employee, kind=kind, description=description.strip(), justification=justification.strip(),
            effective_on=effective_on, proposed_by=user, proposed_at=timezone.now(), flagged=flagged,
            status=PersonnelMeasure.Status.UNDER_REVIEW if flagged else PersonnelMeasure.Status.REGISTERED)
        audit.record(actor=user, action="whistle.measure.proposed", obj=measure,
                     data={"kind": kind, "flagged": flagged})
    return measure


def review_measure(*, measure: PersonnelMeasure, user, cleared: bool, reasons: str) -> PersonnelMeasure:
    """The integrity officer's review of a flagged measure; never by its proposer."""
    require_role(user, Role.INTEGRITY_OFFICER)
    if measure.proposed_by_id == user.pk:
        raise PermissionDenied(_("You proposed this measure, so you cannot clear it."))
    if not measure.flagged or measure.status != PersonnelMeasure.Status.UNDER_REVIEW:
        raise ValidationError(_("Only a flagged measure under review can be reviewed."))
    if len((reasons or "").strip()) < 20:
        raise ValidationError({"reasons": [_("Give the reasons for your review in writing.")]})
    with transaction.atomic():
        measure.status = PersonnelMeasure.Status.CLEARED if cleared else PersonnelMeasure.Status.BLOCKED
        measure.reviewed_by = user
        measure.reviewed_at = timezone.now()
        measure.review_reasons = reasons.strip()
        measure.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reasons"])
        audit.record(actor=user, action="whistle.measure.reviewed", obj=measure, reason=reasons.strip(),
                     data={"cleared": cleared})
    return measure


def can_review(user, measure: PersonnelMeasure) -> bool:
    return has_role(user, Role.INTEGRITY_OFFICER) and measure.proposed_by_id != user.pk
