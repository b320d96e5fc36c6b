"""Forms of the administrator's appointment settings."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.languages import CLIENT_LANGUAGES, DEFAULT
from .models import Closure, CounterService, Location

WEEKDAYS = [
    (str(i), n)
    for i, n in enumerate(
        [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
    )
]


class OpeningHoursMixin:
    """Opening hours as two time fields per weekday (both empty: closed that day), stored as
    ``{"0": ["09:00", "17:00"], …}``."""

    def add_hours_fields(self, hours: dict) -> None:
        for number, name in WEEKDAYS:
            opens, closes = (hours or {}).get(number) or ("", "")
            self.fields[f"opens_{number}"] = forms.TimeField(
                label=_("%(day)s: opens") % {"day": name},
                required=False,
                initial=opens,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"closes_{number}"] = forms.TimeField(
                label=_("%(day)s: closes") % {"day": name},
                required=False,
                initial=closes,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def clean_hours(self) -> dict:
        hours = {}
        for number, name in WEEKDAYS:
            opens, closes = self.cleaned_data.get(f"opens_{number}"), self.cleaned_data.get(f"closes_{number}")
            if f"opens_{number}" in self.errors or f"closes_{number}" in self.errors:
                continue
            if bool(opens) != bool(closes):
                self.add_error(
                    f"closes_{number}", _("Give both times for %(day)s, or neither (closed).") % {"day": name}
                )
            elif opens and closes <= opens:
                self.add_error(f"closes_{number}", _("On %(day)s the location closes after it opens.") % {"day": name})
            elif opens:
                hours[number] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        return hours


class LocationForm(OpeningHoursMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = ["code", "name", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_hours_fields({str(d): ["09:00", "17:00"] for d in range(5)})

    def clean(self):
        data = super().clean()
        data["opening_hours"] = self.clean_hours()
        return data

    @property
    def stored(self) -> dict:
        """What the service stores: the model's fields and the opening hours."""
        return {k: self.cleaned_data[k] for k in ("code", "name", "address", "opening_hours")}


class LocationEditForm(OpeningHoursMixin, forms.Form):
    """A location's name, address and opening hours; its code stays (links and the API use it)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, location: Location, **kwargs):
        kwargs.setdefault("initial", {"name": location.name, "address": location.address})
        super().__init__(*args, **kwargs)
        self.add_hours_fields(location.opening_hours)

    def clean(self):
        data = super().clean()
        data["opening_hours"] = self.clean_hours()
        return {k: data[k] for k in ("name", "address", "opening_hours") if k in data}


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].empty_label = _("every location")

    def validate_unique(self):
        """The service says so in its own words (a day closed twice)."""


class RosterForm(forms.Form):
    """Staff a counter for a service on chosen weekdays over a period."""

    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all())
    counter = forms.IntegerField(label=_("Counter"), min_value=1, max_value=99)
    service = forms.ModelChoiceField(label=_("Service"), queryset=CounterService.objects.filter(active=True))
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


class ServiceEditForm(forms.Form):
    """A service's name, duration and skill; its code stays (links and the API use it)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"))
    skill = forms.CharField(label=_("Staff skill needed"), required=False, max_length=100)

    def __init__(self, *args, names: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, lang in CLIENT_LANGUAGES.items():
            if code != DEFAULT:
                self.fields[f"name_{code}"] = forms.CharField(
                    label=_("Name (%(language)s)") % {"language": lang.name_local},
                    required=False,
                    max_length=200,
                    initial=(names or {}).get(code, ""),
                    widget=forms.TextInput(attrs={"lang": code, "dir": "rtl" if lang.bidi else "ltr"}),
                )

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 5 <= minutes <= 480:
            raise forms.ValidationError(_("A service takes between 5 and 480 minutes."))
        return minutes

    def clean(self):
        """The names in other languages are what clients read; an empty one falls back to the name."""
        data = super().clean()
        names = {k[5:]: data.pop(k).strip() for k in list(data) if k.startswith("name_")}
        data["names"] = {code: text for code, text in names.items() if text}
        return data


class ClosureEditForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.all(),
        required=False,
        empty_label=_("every location"),
    )
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RosterEditForm(forms.Form):
    """One counter on one day; its location and day stay (remove it and roster another)."""

    counter = forms.IntegerField(label=_("Counter"), min_value=1, max_value=99)
    service = forms.ModelChoiceField(label=_("Service"), queryset=CounterService.objects.filter(active=True))
    starts = forms.TimeField(label=_("From (time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("Until (time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    staff = forms.CharField(label=_("Staff"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            raise forms.ValidationError(_("The end time must be after the start time."))
        return data


class RosterFilterForm(forms.Form):
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.all(), to_field_name="code")
    week = forms.DateField(label=_("Week from"), widget=forms.DateInput(attrs={"type": "date"}))
