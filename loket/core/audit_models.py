"""The audit log's table: append-only rows, each holding the keyed hash of the one before."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .lookups import AnyOf


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One event: who did what to which object, when and why.

    ``hash`` is an HMAC over every other field and ``prev_hash``, keyed with the key named
    by ``key_id`` (held outside the database), so changing, removing or reordering an entry
    breaks the chain from that entry on and cannot be hidden by recomputing it;
    ``loket audit verify`` recomputes it. Rows are written only by
    :func:`loket.core.audit.record`.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("what"), max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # Which chain key made ``hash`` (a fingerprint, never the key); empty before keying.
    key_id = models.CharField(max_length=16, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """The newest entry's number and hash, so that removing the last entries shows too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


# the reads of a client's file ask for hundreds of object ids at once (core.selectors.file_reads)
AuditEntry._meta.get_field("object_id").register_lookup(AnyOf)
