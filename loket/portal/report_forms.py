"""The reporter's forms (meldpunt). They only collect the input: the whistle services
judge all of it at once (an empty description, an anonymous report with a name, a file
that is not what its name says), so the web form and the API give the same answers.
Fields the service needs are marked required for assistive technology only."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.widgets import DesignSystemFormMixin
from ..whistle.models import Anonymity, Category
from ..whistle.services import ReportInput, Upload

ANONYMITY_HELP = {
    Anonymity.OPEN: _(
        "Your name may be known to the people who handle and investigate your report. "
        "You are protected against retaliation from the day you report."
    ),
    Anonymity.CONFIDENTIAL: _(
        "Only the handlers of the reporting channel know your name. They see it only "
        "for a recorded reason, and every time they do is logged. You are protected "
        "against retaliation from the day you report."
    ),
    Anonymity.ANONYMOUS: _(
        "Nobody knows who you are, not even the handlers. With your receipt you can still "
        "read messages and answer questions. Give no name or contact details, and take care "
        "that what you write or attach does not give you away."
    ),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def attachments_field():
    return forms.Field(
        label=_("Attachments (optional)"),
        required=False,
        widget=MultipleFileInput,
        help_text=_("Pictures, PDFs, office documents or text files; you can choose several files at once."),
    )


def strip_metadata_field():
    return forms.BooleanField(
        label=_("Remove the metadata from my files before they are stored (recommended)"), required=False, initial=True
    )


class ReportForm(DesignSystemFormMixin, forms.Form):
    """A report of suspected wrongdoing (melding van een vermoeden van een misstand)."""

    description = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8, "required": True}),
        required=False,
        help_text=_(
            "Describe the wrongdoing you suspect as precisely as you can: what you saw or heard, "
            "and why you think it is wrong."
        ),
    )
    happened_when = forms.CharField(
        label=_("When did it happen? (optional)"),
        required=False,
        help_text=_("A date or a period, as precisely as you know it."),
    )
    happened_where = forms.CharField(
        label=_("Where did it happen? (optional)"), required=False, help_text=_("A location, a department or a team.")
    )
    involved = forms.CharField(
        label=_("Who is involved? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names, positions or departments of the people involved, and of any witnesses."),
    )
    involved_employees = forms.CharField(
        label=_("Employee numbers of the people involved (optional)"),
        required=False,
        help_text=_(
            "If you know them, separated by commas. The people you name, and every manager above them, "
            "are kept away from your report."
        ),
    )
    category = forms.ChoiceField(
        label=_("What kind of wrongdoing is it?"), choices=Category.choices, initial=Category.OTHER
    )
    attachments = attachments_field()
    strip_metadata = strip_metadata_field()
    anonymity = forms.ChoiceField(
        label=_("How do you want to be known?"),
        choices=Anonymity.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"required": True}),
    )
    reporter_name = forms.CharField(label=_("Your name"), required=False)
    reporter_email = forms.CharField(
        label=_("Your e-mail address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    reporter_phone = forms.CharField(
        label=_("Your phone number (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    reporter_employee_number = forms.CharField(
        label=_("Your employee number (optional)"),
        required=False,
        help_text=_(
            "A handler checks it and then protects you: any later measure against you is flagged as "
            "possible retaliation."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anonymity"].widget.attrs["class"] = "utrecht-radio-button utrecht-radio-button--html-input"
        self.fields["description"].widget.attrs["aria-required"] = "true"
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"

    def anonymity_options(self):
        """Each choice with what it means for the reporter."""
        return [(radio, ANONYMITY_HELP[radio.data["value"]]) for radio in self["anonymity"]]

    def to_input(self, files) -> ReportInput:
        """The service's input; ``files`` is the request's FILES."""
        data = {
            name: self.cleaned_data.get(name) or ""
            for name in (
                "description",
                "anonymity",
                "category",
                "happened_when",
                "happened_where",
                "involved",
                "reporter_name",
                "reporter_email",
                "reporter_phone",
                "reporter_employee_number",
            )
        }
        numbers = [n for n in re.split(r"[\s,;]+", self.cleaned_data.get("involved_employees") or "") if n]
        return ReportInput(
            **data,
            involved_employees=numbers,
            strip_metadata=self.cleaned_data["strip_metadata"],
            attachments=uploads(self, files),
        )


class SecretTextInput(forms.TextInput):
    """A text box that never writes its value back into the page: a receipt that was
    refused is not echoed, so every refusal looks the same."""

    def format_value(self, value):
        return None


class ReceiptForm(DesignSystemFormMixin, forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        error_messages={"required": _("Enter the 16 digits of your receipt.")},
        help_text=_("The 16 digits you were given when you made your report. Spaces do not matter."),
        widget=SecretTextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )


class ReporterMessageForm(DesignSystemFormMixin, forms.Form):
    """An answer to the handlers, information added, or a correction of oral minutes."""

    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6, "required": True}), required=False
    )
    attachments = attachments_field()
    strip_metadata = strip_metadata_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The design-system mixin names the help text's id without the form's prefix.
        for name, field in self.fields.items():
            described = field.widget.attrs.get("aria-describedby")
            if described:
                field.widget.attrs["aria-describedby"] = described.replace(f"id_{name}", self[name].auto_id, 1)


def uploads(form: forms.Form, files) -> list[Upload]:
    return [Upload.from_file(f) for f in files.getlist(form.add_prefix("attachments"))]


def add_service_errors(form: forms.Form, error) -> None:
    """Put a service's ValidationError on the fields it names (the rest above the form)."""
    for field, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
