"""A case (zaak): an application, an objection against a decision, or the revocation of a
residence permit, with its parties, team, people, events and statuses.

Events and statuses are facts about the past: they are appended, never changed or removed
(a mistaken event is answered by a later one, e.g. ``resumed`` after ``suspended``). The
statutory deadline ``due_on`` is a cache of what the rules compute
(:func:`loket.rules.deadlines.statutory_due`), refreshed by the services whenever an event
is recorded; nothing else computes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.core.audit_models import AppendOnlyError

from .choices import CaseKind, EventType, RoleInCase, Status, Track


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be changed")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows cannot be deleted")


class AppendOnlyModel(models.Model):
    """A row that is written once: saving it again or deleting it raises."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows cannot be deleted")


def person_label(user, ref: str) -> str | None:
    """How the rules name a person: the user name of a member of staff, or the id used by
    another system (for a contested decision taken before Loket)."""
    if user is not None:
        return user.get_username()
    return ref or None


class Case(models.Model):
    """Een zaak: aanvraag, bezwaar of intrekking.

    For an objection the contested decision (het bestreden besluit) is stored with its dates
    and the people who took it, as users or as ids from another system; the rules need them
    for the objection period (OBJ-01), the independent hearer (HEAR-03) and the mandate
    (MAND-01).
    """

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    track = models.CharField(_("procedure track"), max_length=20, choices=Track.choices)
    accelerated = models.BooleanField(_("accelerated asylum procedure"), default=False)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("client"),
    )
    representative = models.ForeignKey(
        "clients.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("representative (gemachtigde)"),
    )
    team = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="cases", verbose_name=_("team"))
    opened_on = models.DateField(_("opened on"))
    received_on = models.DateField(
        _("received on"), null=True, blank=True, help_text=_("The day the application or objection was received.")
    )
    posted_on = models.DateField(
        _("posted on"), null=True, blank=True, help_text=_("The day an objection was posted, when known (Awb 6:9).")
    )
    contested_decided_on = models.DateField(_("contested decision taken on"), null=True, blank=True)
    contested_notified_on = models.DateField(_("contested decision notified on"), null=True, blank=True)
    contested_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author of the contested decision"),
    )
    contested_author_ref = models.CharField(
        _("author of the contested decision (id elsewhere)"), max_length=100, blank=True
    )
    contested_signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signatory of the contested decision"),
    )
    contested_signatory_ref = models.CharField(
        _("signatory of the contested decision (id elsewhere)"), max_length=100, blank=True
    )
    due_on = models.DateField(
        _("decide by"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The statutory deadline as the rules compute it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The officer who handles the case, chosen by the system's draw (loket.integrity); only
    # :func:`loket.cases.services.assign` sets it.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("assigned officer"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["team", "due_on"], name="cases_team_due"),
            models.Index(fields=["assigned_to", "due_on"], name="cases_assigned_due"),
            # an objection officer's clients (need to know: their decided cases), from the index alone
            models.Index(
                fields=["assigned_to", "client"], condition=models.Q(kind="objection"), name="cases_objection_clients"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def contested_author_label(self) -> str | None:
        return person_label(self.contested_author, self.contested_author_ref)

    @property
    def contested_signatory_label(self) -> str | None:
        return person_label(self.contested_signatory, self.contested_signatory_ref)

    def contested_people(self) -> set[str]:
        """Who took the contested decision (author and signatory), as the rules name them."""
        return {p for p in (self.contested_author_label, self.contested_signatory_label) if p}

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.kind != CaseKind.REVOCATION and self.received_on is None:
            add("received_on", _("An application or objection needs the day it was received."))
        if self.posted_on and self.received_on and self.posted_on > self.received_on:
            add("posted_on", _("An objection cannot be posted after it was received."))
        if self.kind == CaseKind.OBJECTION:
            self._clean_contested(add)
        if self.received_on and self.opened_on and self.received_on > self.opened_on:
            add("received_on", _("The day of receipt cannot be in the future."))
        if errors:
            raise ValidationError(errors)

    def _clean_contested(self, add):
        decided, notified = self.contested_decided_on, self.contested_notified_on
        if decided is None:
            add("contested_decided_on", _("An objection needs the day the contested decision was taken."))
        if notified is None:
            add("contested_notified_on", _("An objection needs the day the contested decision was notified."))
        if decided and notified and notified < decided:
            add("contested_notified_on", _("The contested decision cannot be notified before it was taken."))
        if decided and self.received_on and self.received_on < decided:
            add("received_on", _("The objection cannot be received before the contested decision was taken."))
        for field, user, ref in (
            ("contested_author", self.contested_author_id, self.contested_author_ref),
            ("contested_signatory", self.contested_signatory_id, self.contested_signatory_ref),
        ):
            if user is None and not ref.strip():
                add(field, _("Name who took the contested decision: a member of staff or an id from another system."))
            elif user is not None and ref.strip():
                add(field, _("Give either a member of staff or an id from another system, not both."))


class CaseRole(models.Model):
    """Who worked on a case and in what role (opsteller, ondertekenaar, hoorder, tweede lezer)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roles", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=20, choices=RoleInCase.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_roles",
        verbose_name=_("member of staff"),
    )
    external_ref = models.CharField(_("id elsewhere"), max_length=100, blank=True)
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["since", "id"]
        verbose_name = _("role in a case")
        verbose_name_plural = _("roles in cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "role", "user"], name="cases_role_once_per_user"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(external_ref=""), name="cases_role_names_someone"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person}"

    @property
    def person(self) -> str | None:
        return person_label(self.user, self.external_ref)


class CaseEvent(AppendOnlyModel):
    """Something that happened in the procedure, on a day, by someone (gebeurtenis)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    type = models.CharField(_("event"), max_length=30, choices=EventType.choices)
    on = models.DateField(_("on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    by_ref = models.CharField(_("by (id elsewhere)"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["case", "type"], name="cases_event_type")]

    def __str__(self):
        return f"{self.on} {self.get_type_display()}"

    @property
    def person(self) -> str | None:
        return person_label(self.by, self.by_ref)


class CaseStatus(AppendOnlyModel):
    """One step in a case's history. The newest row is the current status."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("case"))
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        get_latest_by = "id"
        verbose_name = _("case status")
        verbose_name_plural = _("case statuses")

    def __str__(self):
        return f"{self.case_id}: {self.get_status_display()}"
