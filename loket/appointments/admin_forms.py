"""Forms of the administrator's appointment settings."""

from __future__ import annotations

import json
from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Closure, CounterService, Location

WEEKDAYS = [
    (str(i), n)
    for i, n in enumerate(
        [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
    )
]


class LocationForm(forms.ModelForm):
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        help_text=_('Per weekday (0 = Monday): {"0": ["09:00", "17:00"], …}'),
        initial=json.dumps({str(d): ["09:00", "17:00"] for d in range(5)}),
    )

    class Meta:
        model = Location
        fields = ["code", "name", "address", "opening_hours"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def clean_opening_hours(self):
        text = self.cleaned_data["opening_hours"]
        try:
            hours = json.loads(text) if isinstance(text, str) else text
            ok = isinstance(hours, dict) and all(
                k in {str(i) for i in range(7)}
                and isinstance(v, list)
                and len(v) == 2
                and v[0] < v[1]
                and all(len(t) == 5 and t[2] == ":" for t in v)
                for k, v in hours.items()
            )
        except (ValueError, TypeError):
            ok = False
        if not ok:
            raise forms.ValidationError(_('Write the opening hours as {"0": ["09:00", "17:00"]}, a weekday 0-6 each.'))
        return hours


class ServiceForm(forms.ModelForm):
    class Meta:
        model = CounterService
        fields = ["code", "name", "duration_minutes", "skill"]

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 5 <= minutes <= 480:
            raise forms.ValidationError(_("A service takes between 5 and 480 minutes."))
        return minutes


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["location", "day", "reason"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}


class RosterForm(forms.Form):
    """Staff a counter for a service on chosen weekdays over a period."""

    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all())
    counter = forms.IntegerField(label=_("Counter"), min_value=1, max_value=99)
    service = forms.ModelChoiceField(label=_("Service"), queryset=CounterService.objects.all())
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple, initial=["0", "1", "2", "3", "4"]
    )
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("From (time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until (time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    staff = forms.CharField(label=_("Staff"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and (last < first or last - first > timedelta(days=366)):
            raise forms.ValidationError(_("Choose a period of at most a year, ending after it starts."))
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            raise forms.ValidationError(_("The end time must be after the start time."))
        return data
