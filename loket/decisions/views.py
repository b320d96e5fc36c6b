"""Staff actions on a case's decision (all POST, answered on the case's page) and the team
lead's dashboard. Refused input or a decision the rules stop renders the case page again,
with the messages, the rule ids and their legal sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.cases.access import require_case_access
from loket.cases.models import Case
from loket.cases.pages import add_errors, render_case_page
from loket.core.second_factor import has_device, verify_now

from . import services
from .forms import DraftForm, HearingExceptionForm, IssueForm, PenaltyForm
from .models import DecisionDraft
from .services import DecisionStopped


def _case(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    require_case_access(request.user, case)
    return case


def _draft(request, case) -> DecisionDraft:
    draft = DecisionDraft.objects.filter(case=case).select_related("author", "signatory").first()
    if draft is None:
        messages.error(request, _("There is no draft decision yet."))
    return draft


def _done(request, case, message: str):
    messages.success(request, message)
    return redirect("desk:cases:detail", pk=case.pk)


def _refused(request, case, name: str, form, exc: ValidationError):
    add_errors(form, exc)
    return render_case_page(request, case, forms={name: form}, status=400)


@login_required
@require_POST
def save_draft(request, pk):
    case = _case(request, pk)
    form = DraftForm(request.POST, case=case, prefix="draft")
    if not form.is_valid():
        return render_case_page(request, case, forms={"draft": form}, status=400)
    try:
        services.save_draft(case=case, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, case, "draft", form, exc)
    return _done(request, case, _("The draft decision was saved."))


@login_required
@require_POST
def hearing_exception(request, pk):
    case = _case(request, pk)
    form = HearingExceptionForm(request.POST, prefix="exception")
    draft = _draft(request, case)
    if draft is None or not form.is_valid():
        return render_case_page(request, case, forms={"exception": form}, status=400)
    try:
        services.set_hearing_exception(draft=draft, actor=request.user, ground=form.cleaned_data["ground"])
    except ValidationError as exc:
        return _refused(request, case, "exception", form, exc)
    return _done(request, case, _("The ground to skip the hearing was recorded on the draft."))


@login_required
@require_POST
def approve(request, pk):
    case = _case(request, pk)
    draft = _draft(request, case)
    if draft is None:
        return render_case_page(request, case, status=400)
    try:
        services.approve_as_second_reader(draft=draft, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return render_case_page(request, case, status=400)
    return _done(request, case, _("You approved the draft as second reader."))


def _acknowledgements(post) -> dict[str, str]:
    prefix = "issue-ack_"
    return {key[len(prefix) :]: value for key, value in post.items() if key.startswith(prefix)}


@login_required
@require_POST
def issue(request, pk):
    case = _case(request, pk)
    draft = _draft(request, case)
    if draft is None:
        return render_case_page(request, case, status=400)
    if request.user.pk == draft.signatory_id and not verify_now(request, request.POST.get("issue-otp_token", "")):
        form = IssueForm(request.POST, warnings=[], prefix="issue")
        form.is_valid()
        form.add_error(
            "otp_token",
            _("Enter the valid six-digit code from your authenticator app to sign.")
            if has_device(request.user)
            else _("Signing needs a second factor, and none is set up for you. Ask an administrator."),
        )
        return render_case_page(request, case, forms={"issue": form}, status=400)
    try:
        decision = services.issue_decision(
            draft=draft, actor=request.user, acknowledgements=_acknowledgements(request.POST)
        )
    except DecisionStopped as stopped:
        form = IssueForm(request.POST, warnings=[v for v in stopped.violations if v.outcome == "warn"], prefix="issue")
        form.is_valid()
        return render_case_page(request, case, forms={"issue": form}, stopped=stopped, status=400)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, message)
        return render_case_page(request, case, status=400 if isinstance(exc, ValidationError) else 403)
    return _done(request, case, _("The decision was issued on %(day)s.") % {"day": decision.decided_on})


@login_required
@require_POST
def fix_penalty(request, pk):
    case = _case(request, pk)
    form = PenaltyForm(request.POST, prefix="penalty")
    if not form.is_valid():
        return render_case_page(request, case, forms={"penalty": form}, status=400)
    try:
        event = services.fix_penalty(case=case, actor=request.user, amount=form.cleaned_data["amount"])
    except ValidationError as exc:
        return _refused(request, case, "penalty", form, exc)
    return _done(request, case, _("The penalty of € %(amount)s was fixed.") % {"amount": event.amount})
