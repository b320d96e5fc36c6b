"""The decision part of a case's page: the draft, the second reader, the rules' verdict as
things stand today, and the forms to change it or issue it.

Used by the case page (``loket.cases.pages``); the forms post to the decisions app's URLs,
which render the same page again when the input or the rules refuse.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from loket.cases.access import author_role
from loket.core.roles import Role, has_role
from loket.core.second_factor import verified

from . import selectors
from .forms import DraftForm, HearingExceptionForm, IssueForm, PenaltyForm
from .services.drafting import SIGNATORY_ROLES
from .services.issuing import preview


def _draft_initial(draft, user) -> dict:
    if draft is None:
        return {"signatory": user.pk}
    return {
        "outcome": draft.outcome,
        "reasons": draft.reasons,
        "legal_basis": draft.legal_basis,
        "signatory": draft.signatory_id,
        "on_behalf_of": draft.on_behalf_of_id,
        "hearing_exception": draft.hearing_exception,
        "revocation_ground": draft.revocation_ground,
        "departs_from_advice": draft.departs_from_advice,
        "remedies_notice": draft.remedies_notice,
    }


def panel_context(request, case, *, forms: dict | None = None, stopped=None) -> dict:
    """Everything the decision panel of ``case`` shows to ``request.user``."""
    forms = forms or {}
    user = request.user
    decision = selectors.decision_of(case)
    if decision is not None:
        return {"decision": decision, "results": decision.rule_results}
    draft = selectors.draft_of(case)
    if draft is not None:
        draft.case = case
    is_author_role = has_role(user, author_role(case.kind))
    context = {
        "draft": draft,
        "can_write": is_author_role and (draft is None or draft.author_id == user.pk),
        "can_approve": bool(
            draft
            and has_role(user, Role.SECOND_READER)
            and draft.author_id != user.pk
            and not draft.approved
            and selectors.drawn_second_reader(case, user)
        ),
        "can_issue": bool(draft and user.pk == draft.signatory_id and has_role(user, *SIGNATORY_ROLES)),
        "needs_code": not verified(user),
        "can_fix_penalty": has_role(user, Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.TEAM_LEAD),
        "stopped": stopped,
        "draft_form": forms.get("draft") or DraftForm(case=case, initial=_draft_initial(draft, user), prefix="draft"),
        "exception_form": forms.get("exception")
        or HearingExceptionForm(initial={"ground": draft.hearing_exception if draft else ""}, prefix="exception"),
        "penalty_form": forms.get("penalty") or PenaltyForm(prefix="penalty"),
    }
    verdict = stopped.violations if stopped is not None else (preview(draft) if draft is not None else [])
    context["blocking"] = [v for v in verdict if v.outcome == "block"]
    context["warnings"] = [v for v in verdict if v.outcome == "warn"]
    issue_form = forms.get("issue") or IssueForm(warnings=context["warnings"], prefix="issue")
    if stopped is not None:
        for violation in stopped.unacknowledged:
            name = f"ack_{violation.rule}"
            if name in issue_form.fields and name not in issue_form.errors:
                issue_form.add_error(name, _("Give a reason to go ahead despite this warning, or change the draft."))
    context["issue_form"] = issue_form
    context["ack_fields"] = [(issue_form[name], violation) for name, violation in issue_form.warnings.items()]
    return context
