"""The fixed lists of the contact app: channels, topics, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone")
    WEB = "web", _("web form")
    COUNTER = "counter", _("counter")
    LETTER = "letter", _("letter")


class Topic(models.TextChoices):
    # Translators: client
    STATUS = "status", _("status of an application")
    # Translators: client
    DOCUMENT = "document", _("documents")
    # Translators: client
    FAMILY = "family", _("family")
    # Translators: client
    ADDRESS = "address", _("change of address")
    # Translators: client
    APPOINTMENT = "appointment", _("appointment")
    # Translators: client
    NATURALISATION = "naturalisation", _("naturalisation")
    # Translators: client
    FEES = "fees", _("fees and payments")
    # Translators: client
    OTHER = "other", _("something else")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    MERGED = "merged", _("merged into another question")


class MatchOutcome(models.TextChoices):
    LINKED = "linked", _("linked to a known client")
    REVIEW = "review", _("waiting for an agent to confirm the client")
    NEW = "new", _("new client")


class Caller(models.TextChoices):
    CLIENT = "client", _("the client")
    REPRESENTATIVE = "representative", _("their representative")
    FAMILY = "family", _("a family member")
    OTHER = "other", _("someone else")


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("answered on the spot")
    CALLBACK = "callback", _("call-back promised")
    NOTED = "noted", _("noted: the question stays open")


class AnswerChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("phone call")
    LETTER = "letter", _("letter")
    COUNTER = "counter", _("at the counter")


class TaskKind(models.TextChoices):
    CALLBACK = "callback", _("call the client back")
    PRINT = "print", _("print and post the letter")
