"""Manual reassignment (issue 15 item 1): asked for with a reason, in force only when a team
lead of the case's team approves it, and never to the one who asks or approves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import services as case_services
from loket.cases.access import CASE_WORKERS, author_role, led_units, require_case_access
from loket.core import audit
from loket.core.roles import Role, has_role, require_role

from ..access_models import DrawPurpose, Reassignment, ReassignmentStatus
from .assignment import candidates_for, draw

MIN_REASON = 15


def _self(officer, actor) -> bool:
    return officer is not None and officer.pk == getattr(actor, "pk", None)


def request_reassignment(*, case, actor, reason: str, to_officer=None) -> Reassignment:
    """Ask for ``case`` to go to ``to_officer`` (None: a new draw), with ``reason``."""
    require_role(actor, *CASE_WORKERS)
    require_case_access(actor, case)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Give the reason, in at least %(n)d characters.") % {"n": MIN_REASON}})
    if _self(to_officer, actor):
        raise PermissionDenied(_("Nobody assigns a case to themselves."))
    if to_officer is not None:
        if to_officer.pk == case.assigned_to_id:
            raise ValidationError({"to_officer": _("The case is assigned to this officer already.")})
        qualified = {c["user"] for c in candidates_for(case, purpose=DrawPurpose.OFFICER)[0]}
        if to_officer.pk not in qualified:
            raise ValidationError(
                {
                    "to_officer": _(
                        "%(who)s cannot take this case: not a %(role)s of its team, absent, or with a declared relation."
                    )
                    % {"who": to_officer.get_username(), "role": Role(author_role(case.kind)).label}
                }
            )
    with transaction.atomic():
        row = Reassignment.objects.create(
            case=case, from_officer=case.assigned_to, to_officer=to_officer, reason=reason, requested_by=actor
        )
        audit.record(
            actor=actor,
            action="integrity.reassignment.requested",
            obj=case,
            reason=reason,
            data={
                "reference": case.reference,
                "request": row.pk,
                "to": to_officer.get_username() if to_officer else "",
            },
        )
    return row


def decide_reassignment(*, reassignment: Reassignment, actor, approve: bool) -> Reassignment:
    """A team lead of the case's team approves or refuses; approving applies it."""
    require_role(actor, Role.TEAM_LEAD)
    with transaction.atomic():
        row = (
            Reassignment.objects.select_for_update(of=("self",))
            .select_related("case", "to_officer")
            .get(pk=reassignment.pk)
        )
        case = row.case
        if case.team_id not in led_units(actor):
            raise PermissionDenied(_("Only a team lead of the case's team may decide on its reassignment."))
        if row.requested_by_id == actor.pk:
            raise PermissionDenied(_("Someone else than the one who asked must decide on a reassignment."))
        if _self(row.to_officer, actor):
            raise PermissionDenied(_("Nobody assigns a case to themselves."))
        if row.status != ReassignmentStatus.PENDING:
            raise ValidationError(_("This request was decided already."))
        row.status = ReassignmentStatus.APPROVED if approve else ReassignmentStatus.REFUSED
        row.decided_by, row.decided_at = actor, timezone.now()
        if approve and row.to_officer is not None:
            case_services.assign(
                case=case,
                officer=row.to_officer,
                actor=actor,
                via="reassignment",
                reason=row.reason,
                data={"request": row.pk, "requested_by": row.requested_by.get_username()},
            )
        elif approve:
            exclude = {row.requested_by_id} | ({case.assigned_to_id} if case.assigned_to_id else set())
            row.draw = draw(case, cause="reassignment", exclude=exclude)
        row.save()
        audit.record(
            actor=actor,
            action="integrity.reassignment.approved" if approve else "integrity.reassignment.refused",
            obj=case,
            reason=row.reason,
            data={"reference": case.reference, "request": row.pk},
        )
    return row


def may_decide(user, row: Reassignment) -> bool:
    return (
        has_role(user, Role.TEAM_LEAD)
        and row.case.team_id in led_units(user)
        and row.requested_by_id != user.pk
        and not _self(row.to_officer, user)
    )
