"""Forms of the integrity pages: breaking the glass, declaring a relation, an absence, a reassignment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.core.models import User
from loket.core.widgets import DateInput, DesignSystemFormMixin, StaffChoiceField

from .access_models import RelationKind


class BreakGlassForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why must you read this case?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The integrity officer reads your reason today. Access holds for this case, today only."),
    )


class RelationForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of relation"), choices=RelationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    v_number = forms.CharField(label=_("V-number of the client"), max_length=10, required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("A former employer or a representative's firm, as the firm names itself."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail address"), max_length=254, required=False)
    valid_from = forms.DateField(label=_("Since"), widget=DateInput)
    valid_until = forms.DateField(label=_("Until"), widget=DateInput, required=False)


class AbsenceForm(DesignSystemFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("First day away"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day away"), widget=DateInput)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=200, required=False)


class ReassignForm(DesignSystemFormMixin, forms.Form):
    to_officer = StaffChoiceField(
        label=_("Give the case to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("nobody in particular: the system draws again"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_officer"].queryset = officers if officers is not None else User.objects.none()
