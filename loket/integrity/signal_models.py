"""The stored signals: each run of the engine, each signal with its figures and evidence, and
what the integrity officer did with it (dismissed with a reason, or an investigation opened)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["IntegritySignal", "Investigation", "SignalRun"]


class SignalRun(models.Model):
    """One computation of every signal, daily from the task queue or on demand."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    actor = models.CharField(_("started by"), max_length=150)
    count = models.PositiveIntegerField(_("signals"), default=0)
    new = models.PositiveIntegerField(_("new signals"), default=0)
    thresholds = models.JSONField(_("thresholds"), default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("signal run")
        verbose_name_plural = _("signal runs")


class IntegritySignal(models.Model):
    """A pattern worth a second look; never shown to the officer it is about."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        INVESTIGATING = "investigating", _("under investigation")

    code = models.CharField(_("signal"), max_length=10, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer"),
    )
    officer_ref = models.CharField(_("officer (id)"), max_length=150, blank=True)
    team = models.CharField(_("team"), max_length=150, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    # One signal per (code, officer, subject): a daily run updates it instead of repeating it.
    fingerprint = models.CharField(max_length=64, unique=True)
    score = models.FloatField(_("score"))
    explanation = models.TextField(_("explanation"))
    figures = models.JSONField(_("figures"), default=dict)
    evidence = models.JSONField(_("evidence"), default=list)
    first_run = models.ForeignKey(SignalRun, on_delete=models.PROTECT, related_name="signals")
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-first_seen", "code"]
        indexes = [models.Index(fields=["status", "code"], name="integrity_signal_status")]
        verbose_name = _("integrity signal")
        verbose_name_plural = _("integrity signals")

    def __str__(self):
        return f"{self.code} {self.officer_ref or self.subject}"


class Investigation(models.Model):
    """An investigation the integrity officer opened on a signal."""

    signal = models.OneToOneField(IntegritySignal, on_delete=models.PROTECT, related_name="investigation")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
