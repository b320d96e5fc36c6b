"""The linkage weights learned from the register (``linkage``), one row per estimate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkageEstimate(models.Model):
    """One estimate of the Fellegi–Sunter weights; matching uses the newest. Kept, not
    overwritten, so that every link can be traced to the weights that made it."""

    estimated_at = models.DateTimeField(_("estimated at"), auto_now_add=True)
    contacts = models.PositiveIntegerField(_("contacts used"))
    clients = models.PositiveIntegerField(_("clients on file"))
    weights = models.JSONField(_("weights"))

    class Meta:
        ordering = ["-estimated_at", "-id"]
        verbose_name = _("linkage estimate")
        verbose_name_plural = _("linkage estimates")

    def __str__(self):
        return f"{self.estimated_at:%Y-%m-%d %H:%M} ({self.contacts} contacts)"
