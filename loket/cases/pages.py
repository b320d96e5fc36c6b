"""The case page (zaakdossier): facts, deadline, penalty, events, statuses, roles, and the
decision panel. Rendered by the case view and, with bound forms and errors, by the views
that post to it (here and in the decisions app), so a refused form shows on the same page.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from loket.core.roles import has_role

from . import selectors
from .access import CASE_WORKERS
from .forms import EventForm, HearingForm
from .hooks import CASE_PAGE_PANELS


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            known = field in form.fields
            form.add_error(field if known else None, errors)
            if known:  # as DesignSystemFormMixin does for the form's own errors
                attrs = form.fields[field].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{form.add_prefix(field)}-error"
    else:
        form.add_error(None, exc.messages)


def render_case_page(request, case, *, forms: dict | None = None, stopped=None, status: int = 200):
    forms = forms or {}
    case = selectors.case_detail(case.pk)
    today = timezone.localdate()
    context = {
        "case": case,
        "standing": selectors.standing(case, today),
        "events": list(case.events.all()),
        "statuses": list(case.statuses.all()),
        "roles": list(case.roles.all()),
        "can_record": has_role(request.user, *CASE_WORKERS),
        "event_form": forms.get("event") or EventForm(prefix="event", initial={"on": today}),
        "hearing_form": forms.get("hearing") or HearingForm(prefix="hearing",
                                                            initial={"on": today, "by": request.user.pk}),
        "today": today,
    }
    for panel in CASE_PAGE_PANELS.functions:
        context.update(panel(request, case, forms=forms, stopped=stopped))
    return render(request, "cases/case_detail.html", context, status=status)
