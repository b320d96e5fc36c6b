"""A report's file for the handler (meldingsdossier): content, deadlines, breaches,
messages, people, allegations and findings, the guidance for the step it is at, and
the actions the user's role allows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core.roles import Role, has_role
from ...whistle import guidance, services
from ...whistle.keyring import keyring_for
from ...whistle.models import Allegation, Report
from .. import forms_reports as f
from .common import get_visible_report, report_deadlines, report_page

STEERING_ROLES = (Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER)


def feedback_summary(file) -> str:
    """A first draft of the feedback: every allegation with its finding and reasons."""
    if file is None or not file.allegations:
        return _("We have looked into your report.")
    lines = [_("We have looked into your report. What we found, point by point:"), ""]
    for allegation in file.allegations:
        lines.append(f"{allegation['number']}. {allegation['summary']}")
        if allegation["outcome"] == Allegation.Outcome.OPEN:
            lines.append("   " + _("Finding: still under investigation."))
        else:
            lines.append("   " + _("Finding: %(outcome)s.") % {"outcome": allegation["outcome_label"]})
            lines.append("   " + _("Why: %(reasons)s") % {"reasons": allegation["reasons"]})
        lines.append("")
    return "\n".join(lines).strip()


def available_forms(report: Report, user, file) -> dict:
    """The action forms this user may use on this report now, unbound, by name."""
    is_open = report.closed_at is None
    steering = has_role(user, *STEERING_ROLES)
    wanted = {
        "acknowledge": steering and report.acknowledged_at is None,
        "message": is_open,
        "name_person": steering,
        "protect_reporter": steering,
        "assign": steering and is_open,
        "add_allegation": is_open,
        "send_feedback": steering and is_open and report.acknowledged_at is not None,
        "close": steering and is_open,
        "reveal_identity": steering and file is not None and file.identity_on_file,
        "decide_retention": (
            not is_open and has_role(user, Role.INTEGRITY_OFFICER) and not hasattr(report, "retention_decision")
        ),
    }
    forms = {}
    for name, shown in wanted.items():
        if shown:
            initial = {"body": feedback_summary(file)} if name == "send_feedback" else None
            forms[name] = make_form(name, report, initial=initial)
    return forms


FORM_CLASSES = {
    "acknowledge": f.AcknowledgeForm,
    "message": f.MessageForm,
    "name_person": f.NamePersonForm,
    "protect_reporter": f.ProtectReporterForm,
    "assign": f.AssignForm,
    "add_allegation": f.AllegationForm,
    "send_feedback": f.FeedbackForm,
    "close": f.CloseForm,
    "reveal_identity": f.RevealIdentityForm,
    "decide_retention": f.RetentionForm,
}


def make_form(name: str, report: Report, data=None, initial=None):
    """Each form has its own prefix, so that several on one page keep their ids apart."""
    cls = FORM_CLASSES[name]
    kwargs = {"report": report} if cls is f.AssignForm else {}
    return cls(data, initial=initial, prefix=name, **kwargs)


def finding_form(allegation_pk: int, data=None):
    return f.FindingForm(data, prefix=f"finding-{allegation_pk}")


def render_detail(request, report: Report, *, bound: dict | None = None, status: int = 200):
    """The detail page; ``bound`` holds forms sent back with their errors."""
    user = request.user
    bound = bound or {}
    deleted = []
    try:
        file = services.read_report(report=report, user=user, keyring=keyring_for(request))
    except ValidationError as exc:  # the file was deleted by a retention decision
        file, deleted = None, exc.messages
    # A form sent back with errors takes the place of the blank one, where the user has one.
    forms = available_forms(report, user, file)
    forms.update({name: form for name, form in bound.items() if name in forms})
    allegations = []
    if file is not None:
        for allegation in file.allegations:
            key = f"finding-{allegation['pk']}"
            form = (bound.get(key) or finding_form(allegation["pk"])) if report.closed_at is None else None
            allegations.append({**allegation, "form": form})
    thread = [(m, file.message_attachments.get(m.pk, [])) for m in file.messages] if file else []
    return render(
        request,
        "desk/reports/detail.html",
        {
            "report": report,
            "file": file,
            "deleted": deleted,
            "deadlines": report_deadlines(report, timezone.localdate()),
            "breaches": report.breaches.prefetch_related("escalated_to").order_by("due"),
            "named_persons": report.named_persons.select_related("employee__unit").order_by("added_at", "pk"),
            "protected_persons": file.protected if file else [],
            "assignments": report.assignments.select_related("user").order_by("assigned_at", "pk"),
            "thread": thread,
            "allegations": allegations,
            "forms": forms,
            "guidance": guidance.for_report(report),
            "is_open": report.closed_at is None,
        },
        status=status,
    )


@report_page
def report_detail(request, reference):
    return render_detail(request, get_visible_report(request.user, reference))
