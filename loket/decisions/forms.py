"""Forms for the decision on a case: the draft, the hearing exception, issuing, the penalty."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.models import OrgUnit, User
from loket.core.widgets import DateInput, DesignSystemFormMixin, StaffChoiceField

from .choices import OUTCOMES_BY_KIND, HearingException, RemediesNotice, RevocationGround
from .services.drafting import SIGNATORY_ROLES


class DraftForm(DesignSystemFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"))
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Every decision states its reasons (Awb 3:46, 7:12)."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    signatory = StaffChoiceField(
        label=_("Signatory"), queryset=User.objects.none(), help_text=_("Recorded separately from the author.")
    )
    on_behalf_of = StaffChoiceField(
        label=_("On behalf of (mandate)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Only where the mandate register lets the signatory sign for this person."),
    )
    hearing_exception = forms.ChoiceField(
        label=_("Ground to skip the hearing (Awb 7:3)"),
        required=False,
        choices=[("", _("none: the objector is heard"))] + HearingException.choices,
    )
    revocation_ground = forms.ChoiceField(
        label=_("Revocation ground"), required=False, choices=[("", "—")] + RevocationGround.choices
    )
    departs_from_advice = forms.BooleanField(label=_("The decision departs from an advice"), required=False)
    remedies_notice = forms.ChoiceField(
        label=_("Notice of remedies"), required=False, choices=[("", "—")] + RemediesNotice.choices
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in OUTCOMES_BY_KIND[case.kind]]
        self.fields["signatory"].queryset = (
            User.objects.filter(groups__name__in=[str(r) for r in SIGNATORY_ROLES], is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["on_behalf_of"].queryset = self.fields["signatory"].queryset
        if case.kind != "objection":
            del self.fields["hearing_exception"]
        if case.kind != "revocation":
            del self.fields["revocation_ground"]


class HearingExceptionForm(DesignSystemFormMixin, forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground to skip the hearing (Awb 7:3)"),
        required=False,
        choices=[("", _("none: the objector is heard"))] + HearingException.choices,
    )


class IssueForm(DesignSystemFormMixin, forms.Form):
    """One reason field per warning the rules give; a warning without a reason stops the decision."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("You sign with your second factor."),
    )

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = {}
        for violation in warnings:
            name = f"ack_{violation.rule}"
            if name in self.fields:
                continue
            self.warnings[name] = violation
            self.fields[name] = forms.CharField(
                label=_("Reason for going ahead despite warning %(rule)s") % {"rule": violation.rule},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
            )

    def acknowledgements(self) -> dict[str, str]:
        return {name[4:]: self.cleaned_data.get(name, "") for name in self.warnings}


class PenaltyForm(DesignSystemFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        max_digits=9,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to fix the amount owed today."),
    )


class DashboardFilterForm(DesignSystemFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("all my teams")
    )
    since = forms.DateField(label=_("Since"), required=False, widget=DateInput)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else OrgUnit.objects.none()
