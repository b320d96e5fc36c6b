"""The forms of My Loket: a message on a question, a document, the client's details.

Their messages are the client's, in plain words and in the client's language; the services
check again (a form is not the only way in).
"""

from __future__ import annotations

from django import forms
from django.conf.locale import LANG_INFO
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from loket.clients.parsing import normalise_email, parse_phone
from loket.contact.services.client_site import MAX_TEXT, max_file_bytes
from loket.core.widgets import DesignSystemFormMixin

from .services import CLIENT_LANGUAGES

# Names of the languages in themselves (Django's list lacks Tigrinya and Somali).
_LOCAL_NAMES = {"ti": "ትግርኛ", "so": "Soomaali"}


def language_choices() -> list[tuple[str, str]]:
    return [(code, _LOCAL_NAMES.get(code) or LANG_INFO[code]["name_local"]) for code in CLIENT_LANGUAGES]


def file_error(code: str) -> str:
    """What went wrong with a file, for the client (``AttachmentError.code``)."""
    messages = {
        "too_large": _("This file is too large. A file may be at most %(limit)s.")
        % {"limit": filesizeformat(max_file_bytes())},
        "empty": _("This file is empty."),
        "type": _("We cannot accept this type of file. Send a picture, a PDF, an office document or a text file."),
        "mismatch": _(
            "This file is not what its name says: its content is of another type. Check the file and try again."
        ),
    }
    return str(messages.get(code, _("We could not read this file. Please send it as a PDF.")))


class MessageForm(DesignSystemFormMixin, forms.Form):
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    file = forms.FileField(label=_("File (optional)"), required=False)

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        if not text and not cleaned.get("file") and not self.errors:
            self.add_error("text", _("Write your message or add a file."))
        elif len(text) > MAX_TEXT:
            self.add_error("text", _("Your message is too long. Keep it under %(n)d characters.") % {"n": MAX_TEXT})
        return cleaned


class DocumentForm(DesignSystemFormMixin, forms.Form):
    target = forms.ChoiceField(label=_("For which application or question?"))
    file = forms.FileField(
        label=_("Document"),
        error_messages={"required": _("Choose a file."), "empty": _("This file is empty.")},
    )

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets
        self.fields["target"].error_messages["invalid_choice"] = _("Choose one of your applications or questions.")


class DetailsForm(DesignSystemFormMixin, forms.Form):
    email = forms.CharField(label=_("E-mail address"), required=False, max_length=254, widget=forms.EmailInput)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—")] + language_choices()
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"})
        self.fields["language"].error_messages["invalid_choice"] = _("Choose one of the languages offered.")

    def clean_email(self):
        value = (self.cleaned_data.get("email") or "").strip()
        if value:
            try:
                return normalise_email(value)
            except ValueError:
                raise forms.ValidationError(_("This is not a valid e-mail address.")) from None
        return value

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        if value:
            try:
                return parse_phone(value)
            except ValueError:
                raise forms.ValidationError(
                    _("We cannot use this phone number. Give it with the country code, for example +31 6 12345678.")
                ) from None
        return value
