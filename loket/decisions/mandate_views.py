"""The mandate register's page (administrators): who may sign for whom, for which kinds of
case, from when to when; registering and ending a mandate go through the services, which
log them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from loket.cases.choices import CaseKind
from loket.core import audit
from loket.core.models import User
from loket.core.roles import Role, roles_required
from loket.core.widgets import DateInput, DesignSystemFormMixin, StaffChoiceField

from . import services
from .models import Mandate
from .services.drafting import SIGNATORY_ROLES


class MandateForm(DesignSystemFormMixin, forms.Form):
    signatory = StaffChoiceField(label=gettext_lazy("May sign"), queryset=User.objects.none())
    principal = StaffChoiceField(label=gettext_lazy("On behalf of"), queryset=User.objects.none())
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of case"), choices=CaseKind.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_from = forms.DateField(label=gettext_lazy("From"), widget=DateInput)
    valid_until = forms.DateField(label=gettext_lazy("Until"), widget=DateInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        signers = (
            User.objects.filter(groups__name__in=[str(r) for r in SIGNATORY_ROLES], is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["signatory"].queryset = signers
        self.fields["principal"].queryset = signers


@login_required
@roles_required(Role.ADMINISTRATOR)
def register(request):
    form = MandateForm(request.POST or None, prefix="mandate")
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_mandate(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The mandate was registered."))
            return redirect("desk:decisions:mandates")
    mandates = list(Mandate.objects.select_related("signatory", "principal", "granted_by", "ended_by"))
    audit.record(actor=request.user, action="decisions.mandate.listed", object_type="decisions.mandate")
    return render(
        request,
        "decisions/mandates.html",
        {"form": form, "mandates": mandates, "kinds": dict(CaseKind.choices)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def end(request, pk):
    mandate = get_object_or_404(Mandate, pk=pk)
    try:
        services.end_mandate(actor=request.user, mandate=mandate)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The mandate was ended."))
    return redirect("desk:decisions:mandates")
