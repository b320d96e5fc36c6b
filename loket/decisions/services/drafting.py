"""Preparing a decision: the draft (concept) and the second reader's approval (vier ogen).

The author writes the draft; author and signatory are recorded separately, and neither may
be someone who took the contested decision (MAND-01, Awb 10:3(3)). A negative draft needs
a second reader other than its author (FOUR-01); the approval holds for the content the
reader saw, so any later change withdraws it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import services as case_services
from loket.cases.access import author_role, require_case_access
from loket.cases.choices import RoleInCase, Status
from loket.cases.models import Case
from loket.core import audit
from loket.core.roles import Role, has_role, require_role

from ..choices import OUTCOMES_BY_KIND, HearingException, RemediesNotice, RevocationGround
from ..models import DecisionDraft

#: Who may sign a decision (mandaat): the officers who decide and their team leads.
SIGNATORY_ROLES = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.TEAM_LEAD)


def _locked_open_case(case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case_services.is_decided(case):
        raise ValidationError(_("Case %(ref)s is decided already.") % {"ref": case.reference})
    return case


def _not_in_contested(case: Case, user, field: str) -> None:
    """MAND-01: whoever took the contested decision does not author, sign or read the one on
    the objection."""
    if case.kind == "objection" and user.get_username() in case.contested_people():
        raise ValidationError(
            {
                field: _(
                    "%(who)s took the contested decision and may not author, sign or review the decision on the "
                    "objection (MAND-01, Awb 10:3(3))."
                )
                % {"who": user.get_username()}
            }
        )


def _clean_content(case: Case, *, outcome, hearing_exception, revocation_ground, remedies_notice, signatory):
    if outcome not in OUTCOMES_BY_KIND.get(case.kind, ()):
        raise ValidationError(
            {"outcome": _("The outcome %(value)r does not fit a case of this kind.") % {"value": outcome}}
        )
    if hearing_exception and (case.kind != "objection" or hearing_exception not in HearingException.values):
        raise ValidationError(
            {
                "hearing_exception": _(
                    "A ground to skip the hearing belongs to an objection and must be one of Awb 7:3 (a)–(e)."
                )
            }
        )
    if revocation_ground and (case.kind != "revocation" or revocation_ground not in RevocationGround.values):
        raise ValidationError(
            {
                "revocation_ground": _(
                    "A revocation ground belongs to a revocation and must be one of Vw 32(1) or 35(1)."
                )
            }
        )
    if remedies_notice and remedies_notice not in RemediesNotice.values:
        raise ValidationError({"remedies_notice": _("Unknown notice of remedies.")})
    if signatory is None or not has_role(signatory, *SIGNATORY_ROLES):
        raise ValidationError(
            {"signatory": _("The signatory must be a decision officer, an objection officer or a team lead.")}
        )


def _check_mandate(case: Case, signatory, on_behalf_of, day) -> None:
    """Signing in another's name only where the mandate register says so (issue 15 item 5)."""
    if on_behalf_of is None:
        return
    from .mandates import mandate_for

    if on_behalf_of.pk == signatory.pk:
        raise ValidationError({"on_behalf_of": _("A signatory signs in their own name without a mandate.")})
    if mandate_for(signatory=signatory, principal=on_behalf_of, kind=case.kind, day=day) is None:
        raise ValidationError(
            {
                "on_behalf_of": _(
                    "The mandate register holds no mandate for %(who)s to sign a decision on this kind of case "
                    "on behalf of %(principal)s on %(day)s."
                )
                % {"who": signatory.get_username(), "principal": on_behalf_of.get_username(), "day": day}
            }
        )


def _status_after(draft: DecisionDraft) -> str:
    if draft.approved:
        return Status.APPROVED
    return Status.AWAITING_SECOND_READER if draft.negative else Status.IN_PROGRESS


def save_draft(
    *,
    case: Case,
    actor,
    outcome: str,
    reasons: str = "",
    legal_basis: str = "",
    signatory=None,
    hearing_exception: str = "",
    revocation_ground: str = "",
    departs_from_advice: bool = False,
    remedies_notice: str = "",
    on_behalf_of=None,
) -> DecisionDraft:
    """Write or change the draft decision of ``case``; ``actor`` is its author.

    ``on_behalf_of``: the superior in whose name the signatory signs (mandate); the mandate
    register must hold it today, and holds it again on the day of signing."""
    require_role(actor, author_role(case.kind))
    require_case_access(actor, case)
    signatory = signatory or actor
    _check_mandate(case, signatory, on_behalf_of, timezone.localdate())
    _clean_content(
        case,
        outcome=outcome,
        hearing_exception=hearing_exception,
        revocation_ground=revocation_ground,
        remedies_notice=remedies_notice,
        signatory=signatory,
    )
    _not_in_contested(case, actor, "author")
    _not_in_contested(case, signatory, "signatory")
    if on_behalf_of is not None:
        _not_in_contested(case, on_behalf_of, "on_behalf_of")
    with transaction.atomic():
        case = _locked_open_case(case)
        draft = DecisionDraft.objects.select_for_update().filter(case=case).first()
        if draft is not None and draft.author_id != actor.pk:
            raise PermissionDenied(
                _("Only the author of this draft (%(who)s) may change it.") % {"who": draft.author.get_username()}
            )
        was_approved = draft is not None and draft.approved
        draft = draft or DecisionDraft(case=case, author=actor)
        draft.outcome, draft.reasons, draft.legal_basis = outcome, (reasons or "").strip(), (legal_basis or "").strip()
        draft.signatory, draft.hearing_exception = signatory, hearing_exception or ""
        draft.on_behalf_of = on_behalf_of
        draft.revocation_ground, draft.remedies_notice = revocation_ground or "", remedies_notice or ""
        draft.departs_from_advice = bool(departs_from_advice)
        withdrawn = was_approved and not draft.approved
        if withdrawn or (draft.second_reader_id and not draft.approved):
            draft.second_reader, draft.approved_at, draft.approved_fingerprint = None, None, ""
        if not draft.approved:  # this version is what a second reader is asked to approve
            draft.approval_requested_at = timezone.now()
        draft.save()
        case_services.add_role(case=case, role=RoleInCase.AUTHOR, user=actor)
        case_services.add_role(case=case, role=RoleInCase.SIGNATORY, user=signatory)
        case_services.append_status(case=case, status=_status_after(draft), actor=actor)
        if draft.negative and not draft.approved:  # FOUR-01: the system draws the second reader
            case_services.request_second_reader(
                case=case,
                actor=actor,
                exclude={actor.pk, signatory.pk} | ({on_behalf_of.pk} if on_behalf_of else set()),
            )
        audit.record(
            actor=actor,
            action="decisions.draft.saved",
            obj=draft,
            data={
                "case": case.reference,
                "outcome": outcome,
                "signatory": signatory.get_username(),
                "on_behalf_of": on_behalf_of.get_username() if on_behalf_of else "",
                "hearing_exception": hearing_exception,
                "approval_withdrawn": withdrawn,
            },
        )
    return draft


def set_hearing_exception(*, draft: DecisionDraft, actor, ground: str) -> DecisionDraft:
    """Record on the draft the ground of Awb 7:3 on which the objector is not heard ("" removes it)."""
    return save_draft(
        case=draft.case,
        actor=actor,
        outcome=draft.outcome,
        reasons=draft.reasons,
        legal_basis=draft.legal_basis,
        signatory=draft.signatory,
        hearing_exception=ground,
        revocation_ground=draft.revocation_ground,
        departs_from_advice=draft.departs_from_advice,
        remedies_notice=draft.remedies_notice,
        on_behalf_of=draft.on_behalf_of,
    )


def approve_as_second_reader(*, draft: DecisionDraft, actor) -> DecisionDraft:
    """The second reader approves the draft as it stands (FOUR-01)."""
    require_role(actor, Role.SECOND_READER)
    require_case_access(actor, draft.case)
    with transaction.atomic():
        case = _locked_open_case(draft.case)
        draft = DecisionDraft.objects.select_for_update().select_related("author").get(pk=draft.pk)
        if draft.author_id == actor.pk:
            raise ValidationError(
                {
                    "second_reader": _(
                        "The second reader must be someone other than the author of the decision (FOUR-01)."
                    )
                }
            )
        _not_in_contested(case, actor, "second_reader")
        drawn = set(
            case.roles.filter(role=RoleInCase.SECOND_READER).exclude(user=None).values_list("user_id", flat=True)
        )
        if drawn and actor.pk not in drawn:
            raise PermissionDenied(_("This draft was given to another second reader by the system's draw."))
        draft.second_reader, draft.approved_at = actor, timezone.now()
        draft.approved_fingerprint = draft.fingerprint()
        draft.save()
        case_services.add_role(case=case, role=RoleInCase.SECOND_READER, user=actor)
        case_services.append_status(case=case, status=Status.APPROVED, actor=actor)
        audit.record(
            actor=actor,
            action="decisions.draft.approved",
            obj=draft,
            data={
                "case": case.reference,
                "outcome": draft.outcome,
                "author": draft.author.get_username(),
                "requested_at": (
                    timezone.localtime(draft.approval_requested_at).isoformat() if draft.approval_requested_at else None
                ),
                "seconds": _seconds_since(draft.approval_requested_at, draft.approved_at),
            },
        )
    return draft


def _seconds_since(asked, given) -> float | None:
    return round((given - asked).total_seconds(), 1) if asked and given else None
