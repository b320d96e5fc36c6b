"""The forms of client sign-in: the one-time code, the representative's choice of client,
and the plain buttons (sign out, stay signed in) that carry only a CSRF token."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.widgets import DesignSystemFormMixin


class CodeForm(DesignSystemFormMixin, forms.Form):
    v_number = forms.CharField(
        label=_("V-number"),
        max_length=40,
        help_text=_("The 10 digits on your letter or residence document, for example 1234567890."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=40,
        help_text=_("The 12 letters and digits from your letter or from the counter, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class ChooseClientForm(DesignSystemFormMixin, forms.Form):
    client = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
