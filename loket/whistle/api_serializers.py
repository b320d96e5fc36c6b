"""Shapes of the reporter's API (meldpunt): what a reporter sends and what they get back.

The serializers check only the shape of the input (a text is a text, a list a list); what
the input means (a description is needed, an anonymous report carries no name, a file is
what its name says) is checked by the services, so the web form and the API give the
same answers.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Anonymity, Category, Message, Stage


class OpenChoiceField(serializers.ChoiceField):
    """Documented as an enum, but passed on as given: the service explains a wrong value."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return data


class CheckedByDefault(serializers.BooleanField):
    """A boolean that is true when a multipart form leaves it out (DRF's default is false)."""

    default_empty_html = True


class StrictText(serializers.CharField):
    """A text is a text: a number or a list is refused, not turned into one (the schema says string)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBoolean(CheckedByDefault):
    """In JSON a boolean is true or false, as the schema says; not "yes", 1 or "true"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


def _text(label, help_text=""):
    return StrictText(
        label=label, help_text=help_text, required=False, allow_blank=True, trim_whitespace=False, default=""
    )


def _strip_metadata(field=CheckedByDefault):
    return field(
        required=False,
        default=True,
        label=_("remove metadata from attachments"),
        help_text=_(
            "A file's metadata (author, camera, place, the account that saved it) can identify you. "
            "When true (the default), it is removed from pictures, PDFs and office documents."
        ),
    )


def _attachments():
    return serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        label=_("attachments"),
        help_text=_("Repeat the field for each file: pictures, PDFs, office documents or text files."),
    )


class ReportInputSerializer(serializers.Serializer):
    """A new report (melding). Only ``description`` and ``anonymity`` are needed."""

    description = StrictText(label=_("what happened"), allow_blank=True, trim_whitespace=False)
    anonymity = OpenChoiceField(
        Anonymity.choices,
        label=_("how the reporter wants to be known"),
        help_text=_(
            "open: your name may be known; confidential: known to the handlers only; "
            "anonymous: nobody knows it (then give no name or contact details)."
        ),
    )
    category = OpenChoiceField(Category.choices, required=False, default=Category.OTHER, label=_("category"))
    happened_when = _text(_("when it happened"))
    happened_where = _text(_("where it happened"))
    involved = _text(_("who is involved"))
    involved_employees = serializers.ListField(
        child=StrictText(max_length=50),
        required=False,
        default=list,
        max_length=100,
        label=_("employee numbers of the people involved"),
        help_text=_("Persons named, and every manager above them, are kept away from the report."),
    )
    reporter_name = _text(_("your name"), _("Only for an open or confidential report."))
    reporter_email = _text(_("your e-mail address"), _("Only for an open or confidential report."))
    reporter_phone = _text(_("your phone number"), _("Only for an open or confidential report."))
    reporter_employee_number = _text(
        _("your employee number"),
        _(
            "Only for an open or confidential report. Kept, encrypted, as you give it; "
            "a handler checks it and then protects you."
        ),
    )
    strip_metadata = _strip_metadata(StrictBoolean)


class ReportMultipartSerializer(ReportInputSerializer):
    """The same report as multipart/form-data, with files."""

    attachments = _attachments()
    strip_metadata = _strip_metadata()


class ReportCreatedSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=_("The report's reference."))
    receipt = serializers.CharField(
        help_text=_(
            "16 digits, shown this once: with them the reporter reads the status and answers questions. "
            "They are stored only as a hash and cannot be recovered."
        )
    )
    acknowledge_due = serializers.DateField(help_text=_("Receipt is acknowledged by this day (7 days)."))
    feedback_due = serializers.DateField(help_text=_("Feedback is given by this day (3 months)."))
    status = serializers.ChoiceField(Stage.choices)


class ReceiptSerializer(serializers.Serializer):
    receipt = StrictText(
        help_text=_("The 16-digit receipt; spaces and dashes are ignored."), allow_blank=True, trim_whitespace=False
    )


class ReporterMessageSerializer(ReceiptSerializer):
    body = StrictText(allow_blank=True, trim_whitespace=False, label=_("message"))
    strip_metadata = _strip_metadata(StrictBoolean)


class ReporterMessageMultipartSerializer(ReporterMessageSerializer):
    attachments = _attachments()
    strip_metadata = _strip_metadata()


class DeadlineSerializer(serializers.Serializer):
    due = serializers.DateField()
    days_left = serializers.IntegerField(help_text=_("Negative once the day has passed."))
    done = serializers.BooleanField()


class DeadlinesSerializer(serializers.Serializer):
    acknowledge = DeadlineSerializer()
    feedback = DeadlineSerializer()


class MessageAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()


class MessageOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Message.Kind.choices)
    kind_label = serializers.CharField()
    body = serializers.CharField()
    from_reporter = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    attachments = MessageAttachmentSerializer(many=True)


class ReporterViewSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(Stage.choices)
    status_label = serializers.CharField()
    received_on = serializers.DateField()
    deadlines = DeadlinesSerializer()
    closed = serializers.BooleanField()
    oral = serializers.BooleanField(help_text=_("Recorded by a handler from a phone call or meeting."))
    minutes_confirmed = serializers.BooleanField()
    description = serializers.CharField(help_text=_("The report as received (for an oral report: the minutes)."))
    messages = MessageOutSerializer(many=True)


class MessageCreatedSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Message.Kind.choices)
    from_reporter = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    attachments = serializers.IntegerField(help_text=_("How many files were attached."))


class MinutesConfirmedSerializer(serializers.Serializer):
    minutes_confirmed = serializers.BooleanField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
