"""Forms of the staff pages for cases: filter the queue, open a case, record an event or a hearing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.clients.models import Client
from loket.core.models import OrgUnit, User
from loket.core.roles import Role
from loket.core.widgets import DateInput, DesignSystemFormMixin, StaffChoiceField

from .choices import RECORDABLE_EVENTS, CaseKind, EventType, Track

STAFF_ROLES = [str(r) for r in (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.SECOND_READER, Role.TEAM_LEAD)]


def staff_users():
    return User.objects.filter(groups__name__in=STAFF_ROLES, is_active=True).distinct().order_by("username")


class QueueFilterForm(DesignSystemFormMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("all my teams")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("all kinds"))] + CaseKind.choices, required=False)
    track = forms.ChoiceField(
        label=_("Procedure track"), choices=[("", _("all tracks"))] + Track.choices, required=False
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else OrgUnit.objects.all()


class CaseForm(DesignSystemFormMixin, forms.Form):
    """Open a case. The contested decision is asked for objections only."""

    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    track = forms.ChoiceField(label=_("Procedure track"), choices=Track.choices)
    team = forms.ModelChoiceField(label=_("Team"), queryset=OrgUnit.objects.all())
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    v_number = forms.CharField(
        label=_("Client's V-number"),
        max_length=10,
        required=False,
        help_text=_("The vreemdelingennummer of a registered client (10 digits), if known."),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        widget=DateInput,
        help_text=_("Required for applications and objections."),
    )
    posted_on = forms.DateField(
        label=_("Posted on"),
        required=False,
        widget=DateInput,
        help_text=_("For an objection sent by post, the postmark date (Awb 6:9)."),
    )
    accelerated = forms.BooleanField(label=_("Accelerated asylum procedure"), required=False)
    contested_decided_on = forms.DateField(label=_("Contested decision taken on"), required=False, widget=DateInput)
    contested_notified_on = forms.DateField(label=_("Contested decision notified on"), required=False, widget=DateInput)
    contested_author = StaffChoiceField(
        label=_("Author of the contested decision"), queryset=User.objects.none(), required=False
    )
    contested_author_ref = forms.CharField(label=_("…or their id in another system"), max_length=100, required=False)
    contested_signatory = StaffChoiceField(
        label=_("Signatory of the contested decision"), queryset=User.objects.none(), required=False
    )
    contested_signatory_ref = forms.CharField(label=_("…or their id in another system"), max_length=100, required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        for name in ("contested_author", "contested_signatory"):
            self.fields[name].queryset = staff_users()

    def clean_v_number(self):
        value = self.cleaned_data["v_number"].strip()
        if not value:
            return None
        client = Client.objects.filter(v_number=value, merged_into__isnull=True).first()
        if client is None:
            raise forms.ValidationError(_("No client with this V-number."))
        return client


class EventForm(DesignSystemFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("What happened"), choices=[(t, EventType(t).label) for t in RECORDABLE_EVENTS])
    on = forms.DateField(label=_("On"), widget=DateInput)
    by = StaffChoiceField(label=_("By (member of staff)"), queryset=User.objects.none(), required=False)
    by_ref = forms.CharField(label=_("…or by (name or id elsewhere)"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = staff_users()


class HearingForm(DesignSystemFormMixin, forms.Form):
    """The hearing held (hoorzitting): the day and the hearer."""

    on = forms.DateField(label=_("Hearing held on"), widget=DateInput)
    by = StaffChoiceField(label=_("Heard by"), queryset=User.objects.none())
    note = forms.CharField(label=_("Minutes or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = staff_users()
