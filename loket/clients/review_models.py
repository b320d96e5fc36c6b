"""Merges of clients (samenvoegen) and the review queue of doubtful matches.

A merge records exactly which rows moved and which fields of the surviving client changed,
so that undoing it puts everything back. A review item keeps what the contact said about its
sender and the candidates matching found, until an agent confirms one or creates a client.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClientMerge(models.Model):
    """Client ``merged`` found to be the same person as ``keep``."""

    keep = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept client")
    )
    merged = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="merges_absorbed", verbose_name=_("merged client")
    )
    actor = models.CharField(_("by"), max_length=150)
    reason = models.TextField(_("reason"))
    automatic = models.BooleanField(_("automatic"), default=False)
    moved = models.JSONField(
        _("moved rows"), default=dict, help_text=_("Ids of names, phones, e-mail addresses and case references moved.")
    )
    changed = models.JSONField(
        _("changed fields"), default=dict, help_text=_("Fields of both clients as they were before the merge.")
    )
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.CharField(_("undone by"), max_length=150, blank=True)
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("client merge")
        verbose_name_plural = _("client merges")

    def __str__(self):
        return f"{self.merged_id} → {self.keep_id}"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("open")
    LINKED = "linked", _("linked to a client")
    CREATED = "created", _("new client created")


class ReviewItem(models.Model):
    """A contact whose sender matching could not decide: an agent confirms a candidate or
    creates a new client."""

    identity = models.JSONField(_("what the contact says"), default=dict)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("What is waiting on this decision, e.g. a contact reference."),
    )
    score = models.FloatField(_("best score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_decisions",
        verbose_name=_("decided client"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [  # plain indexes, not db_index (see models.ClientName.Meta)
            models.Index(fields=["source"], name="reviewitem_source_idx"),
            models.Index(fields=["status"], name="reviewitem_status_idx"),
        ]
        verbose_name = _("review item")
        verbose_name_plural = _("review items")

    def __str__(self):
        return self.identity.get("name") or str(self.pk)


class ReviewCandidate(models.Model):
    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="candidates")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("review candidate")
        verbose_name_plural = _("review candidates")
