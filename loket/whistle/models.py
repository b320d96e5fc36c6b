"""The reporting channel (meldpunt): reports of suspected wrongdoing and everything that
hangs off them.

Every field that says what a report is about, or who made it, is stored encrypted with
the report's own key (see ``crypto.py``); the plain columns hold only what the channel
needs to run its deadlines and keep reports away from the people they name.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .retaliation_models import PersonnelMeasure, ProtectedPerson, RetaliationForm  # noqa: F401


class Anonymity(models.TextChoices):
    # Translators: client
    OPEN = "open", _("open: my name may be known")
    # Translators: client
    CONFIDENTIAL = "confidential", _("confidential: my name is known to the handlers only")
    # Translators: client
    ANONYMOUS = "anonymous", _("anonymous: nobody knows my name")


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("API")
    PHONE = "phone", _("by phone")
    MEETING = "meeting", _("in a meeting")


class Category(models.TextChoices):
    # Translators: client
    SERVICE_FAILURE = "service_failure", _("poor service or unreachability")
    # Translators: client
    RULES_NOT_FOLLOWED = "rules_not_followed", _("the service's own rules not followed")
    # Translators: client
    CORRUPTION = "corruption", _("bribery, corruption or favours for payment")
    # Translators: client
    FRAUD = "fraud", _("fraud or misuse of public money")
    # Translators: client
    ABUSE_OF_POWER = "abuse_of_power", _("abuse of power")
    # Translators: client
    DATA_PROTECTION = "data_protection", _("misuse of personal data")
    # Translators: client
    SAFETY = "safety", _("danger to health, safety or the environment")
    # Translators: client
    DISCRIMINATION = "discrimination", _("discrimination, harassment or intimidation")
    # Translators: client
    RETALIATION = "retaliation", _("retaliation against a reporter")
    # Translators: client
    OTHER = "other", _("something else")


class Stage(models.TextChoices):
    # Translators: client
    RECEIVED = "received", _("received")
    # Translators: client
    ACKNOWLEDGED = "acknowledged", _("receipt acknowledged")
    # Translators: client
    INVESTIGATING = "investigating", _("under investigation")
    # Translators: client
    FEEDBACK_SENT = "feedback_sent", _("feedback sent")
    # Translators: client
    CLOSED = "closed", _("closed")


class Report(models.Model):
    """A report of a suspected wrongdoing (melding van een vermoeden van een misstand)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    anonymity = models.CharField(_("how the reporter wants to be known"), max_length=12, choices=Anonymity.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, default=Category.OTHER)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED, db_index=True)

    # Deadlines (directive 2019/1937 art. 9(1)(b),(f)), from loket.core.deadlines.
    acknowledge_due = models.DateField(_("acknowledge by"))
    feedback_due = models.DateField(_("feedback by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    feedback_sent_at = models.DateTimeField(_("feedback sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # The receipt (anonymous reporters, and any reporter who returns through the channel):
    # the first half of an argon2id hash of the 16 digits; the second half is the key that
    # opens ``reporter_key_box`` and is never stored.
    receipt_hash = models.BinaryField(null=True, unique=True, editable=False)
    reporter_key_box = models.BinaryField(null=True, editable=False)

    # Encrypted with the report key: what happened, when, where, who is involved.
    content_box = models.BinaryField(editable=False)
    # Encrypted with the report key: a confidential or open reporter's name and contact.
    identity_box = models.BinaryField(null=True, editable=False)

    # An oral report is recorded by a handler; the reporter checks, corrects and signs the
    # minutes (directive art. 18).
    minutes_confirmed_at = models.DateTimeField(_("minutes confirmed by the reporter"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    # Set when a retention decision was carried out: the content is gone, the shell stays.
    content_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["stage", "acknowledge_due"]),
            models.Index(fields=["stage", "feedback_due"]),
            # The handler's queue (selectors.handler_queue): open first, nearest deadline first;
            # lets SQLite read the first page in index order instead of sorting every report.
            models.Index(
                fields=["closed_at", "feedback_due", "acknowledge_due", "id"], name="whistle_report_queue_idx"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class HandlerKeyPair(models.Model):
    """A handler's Curve25519 key pair; the private key is locked by their password."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whistle_keys")
    public_key = models.BinaryField()
    locked_private_key = models.BinaryField()
    salt = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class ReportKey(models.Model):
    """The report's key, sealed for one handler's public key."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="keys")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whistle_report_keys")
    sealed_key = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="one_sealed_key_per_handler")]


class NamedPerson(models.Model):
    """An employee named in a report. Persons named, and every manager above them, are
    kept away from the report (independence); witnesses and helpers are protected."""

    class Role(models.TextChoices):
        CONCERNED = "concerned", _("person concerned (the report is about them)")
        WITNESS = "witness", _("witness")
        FACILITATOR = "facilitator", _("helped the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="named_persons")
    employee = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.CONCERNED)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "employee"], name="name_each_person_once")]


class Assignment(models.Model):
    class Role(models.TextChoices):
        HANDLER = "handler", _("handler")
        INVESTIGATOR = "investigator", _("investigator")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="whistle_assignments")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.HANDLER)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "user"], name="assign_each_person_once")]


class Message(models.Model):
    """A message between the handlers and the reporter, encrypted with the report key."""

    class Kind(models.TextChoices):
        # Translators: client
        MESSAGE = "message", _("message")
        # Translators: client
        QUESTION = "question", _("question to the reporter")
        # Translators: client
        ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement of receipt")
        # Translators: client
        FEEDBACK = "feedback", _("feedback")
        # Translators: client
        ADDITION = "addition", _("information added by the reporter")
        # Translators: client
        CORRECTION = "correction", _("correction of the minutes by the reporter")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MESSAGE)
    body_box = models.BinaryField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    name_box = models.BinaryField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    metadata_stripped = models.BooleanField(default=False)
    data_box = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class Allegation(models.Model):
    """One allegation the handler split the report into, with its finding."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("not yet decided")
        SUBSTANTIATED = "substantiated", _("substantiated")
        NOT_SUBSTANTIATED = "not_substantiated", _("not substantiated")
        NOT_ESTABLISHED = "not_established", _("could not be established")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="allegations")
    number = models.PositiveSmallIntegerField()
    summary_box = models.BinaryField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    reasons_box = models.BinaryField(null=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="allegation_number_per_report")]


class BreachQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("a deadline breach stays on record")


class DeadlineBreach(models.Model):
    """A deadline that passed without its step. Never deleted: the breach stays on record."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("acknowledgement")
        FEEDBACK = "feedback", _("feedback")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="breaches")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due = models.DateField()
    detected_at = models.DateTimeField()
    escalated_to = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

    objects = BreachQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="one_breach_per_deadline")]

    def delete(self, *args, **kwargs):
        raise PermissionError("a deadline breach stays on record")


class Reminder(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=DeadlineBreach.Kind.choices)
    due = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "kind", "due"], name="remind_once_per_deadline")]


class RetentionDecision(models.Model):
    """A recorded decision to delete a report's file (directive art. 18): never age alone."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="retention_decision")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    reason = models.TextField()
    delete_on = models.DateField()
    carried_out_at = models.DateTimeField(null=True, blank=True)


class ReceiptFailureWindow(models.Model):
    """Counts wrong receipts per time window for everyone together; nothing per client."""

    window_start = models.DateTimeField(unique=True)
    failures = models.PositiveIntegerField(default=0)
