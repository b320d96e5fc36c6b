"""What lets a client or a representative into the client site: a representative's mandate
(machtiging) for a client, and the one-time sign-in codes of clients without a BSN.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MandateQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=at), valid_from__lte=at)


class Mandate(models.Model):
    """A representative (gemachtigde) may act for this client from ``valid_from`` up to and
    including ``valid_until`` (open when empty). Ended, never deleted: the file shows who
    could act when."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="mandates")
    representative = models.ForeignKey("clients.Representative", on_delete=models.PROTECT, related_name="mandates")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = _("mandate (machtiging)")
        verbose_name_plural = _("mandates (machtigingen)")
        indexes = [models.Index(fields=["representative", "client"], name="clients_mandate_rep")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="clients_mandate_dates",
            )
        ]


class SignInCode(models.Model):
    """A one-time code by which a client without a BSN signs in, handed over by letter or at
    the counter. Only its keyed hash is stored; it works once, until ``expires_at``."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="sign_in_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(_("handed over"), max_length=10)  # letter | counter
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")


class SignInThrottle(models.Model):
    """Failed code sign-ins counted per keyed hash of a V-number or an address, per window:
    in the database, so that every web node counts the same."""

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)
