"""Issuing a decision (besluit nemen): every rule in force on the decision's date is run.

A blocking violation stops the decision, with the rule's message and legal source in the
officer's language. A warning stops it too until the officer acknowledges it with a reason.
A decision that goes out stores the rule results and the version of the rule set; every
attempt, stopped or not, is kept (:class:`~loket.decisions.models.IssueAttempt`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext as _

from loket.cases import services as case_services
from loket.cases.access import require_case_access
from loket.cases.choices import RoleInCase, Status
from loket.cases.models import Case
from loket.core import audit
from loket.core.roles import require_role
from loket.core.second_factor import verified
from loket.rules.engine import RULESET_VERSION, Violation, evaluate

from ..choices import AttemptResult
from ..models import Decision, DecisionDraft, IssueAttempt, RuleFinding
from ..selectors import draft_facts
from .drafting import SIGNATORY_ROLES
from .mandates import mandate_for


class DecisionStopped(ValidationError):
    """The rules stopped the decision: ``blocking`` violations, or ``unacknowledged`` warnings.

    A ValidationError, so views and the API show it as bad input (never a server error);
    ``violations`` holds everything the rules found.
    """

    def __init__(self, *, violations: list[Violation], unacknowledged: list[Violation]):
        self.violations = violations
        self.blocking = [v for v in violations if v.outcome == "block"]
        self.unacknowledged = unacknowledged
        lines = [
            _("%(rule)s (%(source)s): %(message)s") % {"rule": v.rule, "source": v.source, "message": v.message}
            for v in self.blocking
        ]
        lines += [
            _("Warning %(rule)s (%(source)s) needs an acknowledgement with a reason: %(message)s")
            % {"rule": v.rule, "source": v.source, "message": v.message}
            for v in unacknowledged
        ]
        super().__init__(lines)


def _language() -> str:
    return (get_language() or "nl")[:2]


def preview(draft: DecisionDraft, *, on: date | None = None) -> list[Violation]:
    """What the rules would say if ``draft`` were issued on ``on`` (today): nothing is stored."""
    return evaluate(draft_facts(draft, decided_on=on or timezone.localdate()), language=_language())


def _clean_acknowledgements(acknowledgements) -> dict[str, str]:
    if acknowledgements is None:
        return {}
    if not isinstance(acknowledgements, dict):
        raise ValidationError({"acknowledgements": _("Acknowledgements are given per rule: {rule id: reason}.")})
    return {str(rule): str(reason or "").strip() for rule, reason in acknowledgements.items()}


def _check_actor(draft: DecisionDraft, actor) -> None:
    """Who really signs (issue 15 item 5): the signatory, in their own session verified with
    their second factor. No role, not an administrator, signs for someone else."""
    require_role(actor, *SIGNATORY_ROLES)
    require_case_access(actor, draft.case)
    if actor.pk != draft.signatory_id:
        audit.record(
            actor=actor,
            action="decisions.decision.signing_refused",
            obj=draft.case,
            data={"result": "refused", "signatory": draft.signatory.get_username(), "why": "not the signatory"},
        )
        raise PermissionDenied(
            _("Only the signatory (%(who)s) signs this decision, in their own session; nobody signs for another.")
            % {"who": draft.signatory.get_username()}
        )
    if not verified(actor):
        raise PermissionDenied(
            _("Signing needs your second factor: enter the code from your authenticator app when you sign.")
        )


def _record_attempt(*, case: Case, actor, day: date, result: str, violations, acks: dict) -> IssueAttempt:
    attempt = IssueAttempt.objects.create(
        case=case, team_id=case.team_id, actor=actor, judged_on=day, result=result, ruleset_version=RULESET_VERSION
    )
    RuleFinding.objects.bulk_create(
        [
            RuleFinding(
                attempt=attempt,
                rule=v.rule,
                outcome=v.outcome,
                message=v.message,
                source=v.source,
                acknowledged=v.outcome == "warn" and bool(acks.get(v.rule)),
                reason=acks.get(v.rule, "") if v.outcome == "warn" else "",
            )
            for v in violations
        ]
    )
    return attempt


def _judge(draft: DecisionDraft, day: date, acks: dict) -> tuple[list[Violation], list[Violation]]:
    violations = evaluate(draft_facts(draft, decided_on=day), language=_language())
    unacknowledged = [v for v in violations if v.outcome == "warn" and not acks.get(v.rule)]
    return violations, unacknowledged


def issue_decision(*, draft: DecisionDraft, actor, acknowledgements: dict[str, str] | None = None) -> Decision:
    """Issue the decision in ``draft`` today, if the rules in force today allow it.

    Raises :class:`DecisionStopped` (a ValidationError) when a blocking rule is broken or a
    warning is not acknowledged with a reason; the stopped attempt is kept.
    """
    _check_actor(draft, actor)
    acks = _clean_acknowledgements(acknowledgements)
    day = timezone.localdate()
    stopped = None
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=draft.case_id)
        if case_services.is_decided(case):
            raise ValidationError(
                _("Case %(ref)s is decided already; a decision is issued once.") % {"ref": case.reference}
            )
        draft = (
            DecisionDraft.objects.select_for_update(of=("self",))
            .select_related("author", "signatory", "second_reader", "on_behalf_of")
            .get(pk=draft.pk)
        )
        draft.case = case
        if draft.on_behalf_of_id is not None and (
            mandate_for(signatory=actor, principal=draft.on_behalf_of, kind=case.kind, day=day) is None
        ):
            raise PermissionDenied(
                _("The mandate register holds no mandate today for you to sign on behalf of %(who)s.")
                % {"who": draft.on_behalf_of.get_username()}
            )
        if case.received_on is not None and day < case.received_on:
            raise ValidationError(
                {
                    "decided_on": _("A decision cannot be dated before its case was received (%(day)s).")
                    % {"day": case.received_on}
                }
            )
        violations, unacknowledged = _judge(draft, day, acks)
        blocking = [v for v in violations if v.outcome == "block"]
        if blocking or unacknowledged:
            stopped = DecisionStopped(violations=violations, unacknowledged=unacknowledged)
        else:
            decision = _store(draft=draft, case=case, actor=actor, day=day, violations=violations, acks=acks)
    if stopped is not None:
        with transaction.atomic():
            result = AttemptResult.BLOCKED if stopped.blocking else AttemptResult.UNACKNOWLEDGED
            attempt = _record_attempt(case=case, actor=actor, day=day, result=result, violations=violations, acks=acks)
            audit.record(
                actor=actor,
                action="decisions.decision.stopped",
                obj=case,
                data={
                    "attempt": attempt.pk,
                    "blocking": [v.rule for v in stopped.blocking],
                    "unacknowledged": [v.rule for v in stopped.unacknowledged],
                },
            )
        raise stopped
    return decision


def _store(*, draft: DecisionDraft, case: Case, actor, day: date, violations, acks: dict) -> Decision:
    due = case_services.refresh_due(case, today=day)
    results = [{**v.as_dict(), "acknowledgement": acks.get(v.rule, "")} for v in violations]
    approved = draft.approved
    decision = Decision.objects.create(
        case=case,
        draft=draft,
        decided_on=day,
        outcome=draft.outcome,
        reasons=draft.reasons,
        legal_basis=draft.legal_basis,
        author=draft.author,
        signatory=draft.signatory,
        on_behalf_of=draft.on_behalf_of,
        second_reader=draft.second_reader if approved else None,
        hearing_exception=draft.hearing_exception,
        revocation_ground=draft.revocation_ground,
        departs_from_advice=draft.departs_from_advice,
        remedies_notice=draft.remedies_notice,
        due_on=due,
        days_late=max(0, (day - due).days) if due else 0,
        rule_results=results,
        ruleset_version=RULESET_VERSION,
        issued_by=actor,
    )
    attempt = _record_attempt(
        case=case, actor=actor, day=day, result=AttemptResult.ISSUED, violations=violations, acks=acks
    )
    case_services.add_role(case=case, role=RoleInCase.AUTHOR, user=draft.author)
    case_services.add_role(case=case, role=RoleInCase.SIGNATORY, user=draft.signatory)
    case_services.append_status(
        case=case, status=Status.DECIDED, actor=actor, reason=str(decision.get_outcome_display())
    )
    audit.record(
        actor=actor,
        action="decisions.decision.issued",
        obj=decision,
        data={
            "case": case.reference,
            "outcome": decision.outcome,
            "decided_on": day,
            "ruleset": RULESET_VERSION,
            "attempt": attempt.pk,
            "signed_by": actor.get_username(),
            "on_behalf_of": draft.on_behalf_of.get_username() if draft.on_behalf_of_id else "",
            "second_factor": True,
            "acknowledged": {
                rule: reason
                for rule, reason in acks.items()
                if any(v.rule == rule and v.outcome == "warn" for v in violations)
            },
        },
    )
    return decision
