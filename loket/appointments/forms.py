"""Forms of the appointment pages (client and staff)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CounterService, Location

# Names in the language itself: a reader finds their own without reading the page's.
INTERPRETER_LANGUAGES = [
    ("", _("No interpreter needed")),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("ti", "ትግርኛ"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("so", "Soomaali"),
    ("fr", "Français"),
    ("en", "English"),
    ("other", _("Another language (say which under needs)")),
]


class ChooseForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.filter(active=True), to_field_name="code"
    )
    service = forms.ModelChoiceField(
        label=_("What do you come for?"), queryset=CounterService.objects.filter(active=True), to_field_name="code"
    )
    day = forms.DateField(label=_("From which day?"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the future."))
        return day


class DetailsForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(label=_("Mobile phone number (for an SMS reminder)"), required=False, max_length=30)
    interpreter_language = forms.ChoiceField(
        label=_("Do you need an interpreter?"), choices=INTERPRETER_LANGUAGES, required=False
    )
    needs = forms.CharField(
        label=_("Do you need help or an accessible counter? Tell us."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                _("Give an e-mail address or a mobile phone number, so that we can remind you.")
            )
        return data


class CallerForm(DetailsForm):
    """An agent books for a caller: who they are, then the details."""

    name = forms.CharField(label=_("Name"), max_length=200)
    v_number = forms.CharField(label=_("V-number"), required=False, max_length=20)
    birth_date = forms.CharField(label=_("Date of birth (YYYY-MM-DD)"), required=False, max_length=10)
    case_ref = forms.CharField(label=_("Case reference"), required=False, max_length=40)
    language = forms.ChoiceField(
        label=_("Language of messages"),
        choices=[("nl", "Nederlands"), *INTERPRETER_LANGUAGES[1:10]],
        initial="nl",
    )
    slot = forms.IntegerField(widget=forms.HiddenInput)


class CheckInForm(forms.Form):
    reference = forms.CharField(label=_("Booking reference or QR code"), max_length=40)
    v_number = forms.CharField(label=_("V-number on the identity document"), required=False, max_length=20)
    birth_date = forms.CharField(label=_("Date of birth on the document (YYYY-MM-DD)"), required=False, max_length=10)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome of the visit"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    reason = forms.CharField(
        label=_("Why can this not wait?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
