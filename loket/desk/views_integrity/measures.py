"""The register of personnel measures (retaliation watch, directive art. 19 and 21(5)).

A manager registers a measure and sees the measures they proposed; nothing they see says
whether an employee is protected. The integrity officer sees the whole register, flagged
measures first, and clears or blocks a flagged measure with written reasons.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ...core.roles import Role, has_role
from ...whistle.models import PersonnelMeasure
from ...whistle.retaliation_selectors import officer_register, proposer_register, protections_for, reviewable_by
from ...whistle.services.retaliation import BURDEN_OF_PROOF, MANAGER_ROLES, can_review, propose_measure, review_measure
from ..forms_integrity import MeasureForm, ReviewForm
from .common import staff_page

PER_PAGE = 50


def _proposer_state(measure: PersonnelMeasure) -> str:
    """What the proposer is told: only whether the measure may take effect."""
    if measure.status == PersonnelMeasure.Status.BLOCKED:
        return _(
            "Not cleared by the integrity officer: the measure may not take effect. "
            "The integrity officer will contact you."
        )
    return str(PersonnelMeasure.Status.REGISTERED.label)


def _officer_rows(user, page) -> list[dict]:
    rows = []
    for m in page:
        rows.append(
            {
                "measure": m,
                "flagged": m.flag_visible,
                "state": m.get_status_display() if m.flag_visible else PersonnelMeasure.Status.REGISTERED.label,
                "review": m.flag_visible and m.proposed_by_id != user.pk,
                "awaiting": m.awaiting,
            }
        )
    return rows


@staff_page(*MANAGER_ROLES)
def measure_list(request):
    user = request.user
    officer = has_role(user, Role.INTEGRITY_OFFICER)
    qs = officer_register(user) if officer else proposer_register(user)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    if officer:
        rows = _officer_rows(user, page)
        awaiting = reviewable_by(user).count()
    else:
        rows = [{"measure": m, "state": _proposer_state(m)} for m in page]
        awaiting = None
    return render(
        request,
        "desk/integrity/measures.html",
        {
            "officer": officer,
            "rows": rows,
            "page": page,
            "awaiting": awaiting,
        },
    )


@staff_page(*MANAGER_ROLES)
def measure_new(request):
    form = MeasureForm(request.POST or None, user=request.user)

    def register(data):
        propose_measure(
            user=request.user,
            employee=data["employee"],
            kind=data["kind"],
            description=data["description"],
            justification=data["justification"],
            effective_on=data["effective_on"],
        )

    # The same answer for every measure, flagged or not.
    done = _carry_out(request, form, register, _("The measure was registered."))
    if done:
        return done
    return render(request, "desk/integrity/measure_form.html", {"form": form}, status=_status(request))


def _carry_out(request, form, action, success: str):
    """Run ``action`` on a valid posted form; the service's own refusals go onto the form.
    Returns the redirect to the register when it succeeded."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None
    messages.success(request, success)
    return redirect("desk:integrity:measures")


def _status(request) -> int:
    """A form sent back with errors answers 400."""
    return 400 if request.method == "POST" else 200


@staff_page(Role.INTEGRITY_OFFICER)
def measure_review(request, pk: int):
    user = request.user
    measure = get_object_or_404(
        PersonnelMeasure.objects.select_related("employee", "employee__unit", "proposed_by", "reviewed_by"), pk=pk
    )
    if measure.proposed_by_id == user.pk:
        raise PermissionDenied(_("You proposed this measure, so you cannot review it."))
    if not reviewable_by(user, pending_only=False).filter(pk=measure.pk).exists():
        raise Http404()
    form = ReviewForm(request.POST or None) if can_review(user, measure) else None
    if request.method == "POST" and form is None:
        messages.error(request, _("This measure was already reviewed."))
        return redirect("desk:integrity:measure_review", pk=measure.pk)

    def review(data):
        review_measure(measure=measure, user=user, cleared=data["decision"] == "clear", reasons=data["reasons"])

    done = form is not None and _carry_out(request, form, review, _("Your review was recorded."))
    if done:
        return done
    return render(
        request,
        "desk/integrity/measure_review.html",
        {
            "measure": measure,
            "form": form,
            "burden_of_proof": BURDEN_OF_PROOF,
            "protections": protections_for(user, measure),
        },
        status=_status(request),
    )
