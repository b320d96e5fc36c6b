"""Forms of the integrity pages: registering a personnel measure and reviewing one.

The measure form is the same for every employee and every manager: nothing on it, nor in
the answer to it, says whether the employee is protected.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.org_models import Employee
from ..core.widgets import DesignSystemFormMixin
from ..whistle.models import RetaliationForm
from ..whistle.retaliation_selectors import employees_in_scope


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = f", {obj.unit.name}" if obj.unit_id else ""
        return f"{obj.name} ({obj.number}{unit})"


class MeasureForm(DesignSystemFormMixin, forms.Form):
    employee = EmployeeChoiceField(
        label=_("Employee"),
        queryset=Employee.objects.all(),
        empty_label=_("Choose an employee"),
        error_messages={
            "required": _("Choose the employee."),
            "invalid_choice": _("Choose an employee from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=[("", _("Choose a kind of measure"))] + list(RetaliationForm.choices),
        help_text=_("Threats and attempts count as measures too."),
        error_messages={
            "required": _("Choose the kind of measure."),
            "invalid_choice": _("Choose the kind of measure."),
        },
    )
    description = forms.CharField(
        label=_("What the measure is"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the measure.")},
    )
    justification = forms.CharField(
        label=_("Grounds for the measure"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Every measure in the register needs written grounds: the facts and the reasons that make it necessary."
        ),
        error_messages={"required": _("Give the grounds for the measure in writing (at least a full sentence).")},
    )
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the date the measure takes effect."),
            "invalid": _("Give the date as day-month-year."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        # Set before the mixin's __init__, which already validates a bound form.
        self._scope = employees_in_scope(user).order_by("name", "number")
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = self._scope

    def clean_employee(self):
        employee = self.cleaned_data["employee"]
        if not self._scope.filter(pk=employee.pk).exists():
            raise forms.ValidationError(self.fields["employee"].error_messages["invalid_choice"])
        return employee


class ReviewForm(DesignSystemFormMixin, forms.Form):
    DECISIONS = [
        ("block", _("Not cleared: the measure is presumed retaliation and may not take effect")),
        ("clear", _("Cleared: the employer has shown grounds unrelated to the report")),
    ]
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you clear the measure.")},
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Kept in the integrity file. The proposing manager learns only whether the measure may take effect."
        ),
        error_messages={"required": _("Give the reasons for your review in writing (at least a full sentence).")},
    )
