"""Service norms (servicenormen), answer templates, answers and the tasks an answer leaves.

A service norm is the service's own promise (not a statutory period): how many working
days a question on a channel and topic may take. Due dates come only from
``loket.core.deadlines``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AnswerChannel, Channel, TaskKind, Topic


class ServiceNorm(models.Model):
    """How many working days a question may take, per channel and (optionally) topic.
    A norm with an empty topic holds for every topic of the channel without its own."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topic = models.CharField(
        _("topic"),
        max_length=20,
        choices=Topic.choices,
        blank=True,
        help_text=_("Leave empty for every topic of this channel."),
    )
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        ordering = ["channel", "topic"]
        verbose_name = _("service norm")
        verbose_name_plural = _("service norms")
        constraints = [
            models.UniqueConstraint(fields=["channel", "topic"], name="one_norm_per_channel_topic"),
            models.CheckConstraint(condition=models.Q(working_days__gte=1), name="norm_at_least_one_day"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.topic or '*'}: {self.working_days}"


class AnswerTemplate(models.Model):
    """The frame of an answer in one language; ``{name}``, ``{reference}``, ``{subject}``
    and ``{answer}`` are filled in. A template with an empty topic serves every topic."""

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["language", "topic"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        constraints = [models.UniqueConstraint(fields=["topic", "language"], name="one_template_per_topic_language")]

    def __str__(self):
        return f"{self.language} {self.topic or '*'}"


class Answer(models.Model):
    """The one answer to a question, on the client's preferred channel and language."""

    question = models.OneToOneField("contact.Question", on_delete=models.PROTECT, related_name="answer")
    channel = models.CharField(_("channel"), max_length=10, choices=AnswerChannel.choices)
    language = models.CharField(_("language"), max_length=10)
    template = models.ForeignKey(AnswerTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recipient = models.CharField(_("to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    message_id = models.CharField(max_length=300, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("answered"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    within_norm = models.BooleanField(_("within the service norm"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")


class Task(models.Model):
    """Work an agent still has to do by hand: call a client back, or print and post a letter."""

    question = models.ForeignKey("contact.Question", on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(_("task"), max_length=10, choices=TaskKind.choices)
    due_on = models.DateField(_("do by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="contact_tasks"
    )
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_on"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
