"""API tokens for partner systems (DESIGN.md: systems' API access).

A token belongs to a service user that holds exactly one role, so the permission checks in
the services apply to a system as they do to a person. Only a SHA-256 digest of the token
is stored: the token itself is shown once, when it is made.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.roles import Role


class ApiToken(models.Model):
    name = models.SlugField(
        _("name"), max_length=100, unique=True, help_text=_("The partner system, e.g. telephony-platform.")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token", verbose_name=_("service user")
    )
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The token's first characters, to tell it apart.")
    )
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.CharField(_("created by"), max_length=150)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.role})"

    def is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
