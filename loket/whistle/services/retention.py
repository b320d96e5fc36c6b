"""Retention follows the case, never age alone (directive art. 18): a report's file is
deleted only by a recorded decision, which the audit log keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.roles import Role, require_role
from ..models import Report, RetentionDecision
from ..selectors import can_see


def decide_retention(*, report: Report, user, reason: str, delete_on: date) -> RetentionDecision:
    require_role(user, Role.INTEGRITY_OFFICER)
    if not can_see(user, report):
        from django.http import Http404

        raise Http404()
    errors = []
    if report.closed_at is None:
        errors.append(_("A report's file is kept while the report is open."))
    if len((reason or "").strip()) < 20:
        errors.append(_("Record why the file is no longer needed (proceedings, appeals, follow-up)."))
    if delete_on is None or delete_on < timezone.localdate():
        errors.append(_("The deletion date cannot lie in the past."))
    if hasattr(report, "retention_decision"):
        errors.append(_("A retention decision was already taken for this report."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = RetentionDecision.objects.create(
            report=report, decided_by=user, decided_at=timezone.now(), reason=reason.strip(), delete_on=delete_on
        )
        audit.record(
            actor=user,
            action="whistle.retention.decided",
            obj=report,
            reason=reason.strip(),
            data={"delete_on": delete_on},
        )
    return decision


def carry_out_retention(*, today: date | None = None, progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Delete the files whose decision has come due; the report's shell and the breaches,
    the decision and the audit trail stay. ``progress(done, total)`` after each report."""
    today = today or timezone.localdate()
    done = []
    due = list(
        RetentionDecision.objects.filter(carried_out_at__isnull=True, delete_on__lte=today)
        .select_related("report")
        .order_by("delete_on", "pk")
    )
    for decision in due:
        report = decision.report
        with transaction.atomic():
            if (
                not RetentionDecision.objects.select_for_update()
                .filter(pk=decision.pk, carried_out_at__isnull=True)
                .exists()
            ):
                continue  # another run carried it out in the meantime
            report.messages.all().delete()
            report.attachments.all().delete()
            report.allegations.all().delete()
            report.keys.all().delete()
            Report.objects.filter(pk=report.pk).update(
                content_box=b"",
                identity_box=None,
                reporter_key_box=None,
                receipt_hash=None,
                content_deleted_at=timezone.now(),
            )
            decision.carried_out_at = timezone.now()
            decision.save(update_fields=["carried_out_at"])
            audit.record(
                actor="system", action="whistle.retention.carried_out", obj=report, data={"decision": decision.pk}
            )
        done.append(report.reference)
        if progress is not None:
            progress(len(done), len(due))
    return done
