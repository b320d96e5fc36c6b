"""A client's identity (cliënt): V-number, names in several scripts, a birth date that may be
partial, nationality, language, phone numbers, e-mail addresses and a representative.

Identifiers that a contact may carry (phone, e-mail, case reference) live in their own
tables so that one client can have several and, for phones and e-mail addresses, several
clients can share one (a family phone, a lawyer's address): sharing is visible, and a
shared value is never taken as proof of who someone is.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .blocking import RECIPE
from .doubts import Doubt
from .parsing import MAX_PHONE_WRITTEN, PartialDate, partial_date

MAX_MERGE_CHAIN = 50


class Representative(models.Model):
    """A gemachtigde: a lawyer or other authorised person who may contact the service for
    several clients. Their phone number and e-mail address identify them, not a client."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True, db_index=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="representative",
        verbose_name=_("user account"),
    )
    bsn_hash = models.CharField(
        _("BSN (keyed hash)"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("representative (gemachtigde)")
        verbose_name_plural = _("representatives (gemachtigden)")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Client(models.Model):
    """One person the service deals with. A client merged into another keeps its row (so a
    merge can be undone) and points at the survivor through ``merged_into``."""

    v_number = models.CharField(
        _("V-number"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The vreemdelingennummer: 10 digits."),
    )
    display_name = models.CharField(_("name"), max_length=300, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    birth_placeholder = models.BooleanField(
        _("day and month are placeholders"),
        default=False,
        help_text=_("Set when only the year is real (papers showing 00-00 or 01-01)."),
    )
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, help_text=_("ISO 3166 alpha-2 code, e.g. SY.")
    )
    language = models.CharField(_("preferred language"), max_length=10, blank=True)
    representative = models.ForeignKey(
        Representative,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clients",
        verbose_name=_("representative (gemachtigde)"),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_clients",
        verbose_name=_("merged into"),
    )
    # The BSN is kept only as a keyed hash (loket.clients.bsn): it finds the client signing in
    # with DigiD, and the database alone gives no list of BSNs.
    bsn_hash = models.CharField(
        _("BSN (keyed hash)"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # Raised when the client signs out: every session started before ends too.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    keys_recipe = models.PositiveSmallIntegerField(
        _("version of the key recipe"),
        default=RECIPE,
        editable=False,
        help_text=_("The recipe version that made the client's blocking keys and folded names."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True) | models.Q(birth_month__gte=1, birth_month__lte=12),
                name="clients_birth_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True) | models.Q(birth_month__isnull=False),
                name="clients_birth_day_needs_month",
            ),
        ]

    def __str__(self):
        return self.display_name or str(_("client %(id)s") % {"id": self.pk})

    @property
    def birth_date(self) -> PartialDate:
        return partial_date(self.birth_year, self.birth_month, self.birth_day, self.birth_placeholder)

    @birth_date.setter
    def birth_date(self, value: PartialDate) -> None:
        self.birth_year, self.birth_month, self.birth_day = value.year, value.month, value.day
        self.birth_placeholder = value.placeholder

    def resolved(self) -> Client:
        """The client that survives every merge this one went into (itself if none)."""
        client, seen = self, {self.pk}
        while client.merged_into_id is not None:
            client = client.merged_into
            if client.pk in seen or len(seen) > MAX_MERGE_CHAIN:
                raise ValueError(f"merge chain of client {self.pk} loops")
            seen.add(client.pk)
        return client

    def clean(self):
        if self.v_number and not (len(self.v_number) == 10 and self.v_number.isdigit()):
            raise ValidationError({"v_number": _("A V-number has 10 digits.")})


class ClientName(models.Model):
    """A name as written: in the original script, or a Latin transliteration of it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="names")
    full_name = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=4, default="Latn", help_text=_("ISO 15924, e.g. Arab, Latn."))
    is_original = models.BooleanField(_("original script"), default=False)
    folded = models.CharField(_("search form"), max_length=300, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_original", "id"]
        verbose_name = _("client name")
        verbose_name_plural = _("client names")
        constraints = [models.UniqueConstraint(fields=["client", "full_name"], name="clients_name_once")]
        # Plain indexes, not db_index=True: on PostgreSQL that adds to each text column a
        # second index for LIKE, which no query uses and every imported row pays for.
        indexes = [models.Index(fields=["folded"], name="clientname_folded_idx")]

    def __str__(self):
        return self.full_name


class ClientPhone(models.Model):
    """A phone number in E.164, or as written when it is doubtful (``doubt`` says why: it
    is then no exact identifier). Several clients may share one (a family's phone)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone number"), max_length=MAX_PHONE_WRITTEN)
    doubt = models.CharField(_("doubtful because"), max_length=20, choices=Doubt.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [models.UniqueConstraint(fields=["client", "number"], name="clients_phone_once")]
        indexes = [models.Index(fields=["number"], name="clientphone_number_idx")]  # see ClientName.Meta

    def __str__(self):
        return self.number


class ClientEmail(models.Model):
    """A normalised e-mail address, or as written when it is doubtful (``doubt``). Several
    clients may share one (a family's address)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="emails")
    address = models.CharField(_("e-mail address"), max_length=254)
    doubt = models.CharField(_("doubtful because"), max_length=20, choices=Doubt.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")
        constraints = [models.UniqueConstraint(fields=["client", "address"], name="clients_email_once")]
        indexes = [models.Index(fields=["address"], name="clientemail_address_idx")]  # see ClientName.Meta

    def __str__(self):
        return self.address


class CaseReference(models.Model):
    """A case (zaak) number of the client: one case belongs to one client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="case_refs")
    reference = models.CharField(_("case reference"), max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("case reference")
        verbose_name_plural = _("case references")

    def __str__(self):
        return self.reference


class ClientBlockingKey(models.Model):
    """A 64-bit hash of a blocking key (a name token's skeleton with the birth year, a pair of
    skeletons, ...): matching looks candidates up here instead of reading every client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="blocking_keys")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "client"], name="clients_blocking_key")]


from .linkage_models import LinkageEstimate  # noqa: E402,F401
from .review_models import ClientMerge, ReviewCandidate, ReviewItem  # noqa: E402,F401
from .signin_models import Mandate, SignInCode, SignInThrottle  # noqa: E402,F401
