"""Forms of the handlers' pages of the reporting channel (meldpunt).

The forms check shape only (a choice that exists, a text that is not empty); the rules
themselves (who may be assigned, when a report may be closed) live in the whistle
services, whose ValidationErrors :func:`add_service_errors` puts back on the form.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..core.org_models import Employee
from ..core.roles import Role
from ..core.widgets import DesignSystemFormMixin
from ..whistle.models import Allegation, Anonymity, Assignment, Category, Channel, NamedPerson, Stage
from ..whistle.selectors import eligible_handlers
from ..whistle.services.intake import MAX_TEXT

ASSIGNABLE_ROLES = (Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER, Role.INVESTIGATOR)


def add_service_errors(form: forms.Form, exc: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form: per field where the form has it."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        field = field_map.get(field, field)
        if field not in form.fields:
            form.add_error(None, errors)
            continue
        form.add_error(field, errors)
        form.fields[field].widget.attrs.update(
            {"aria-invalid": "true", "aria-describedby": f"{form[field].auto_id}-error"}
        )


class ReportForm(DesignSystemFormMixin):
    """The design system's form mixin, with ARIA references that follow the form's prefix
    (several forms share one report page, each under its own prefix)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.prefix:
            return
        for name, field in self.fields.items():
            described = field.widget.attrs.get("aria-describedby")
            if described:
                field.widget.attrs["aria-describedby"] = described.replace(f"id_{name}-", f"{self[name].auto_id}-", 1)


def _text(label, *, required=True, rows=4, help_text="", max_length=MAX_TEXT):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _EmployeeChoices:
    """Employees from the organisation chart, shown with number and unit."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Employee.objects.select_related("unit").order_by("name", "number"), **kwargs)

    def label_from_instance(self, obj):
        unit = obj.unit.name if obj.unit_id else _("no unit")
        return f"{obj.name} ({obj.number}, {unit})"


class EmployeeChoiceField(_EmployeeChoices, forms.ModelChoiceField):
    pass


class EmployeeMultipleChoiceField(_EmployeeChoices, forms.ModelMultipleChoiceField):
    pass


class QueueFilterForm(ReportForm, forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("every stage")), *Stage.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class AcknowledgeForm(ReportForm, forms.Form):
    body = _text(
        _("Acknowledgement to the reporter"),
        required=False,
        help_text=_("Leave empty to send the standard acknowledgement in Dutch and English."),
    )


class MessageForm(ReportForm, forms.Form):
    body = _text(_("Message to the reporter"))
    question = forms.BooleanField(label=_("This is a question the reporter should answer"), required=False)


class NamePersonForm(ReportForm, forms.Form):
    employee = EmployeeChoiceField(label=_("Employee named in the report"))
    role = forms.ChoiceField(label=_("Their part in the report"), choices=NamedPerson.Role.choices)


class ProtectReporterForm(ReportForm, forms.Form):
    employee = EmployeeChoiceField(
        label=_("The reporter is this employee"),
        required=False,
        help_text=_(
            "Personnel measures against this employee will then be flagged as possible retaliation. Leave it empty "
            "to confirm the employee number the reporter gave, without seeing it."
        ),
    )


class _Assignees(forms.Form):
    """Sets the assignee choices before the design-system mixin validates the form."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)
    role = forms.ChoiceField(label=_("As"), choices=Assignment.Role.choices)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = eligible_handlers(report, roles=ASSIGNABLE_ROLES).order_by("username")
        field.label_from_instance = lambda u: f"{u.get_full_name() or u.get_username()} ({u.get_username()})"


class AssignForm(ReportForm, _Assignees):
    """Only users the report does not keep away are offered (selectors.eligible_handlers)."""


class AllegationForm(ReportForm, forms.Form):
    summary = _text(
        _("Allegation"), rows=3, help_text=_("One thing the reporter says went wrong, in one or two sentences.")
    )


class FindingForm(ReportForm, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in Allegation.Outcome.choices if value != Allegation.Outcome.OPEN],
    )
    reasons = _text(_("Reasons"), rows=3)


class FeedbackForm(ReportForm, forms.Form):
    body = _text(
        _("Feedback to the reporter"),
        rows=10,
        help_text=_("What was done or is planned, and why. The findings are filled in for you; edit before sending."),
    )


class CloseForm(ReportForm, forms.Form):
    reason = forms.CharField(label=_("Note for the record (optional)"), required=False, max_length=2000)


class RetentionForm(ReportForm, forms.Form):
    """The integrity officer's recorded decision to delete a closed report's file (art. 18)."""

    reason = _text(
        _("Why is the file no longer needed?"),
        rows=3,
        max_length=2000,
        help_text=_(
            "For example: no proceedings, appeals or follow-up depend on it any more. Stored in the audit log."
        ),
    )
    delete_on = forms.DateField(label=_("Delete the file on"), widget=forms.DateInput(attrs={"type": "date"}))


class RevealIdentityForm(ReportForm, forms.Form):
    reason = _text(
        _("Why do you need to see the reporter's identity?"),
        rows=3,
        max_length=2000,
        help_text=_("Your reason is stored in the audit log with your name."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "utrecht-textbox"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class OralReportForm(ReportForm, forms.Form):
    """The minutes of a report given by phone or in a meeting (directive art. 9(2), 18)."""

    #: Service field names that differ from the form's.
    SERVICE_FIELDS = {"reporter_employee_number": "reporter_employee"}

    channel = forms.ChoiceField(
        label=_("How the report was given"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.MEETING, Channel.MEETING.label)],
    )
    anonymity = forms.ChoiceField(
        label=_("How the reporter wants to be known"), choices=[("", _("choose…")), *Anonymity.choices]
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.OTHER)
    description = _text(_("Minutes: what the reporter told you happened"), rows=10)
    happened_when = forms.CharField(label=_("When it happened"), required=False, max_length=MAX_TEXT)
    happened_where = forms.CharField(label=_("Where it happened"), required=False, max_length=MAX_TEXT)
    involved = _text(_("Who is involved, in the reporter's words"), required=False, rows=3)
    involved_employees = EmployeeMultipleChoiceField(
        label=_("Employees named"),
        required=False,
        help_text=_("They, and every manager above them, will not be able to see this report."),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=200)
    reporter_email = forms.EmailField(label=_("Reporter's e-mail"), required=False)
    reporter_phone = forms.CharField(label=_("Reporter's phone"), required=False, max_length=50)
    reporter_employee = EmployeeChoiceField(label=_("The reporter is this employee"), required=False)
    attachments = MultipleFileField(label=_("Documents the reporter handed over"), required=False)
    strip_metadata = forms.BooleanField(
        label=_("Remove identifying metadata from the documents"), required=False, initial=True
    )

    def service_input(self):
        from ..whistle.services import ReportInput, Upload

        data = self.cleaned_data
        return ReportInput(
            description=data["description"],
            anonymity=data["anonymity"],
            category=data["category"],
            happened_when=data["happened_when"],
            happened_where=data["happened_where"],
            involved=data["involved"],
            involved_employees=[e.number for e in data["involved_employees"]],
            reporter_name=data["reporter_name"],
            reporter_email=data["reporter_email"],
            reporter_phone=data["reporter_phone"],
            reporter_employee_number=data["reporter_employee"].number if data["reporter_employee"] else "",
            attachments=[Upload(name=f.name, data=f.read()) for f in data["attachments"]],
            strip_metadata=data["strip_metadata"],
        )
