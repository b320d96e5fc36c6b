"""Contacts on every channel (contactmomenten) and the client questions (klantvragen)
they belong to.

A contact is one thing a client did: an e-mail, a call, a web form, a visit to the
counter, a letter. A question is the matter they contacted the service about; every
contact about the same matter, on any channel, joins the one question, which has one
owner, one deadline and one answer. Joined contacts make no work of their own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .answer_models import Answer, AnswerTemplate, ServiceNorm, Task  # noqa: F401
from .choices import AnswerChannel, Caller, CallOutcome, Channel, MatchOutcome, QuestionStatus, Topic


class Question(models.Model):
    """A client question (klantvraag): one matter, one owner, one deadline, one answer."""

    # db_index=False here and on status: the indexes in Meta begin with these columns and
    # serve the same lookups; a second index only makes every insert write twice.
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_questions",
        verbose_name=_("client"),
        db_index=False,
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    case_ref = models.CharField(_("case reference"), max_length=40, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    channel = models.CharField(
        _("first channel"),
        max_length=10,
        choices=Channel.choices,
        help_text=_("The channel of the first contact; its service norm sets the deadline."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    language_detected = models.BooleanField(_("language read from the text"), default=False)
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    last_contact_at = models.DateTimeField(_("last contact"))
    norm_days = models.PositiveSmallIntegerField(_("service norm in working days"))
    due_on = models.DateField(_("answer by"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_questions",
        verbose_name=_("owner"),
    )
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_questions",
        verbose_name=_("merged into"),
    )
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("follows up on"),
        help_text=_("An answered question the client came back to."),
    )

    class Meta:
        ordering = ["due_on", "opened_at"]
        verbose_name = _("client question")
        verbose_name_plural = _("client questions")
        indexes = [
            models.Index(fields=["client", "status", "topic"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["case_ref"], name="question_case_ref_idx"),  # a plain index (see Contact.Meta)
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return self.reference_of(self.pk)

    @staticmethod
    def reference_of(pk: int | None) -> str:
        """The reference of the question with this id (for rows read as plain values)."""
        return f"KV-{pk:07d}" if pk else "KV-?"

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.OPEN

    def resolved(self) -> "Question":
        """The question this one now lives in, after every merge."""
        question, seen = self, set()
        while question.merged_into_id and question.pk not in seen:
            seen.add(question.pk)
            question = question.merged_into
        return question


class Contact(models.Model):
    """One contact (contactmoment) on one channel; it always belongs to a question."""

    ref = models.CharField(
        _("reference"),
        max_length=200,
        unique=True,
        help_text=_("The sender's or source system's id: importing it twice adds nothing."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), db_index=True)
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("client"),
        db_index=False,  # see Meta
        help_text=_("Empty while an agent confirms which client this is."),
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("question")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    topic_detected = models.BooleanField(_("topic read from the text"), default=False)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    language_detected = models.BooleanField(_("language read from the text"), default=False)
    answer_channel = models.CharField(
        _("answer wanted by"),
        max_length=10,
        choices=AnswerChannel.choices,
        blank=True,
        help_text=_("How the client asked to be answered, if they said."),
    )

    # Who it came from, as given (the identity the matching service linked).
    name = models.CharField(_("name"), max_length=300, blank=True)  # as long as a client's name may be
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    v_number = models.CharField(_("V-number"), max_length=10, blank=True)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    case_ref = models.CharField(_("case reference"), max_length=40, blank=True)
    doubts = models.JSONField(
        _("doubtful details"),
        default=dict,
        blank=True,
        help_text=_("Details kept as written but not used to identify the client: field, as written, why."),
    )

    # How the matching service linked it, and why.
    match_outcome = models.CharField(_("match"), max_length=10, choices=MatchOutcome.choices, blank=True)
    match_score = models.FloatField(_("match score"), null=True, blank=True)
    match_reasons = models.JSONField(_("why"), default=list, blank=True)
    match_candidates = models.JSONField(_("candidate clients"), default=list, blank=True)

    # E-mail threading (RFC 5322 Message-ID, In-Reply-To, References).
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=300, blank=True)
    references = models.TextField(_("References"), blank=True)

    # Calls and visits: recorded by an agent.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recorded_contacts",
        verbose_name=_("recorded by"),
    )
    caller = models.CharField(_("who called"), max_length=20, choices=Caller.choices, blank=True)
    call_outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    callback_by = models.DateField(_("call back by"), null=True, blank=True)

    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # Plain indexes, not db_index=True: on PostgreSQL that adds to each text column a
        # second index for LIKE, which no query uses and every imported row pays for.
        indexes = [
            models.Index(fields=["client", "received_at"]),
            models.Index(fields=["channel"], name="contact_channel_idx"),
            models.Index(fields=["message_id"], name="contact_message_id_idx"),
            models.Index(fields=["in_reply_to"], name="contact_in_reply_to_idx"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.ref}"


class Attachment(models.Model):
    """A file that came with a contact: an e-mail attachment or a scanned letter. Kept in
    the database so that a contact and its files are stored together or not at all."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class QuestionMerge(models.Model):
    """Two questions found to be one: the contacts of ``merged`` moved to ``keep``. The
    list of moved contacts makes the merge undoable; nothing is ever deleted."""

    keep = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="merges_merged")
    contact_ids = models.JSONField(default=list)
    previous = models.JSONField(default=dict, help_text="The kept question's fields before the merge.")
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.TextField(blank=True)
    # the client merge that brought these questions together: undoing it parts them again
    client_merge = models.ForeignKey(
        "clients.ClientMerge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("question merge")
        verbose_name_plural = _("question merges")


class QuestionSplit(models.Model):
    """Contacts taken out of a question into a new one, because they are another matter."""

    source = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="splits_from")
    created = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="splits_into")
    contact_ids = models.JSONField(default=list)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class RegroupDue(models.Model):
    """A client whose open questions an import regroups when it has finished: clients were
    merged during the import (see ``services.bulk``). Written in the transaction of the batch
    that merged them, so an import killed before its end leaves this work on file, and the
    next run finishes it: the result is that of an uninterrupted run."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, primary_key=True, related_name="+")

    class Meta:
        verbose_name = _("client to regroup")
        verbose_name_plural = _("clients to regroup")


class QuestionWindow(models.Model):
    """One estimate of how long a question stays open to contacts on its topic, learned from
    the gaps between e-mails and the earlier e-mails they answer (``services.question_window``).
    Kept, not overwritten: a grouping can be traced to the window that made it."""

    estimated_at = models.DateTimeField(_("estimated at"), auto_now_add=True)
    replies = models.PositiveIntegerField(_("replies measured"))
    quantile_days = models.FloatField(_("gap of the replies (days)"))
    days = models.FloatField(_("window (days)"))

    class Meta:
        ordering = ["-estimated_at", "-id"]
        verbose_name = _("question window")
        verbose_name_plural = _("question windows")

    def __str__(self):
        return f"{self.estimated_at:%Y-%m-%d %H:%M}: {self.days:.1f} days ({self.replies} replies)"
