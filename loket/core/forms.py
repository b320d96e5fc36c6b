from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from .roles import REPORT_READER_ROLES, has_role
from .widgets import DesignSystemFormMixin


class SignInForm(DesignSystemFormMixin, AuthenticationForm):
    """Password and, for every account that has one or reads reports, a TOTP code."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own wording has no Dutch translation.
        "invalid_login": _("The username and password do not match. Both are case-sensitive."),
        "otp_required": _("Enter the six-digit code from your authenticator app."),
        "otp_invalid": _("That code is not valid. Check the time on your phone and try again."),
        "otp_missing": _("Your role needs a second factor, but none is set up. Ask an administrator."),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None:
            return cleaned
        needs_device = has_role(user, *REPORT_READER_ROLES) or user_has_device(user)
        if not needs_device:
            return cleaned
        if not user_has_device(user):
            raise forms.ValidationError(self.error_messages["otp_missing"], code="otp_missing")
        token = (cleaned.get("otp_token") or "").strip().replace(" ", "")
        if not token:
            raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
        device = match_token(user, token)
        if device is None:
            # A wrong second factor counts as a failed sign-in for the lockout (django-axes).
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
        user.otp_device = device
        return cleaned
