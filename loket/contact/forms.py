"""Forms of the contact app. They collect text; the checks live in one place
(``inputs.clean_contact`` and the clients app's parsers) and their messages are put back
on the fields here, so a form and an import say the same thing about the same input."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..core.languages import CLIENT_LANGUAGES
from ..core.widgets import DesignSystemFormMixin
from .choices import AnswerChannel, Caller, CallOutcome, Channel, Topic
from .inputs import ContactInput, clean_contact

# Translators: client
TOPIC_CHOICES = [("", _("— choose —"))] + list(Topic.choices)


class _IdentityForm(DesignSystemFormMixin, forms.Form):
    """Who the contact is from: whatever the client gives."""

    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    v_number = forms.CharField(
        label=_("V-number"), max_length=30, required=False, help_text=_("10 digits, as the client gives it.")
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=20,
        required=False,
        help_text=_("For example 1990-05-01, 01-05-1990, or a year alone."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mail address"), max_length=254, required=False)
    case_ref = forms.CharField(label=_("Case reference"), max_length=40, required=False)

    channel = ""

    def raw(self) -> dict:
        """The form's values in the import format."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.setdefault("received_at", timezone.localtime().isoformat())
        data["channel"] = self.channel
        return data

    def to_input(self) -> ContactInput | None:
        """The checked contact, or None with every problem put on its field."""
        try:
            data = clean_contact(self.raw(), require_ref=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return None
        return self.finish(data)

    def finish(self, data: ContactInput) -> ContactInput:
        return data


class CallForm(_IdentityForm):
    """A phone call, recorded by the agent who took it."""

    channel = Channel.PHONE
    caller = forms.ChoiceField(label=_("Who called"), choices=Caller.choices, initial=Caller.CLIENT)
    topic = forms.ChoiceField(label=_("Topic"), choices=TOPIC_CHOICES)
    subject = forms.CharField(label=_("About what"), max_length=300)
    body = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    call_outcome = forms.ChoiceField(label=_("Outcome"), choices=CallOutcome.choices, initial=CallOutcome.NOTED)
    callback_by = forms.DateField(
        label=_("Call back by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the service norm."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("callback_by") and cleaned.get("call_outcome") != CallOutcome.CALLBACK:
            self.add_error("callback_by", _("Only give a call-back date when you promised a call-back."))
        return cleaned

    def raw(self) -> dict:
        data = super().raw()
        data.pop("callback_by", None)
        return data

    def finish(self, data: ContactInput) -> ContactInput:
        data.callback_by = self.cleaned_data.get("callback_by")
        return data


class VisitForm(_IdentityForm):
    """A visit at the counter (balie)."""

    channel = Channel.COUNTER
    topic = forms.ChoiceField(label=_("Topic"), choices=TOPIC_CHOICES)
    subject = forms.CharField(label=_("About what"), max_length=300)
    body = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    call_outcome = forms.ChoiceField(label=_("Outcome"), choices=CallOutcome.choices, initial=CallOutcome.NOTED)


class LetterForm(_IdentityForm):
    """A scanned letter, registered by hand."""

    channel = Channel.LETTER
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(label=_("Scan of the letter"))
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("— read it from the text —"))] + list(Topic.choices), required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    body = forms.CharField(label=_("Text or summary of the letter"), widget=forms.Textarea(attrs={"rows": 6}))

    def raw(self) -> dict:
        data = super().raw()
        data.pop("scan", None)
        received_on = data.pop("received_on", None)
        if received_on:
            data["received_at"] = timezone.make_aware(datetime.combine(received_on, time(9))).isoformat()
        return data


class WebQuestionForm(_IdentityForm):
    """The client's own form on the client site, in their language."""

    channel = Channel.WEB
    # Translators: client
    name = forms.CharField(label=_("Your name"), max_length=300)
    # Translators: client
    email = forms.CharField(label=_("Your e-mail address"), max_length=254, required=False)
    # Translators: client
    phone = forms.CharField(label=_("Your phone number"), max_length=40, required=False)
    v_number = forms.CharField(
        # Translators: client
        label=_("Your V-number (if you have one)"),
        max_length=30,
        required=False,
        # Translators: client
        help_text=_("10 digits. You find it on your residence document or our letters."),
    )
    birth_date = forms.CharField(
        # Translators: client
        label=_("Your date of birth"),
        max_length=20,
        required=False,
        # Translators: client
        help_text=_("For example 1990-05-01, or only the year."),
    )
    # Translators: client
    case_ref = forms.CharField(label=_("Case number (if you have one)"), max_length=40, required=False)
    # Translators: client
    topic = forms.ChoiceField(label=_("What is your question about?"), choices=TOPIC_CHOICES)
    # Translators: client
    subject = forms.CharField(label=_("Subject"), max_length=300)
    # Translators: client
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    answer_channel = forms.ChoiceField(
        # Translators: client
        label=_("How would you like our answer?"),
        widget=forms.RadioSelect,
        choices=[
            # Translators: client
            (AnswerChannel.EMAIL, _("by e-mail")),
            # Translators: client
            (AnswerChannel.PHONE, _("by phone")),
            # Translators: client
            (AnswerChannel.LETTER, _("by letter")),
        ],
        initial=AnswerChannel.EMAIL,
    )

    def __init__(self, *args, language: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def clean(self):
        cleaned = super().clean()
        wanted = cleaned.get("answer_channel")
        if wanted == AnswerChannel.EMAIL and not cleaned.get("email"):
            # Translators: client
            self.add_error("email", _("Give your e-mail address, so that we can answer you by e-mail."))
        if wanted == AnswerChannel.PHONE and not cleaned.get("phone"):
            # Translators: client
            self.add_error("phone", _("Give your phone number, so that we can call you back."))
        return cleaned

    def raw(self) -> dict:
        data = super().raw()
        data["language"] = self.language
        return data


class QueueFilterForm(DesignSystemFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("all"))] + list(Channel.choices), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("all"))] + list(Topic.choices), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)


class AnswerForm(DesignSystemFormMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Answer by"), choices=[c for c in AnswerChannel.choices if c[0] != "counter"])
    language = forms.ChoiceField(
        label=_("Language of the answer"),
        # Every client language: an answer is proposed in the language the client wrote in.
        choices=[(lang.code, lang.name_local) for lang in CLIENT_LANGUAGES.values()],
    )
    text = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_("Goes into the template of the chosen language, between greeting and closing."),
    )


class ReasonForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class MergeForm(ReasonForm):
    field_order = ["other", "reason"]
    other = forms.CharField(
        label=_("Question to merge into this one"), max_length=20, help_text=_("Its reference, e.g. KV-0000123.")
    )

    def clean_other(self):
        value = self.cleaned_data["other"].strip().upper().removeprefix("KV-")
        if not value.isdigit():
            raise ValidationError(_("Give a question reference such as KV-0000123."))
        return int(value)


class TopicForm(DesignSystemFormMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
