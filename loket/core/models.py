"""Core data: staff users, the audit log, the organisation chart and equated days."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audit_models import AuditEntry, AuditHead  # noqa: F401  (the append-only audit log)
from .org_models import Employee, OrgUnit  # noqa: F401  (the organisation chart)


class User(AbstractUser):
    """A person who signs in: staff of any role. Roles are groups (see ``roles.py``)."""

    language = models.CharField(_("preferred language"), max_length=10, default="nl")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class EquatedDay(models.Model):
    """A day equated with a holiday by decree for the Algemene termijnenwet (art. 3(3)).

    Kept as data because the Crown publishes a new list every few years (the Friday after
    Ascension Day, bridge days); the calendar in ``deadlines.py`` reads these on top of the
    holidays the Act itself names.
    """

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("legal source"), max_length=300, help_text=_("The decree and its publication."))

    class Meta:
        ordering = ["day"]
        verbose_name = _("day equated with a holiday")
        verbose_name_plural = _("days equated with a holiday")

    def __str__(self):
        return f"{self.day} {self.name}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .deadlines import clear_calendar_cache

        clear_calendar_cache()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        from .deadlines import clear_calendar_cache

        clear_calendar_cache()
        return result
