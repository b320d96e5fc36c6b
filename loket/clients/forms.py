"""Forms of the staff pages about clients."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.widgets import DesignSystemFormMixin


class SearchForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, V-number, phone number, e-mail address or case reference"), max_length=300, required=False
    )


class MergeForm(DesignSystemFormMixin, forms.Form):
    """Merge another client into the one shown (samenvoegen)."""

    other = forms.IntegerField(
        label=_("Number of the client to merge into this one"),
        min_value=1,
        help_text=_("The number shown on that client's page."),
    )
    reason = forms.CharField(
        label=_("Why are these clients one person?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UndoMergeForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is this merge undone?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


NEW_CLIENT = "new"


class ReviewDecisionForm(DesignSystemFormMixin, forms.Form):
    """An agent says who sent a contact: one of the candidates, or a new client."""

    decision = forms.ChoiceField(label=_("Who sent this contact?"), widget=forms.RadioSelect)
    other = forms.IntegerField(
        label=_("Or another client, by number"),
        min_value=1,
        required=False,
        help_text=_("Found by searching; leave empty to use the choice above."),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(c.client_id),
                _("client %(id)s: %(name)s (score %(score).2f)")
                % {"id": c.client_id, "name": c.client.resolved(), "score": c.score},
            )
            for c in item.candidates.all()
        ]
        choices.append((NEW_CLIENT, _("someone new: create a client")))
        self.fields["decision"].choices = choices
        self.fields["decision"].required = False
        self.fields["decision"].widget.attrs["aria-describedby"] = f"review-{item.pk}-what"

    def clean(self):
        data = super().clean()
        if not data.get("decision") and not data.get("other"):
            raise forms.ValidationError(_("Choose a client, give a client's number, or create a new client."))
        return data

    def chosen_client_id(self) -> int | None:
        """The client the agent chose; None for a new client."""
        if self.cleaned_data.get("other"):
            return self.cleaned_data["other"]
        choice = self.cleaned_data["decision"]
        return None if choice == NEW_CLIENT else int(choice)


class BSNForm(DesignSystemFormMixin, forms.Form):
    """Link a BSN, after seeing an identity document (only its keyed hash is kept)."""

    bsn = forms.CharField(label=_("BSN"), max_length=20, help_text=_("9 digits; checked with the eleven test."))
    reason = forms.CharField(label=_("Seen on which document?"), max_length=300)


class SignInCodeForm(DesignSystemFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("How does the client get the code?"),
        choices=[("letter", _("by letter")), ("counter", _("at the counter, now"))],
        widget=forms.RadioSelect,
    )


class MandateForm(DesignSystemFormMixin, forms.Form):
    representative = forms.IntegerField(
        label=_("Number of the representative"), min_value=1, help_text=_("As shown on the representative's page.")
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until (empty: until ended)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
