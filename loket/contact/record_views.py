"""Staff pages where an agent records a contact: a call, a counter visit, a letter. After
saving, the agent lands on the question the contact joined (or opened) and is told why."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy

from ..core.roles import Role, roles_required
from . import services
from .forms import CallForm, LetterForm, VisitForm

JOINED = {
    "thread": gettext_lazy("same e-mail thread"),
    "case": gettext_lazy("same case reference"),
    "topic": gettext_lazy("same client and topic within the window"),
}


def _joined_message(received) -> str:
    q = received.contact.question
    if received.rule:
        return _("Saved. The contact joined question %(ref)s (%(why)s).") % {
            "ref": q.reference,
            "why": JOINED[received.rule],
        }
    return _("Saved. The contact opened question %(ref)s.") % {"ref": q.reference}


def _record(request, form_class, title, save):
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        if data is not None:
            try:
                received = save(form, data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _joined_message(received))
                return redirect("desk:contact:question", pk=received.contact.question_id)
    return render(request, "contact/record.html", {"form": form, "title": title, "multipart": "scan" in form.fields})


@login_required
@roles_required(Role.CONTACT_AGENT, Role.TEAM_LEAD)
def record_call(request):
    return _record(
        request,
        CallForm,
        _("Record a call"),
        lambda form, data: services.record_call(actor=request.user, data=data),
    )


@login_required
@roles_required(Role.COUNTER_AGENT, Role.TEAM_LEAD)
def record_visit(request):
    return _record(
        request,
        VisitForm,
        _("Record a counter visit"),
        lambda form, data: services.record_visit(actor=request.user, data=data),
    )


@login_required
@roles_required(Role.CONTACT_AGENT, Role.TEAM_LEAD)
def register_letter(request):
    def save(form, data):
        scan = form.cleaned_data["scan"]
        upload = services.Upload(scan.name, scan.content_type or "application/octet-stream", scan.read())
        return services.register_letter(actor=request.user, data=data, scan=upload)

    return _record(request, LetterForm, _("Register a letter"), save)
