"""The handler's actions on a report: each a POST form that calls one whistle service.

Bad input, and anything a service refuses, changes nothing and comes back on the report
page with the reasons, in a message and next to the field; never an error page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...whistle import guidance, services
from ...whistle.keyring import keyring_for
from ...whistle.selectors import can_see
from ..forms_reports import add_service_errors
from .common import get_visible_report, report_page
from .detail import finding_form, make_form, render_detail


def _acknowledge(request, report, data):
    services.acknowledge(report=report, user=request.user, keyring=keyring_for(request), body=data["body"])
    return _("The receipt was acknowledged to the reporter.")


def _message(request, report, data):
    services.send_message(
        report=report, user=request.user, keyring=keyring_for(request), body=data["body"], question=data["question"]
    )
    return _("Your question was sent to the reporter.") if data["question"] else _("Your message was sent.")


def _name_person(request, report, data):
    services.name_person(
        report=report, user=request.user, keyring=keyring_for(request), employee=data["employee"], role=data["role"]
    )
    return _("%(name)s is recorded as named in the report; they and their managers are kept away from it.") % {
        "name": data["employee"].name
    }


def _protect_reporter(request, report, data):
    services.protect_reporter(report=report, user=request.user, keyring=keyring_for(request), employee=data["employee"])
    if data["employee"] is None or report.anonymity != "open":
        # The message does not name a reporter who is not open (see reveal_identity).
        return _("The reporter is protected from the day of the report.")
    return _("%(name)s is protected as the reporter from the day of the report.") % {"name": data["employee"].name}


def _assign(request, report, data):
    services.assign(
        report=report, user=request.user, keyring=keyring_for(request), assignee=data["assignee"], role=data["role"]
    )
    return _("%(name)s is assigned and can now read the report.") % {"name": data["assignee"].get_username()}


def _add_allegation(request, report, data):
    allegation = services.add_allegation(
        report=report, user=request.user, keyring=keyring_for(request), summary=data["summary"]
    )
    return _("Allegation %(number)d was added.") % {"number": allegation.number}


def _send_feedback(request, report, data):
    services.send_feedback(report=report, user=request.user, keyring=keyring_for(request), body=data["body"])
    return _("The feedback was sent to the reporter.")


def _close(request, report, data):
    services.close_report(report=report, user=request.user, reason=data["reason"])
    return _("The report is closed.")


def _decide_retention(request, report, data):
    decision = services.decide_retention(
        report=report, user=request.user, reason=data["reason"], delete_on=data["delete_on"]
    )
    return _("The file will be deleted on %(day)s; the decision is on record.") % {
        "day": date_format(decision.delete_on, "DATE_FORMAT")
    }


#: name -> (use case, anchor on the report page to return to)
ACTIONS = {
    "acknowledge": (_acknowledge, "deadlines"),
    "message": (_message, "messages"),
    "name_person": (_name_person, "people"),
    "protect_reporter": (_protect_reporter, "people"),
    "assign": (_assign, "people"),
    "add_allegation": (_add_allegation, "allegations"),
    "send_feedback": (_send_feedback, "messages"),
    "close": (_close, "close"),
    "decide_retention": (_decide_retention, "retention"),
}


def error_text(form) -> str:
    """Every error of the form in one line, each with its field's label."""
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return " ".join(parts)


def _run(request, report, form_key, form, perform):
    """Validate, call the service, and answer: back to the report, or the report page
    with the form and its errors (400), or the refusal (403)."""
    status = 400
    if form.is_valid():
        try:
            done = perform(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role does not allow this."))
            status = 403
        else:
            messages.success(request, done)
            return None
    messages.error(request, _("Nothing was changed. %(errors)s") % {"errors": error_text(form)})
    return render_detail(request, report, bound={form_key: form}, status=status)


def _back(request, report, anchor):
    if not can_see(request.user, report):
        messages.info(request, _("You manage someone now named in this report, so it is kept away from you."))
        return redirect("desk:reports:list")
    return redirect(reverse("desk:reports:detail", args=[report.reference]) + f"#{anchor}")


@report_page
@require_POST
def report_action(request, reference, name):
    if name not in ACTIONS:
        raise Http404()
    report = get_visible_report(request.user, reference)
    perform, anchor = ACTIONS[name]
    form = make_form(name, report, data=request.POST)
    answer = _run(request, report, name, form, lambda data: perform(request, report, data))
    return answer or _back(request, report, anchor)


@report_page
@require_POST
def record_finding(request, reference, allegation_pk):
    report = get_visible_report(request.user, reference)
    allegation = report.allegations.filter(pk=allegation_pk).first()
    if allegation is None:
        raise Http404()
    form = finding_form(allegation.pk, data=request.POST)

    def perform(data):
        services.record_finding(
            allegation=allegation,
            user=request.user,
            keyring=keyring_for(request),
            outcome=data["outcome"],
            reasons=data["reasons"],
        )
        return _("The finding on allegation %(number)d was recorded.") % {"number": allegation.number}

    answer = _run(request, report, form.prefix, form, perform)
    return answer or _back(request, report, f"allegation-{allegation.number}")


@report_page
@require_POST
def reveal_identity(request, reference):
    """Shows a confidential reporter's identity once, on a recorded reason (art. 16)."""
    report = get_visible_report(request.user, reference)
    form = make_form("reveal_identity", report, data=request.POST)
    identity = {}

    def perform(data):
        identity.update(
            services.reveal_identity(
                report=report, user=request.user, keyring=keyring_for(request), reason=data["reason"]
            )
        )
        return _("Your reason was recorded in the audit log.")

    answer = _run(request, report, "reveal_identity", form, perform)
    if answer is not None:
        return answer
    return render(
        request,
        "desk/reports/identity.html",
        {
            "report": report,
            "identity": identity,
            "reason": form.cleaned_data["reason"],
            "guidance": guidance.for_step("identity"),
        },
    )
