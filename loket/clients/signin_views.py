"""Staff pages that let a client (or a representative) into the client site: link a BSN,
hand out a one-time sign-in code, record or end a representative's mandate. Thin: the
services check roles and write the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..core.roles import has_role
from .forms import BSNForm, MandateForm, SignInCodeForm
from .models import Client, Mandate, Representative, SignInCode
from .services import signin
from .views import staff_view


def _copy_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@staff_view
@require_http_methods(["GET", "POST"])
def client_access(request, pk):
    client = get_object_or_404(Client, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    bsn_form = BSNForm(request.POST if action == "bsn" else None, prefix="bsn")
    code_form = SignInCodeForm(request.POST if action == "code" else None, prefix="code")
    mandate_form = MandateForm(request.POST if action == "mandate" else None, prefix="mandate")
    new_code = None
    status = 200
    if action == "bsn" and bsn_form.is_valid():
        try:
            signin.link_bsn(
                person=client,
                bsn=bsn_form.cleaned_data["bsn"],
                actor=request.user,
                reason=bsn_form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _copy_errors(bsn_form, exc)
        else:
            messages.success(request, _("The BSN is linked. The client can now sign in with DigiD."))
            return redirect("desk:clients:access", pk=client.pk)
    elif action == "code" and code_form.is_valid():
        try:
            new_code = signin.issue_sign_in_code(
                client=client, channel=code_form.cleaned_data["channel"], actor=request.user
            )
        except ValidationError as exc:
            _copy_errors(code_form, exc)
    elif action == "mandate" and mandate_form.is_valid():
        representative = Representative.objects.filter(pk=mandate_form.cleaned_data["representative"]).first()
        if representative is None:
            mandate_form.add_error("representative", _("There is no representative with this number."))
        else:
            try:
                signin.record_mandate(
                    client=client,
                    representative=representative,
                    valid_from=mandate_form.cleaned_data["valid_from"],
                    valid_until=mandate_form.cleaned_data["valid_until"],
                    actor=request.user,
                )
            except ValidationError as exc:
                _copy_errors(mandate_form, exc)
            else:
                messages.success(request, _("The mandate is recorded."))
                return redirect("desk:clients:access", pk=client.pk)
    if any(f.errors for f in (bsn_form, code_form, mandate_form)):
        status = 400
    return render(
        request,
        "clients/access.html",
        {
            "client": client,
            "bsn_form": bsn_form,
            "code_form": code_form,
            "mandate_form": mandate_form,
            "may_issue": has_role(request.user, *signin.CODE_ISSUERS),
            "new_code": new_code,
            "codes": SignInCode.objects.filter(client=client)[:10],
            "mandates": Mandate.objects.filter(client=client).select_related("representative"),
            "today": timezone.localdate(),
            "now_time": timezone.now(),
        },
        status=status,
    )


@staff_view
@require_POST
def end_mandate(request, pk):
    mandate = get_object_or_404(Mandate, pk=pk)
    signin.end_mandate(mandate=mandate, actor=request.user)
    messages.success(request, _("The mandate has ended; the representative can no longer act for this client."))
    return redirect("desk:clients:access", pk=mandate.client_id)


@staff_view
@require_http_methods(["GET", "POST"])
def representative_access(request, pk):
    representative = get_object_or_404(Representative, pk=pk)
    form = BSNForm(request.POST or None, prefix="bsn")
    if request.method == "POST" and form.is_valid():
        try:
            signin.link_bsn(
                person=representative,
                bsn=form.cleaned_data["bsn"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _copy_errors(form, exc)
        else:
            messages.success(request, _("The BSN is linked. The representative can now sign in with DigiD."))
            return redirect("desk:clients:representative_access", pk=representative.pk)
    return render(
        request,
        "clients/representative_access.html",
        {
            "representative": representative,
            "form": form,
            "mandates": Mandate.objects.filter(representative=representative).select_related("client"),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


__all__ = ["client_access", "end_mandate", "representative_access"]
