"""Who gets a case and who may read it: absences, declared relations (conflicts of interest),
the system's draws, manual reassignments, and broken glass (issue 15 items 1-3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.cases.models import AppendOnlyModel

_USER = settings.AUTH_USER_MODEL


class Absence(models.Model):
    """An officer is away (leave, illness, training): no new case is drawn for them."""

    officer = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="absences", verbose_name=_("officer"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        _USER, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["officer", "ends_on"], name="integrity_absence_until")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="integrity_absence_order"
            )
        ]

    def __str__(self):
        return f"{self.officer_id}: {self.starts_on}–{self.ends_on}"


class RelationKind(models.TextChoices):
    FAMILY = "family", _("family member")
    FORMER_EMPLOYER = "former_employer", _("former employer")
    REPRESENTATIVE_FIRM = "representative_firm", _("a representative's firm")
    KNOWN_CLIENT = "known_client", _("a client I know")


class Relation(models.Model):
    """A relation an officer declared (conflict of interest). A case whose client,
    representative or contact details touch it is never assigned to the officer while the
    declaration is in force."""

    officer = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="declared_relations", verbose_name=_("officer")
    )
    kind = models.CharField(_("kind of relation"), max_length=30, choices=RelationKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    representative = models.ForeignKey(
        "clients.Representative",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("representative"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=False)
                | models.Q(representative__isnull=False)
                | ~models.Q(organisation="")
                | ~models.Q(phone="")
                | ~models.Q(email=""),
                name="integrity_relation_names_something",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="integrity_relation_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name or self.organisation or self.email or self.phone}"


class DrawPurpose(models.TextChoices):
    OFFICER = "officer", _("officer")
    SECOND_READER = "second_reader", _("second reader")


class AssignmentDraw(AppendOnlyModel):
    """One weighted random draw, stored so that an auditor can replay it: the seed, every
    candidate with their weight (in the order drawn over), who was left out and why."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="assignment_draws", verbose_name=_("case")
    )
    purpose = models.CharField(_("for"), max_length=20, choices=DrawPurpose.choices)
    cause = models.CharField(_("cause"), max_length=30)
    seed = models.CharField(_("seed"), max_length=64)
    algorithm = models.CharField(_("algorithm"), max_length=40)
    candidates = models.JSONField(_("candidates and weights"), default=list)
    excluded = models.JSONField(_("left out"), default=list)
    chosen = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("drawn")
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    triggered_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("triggered by")
    )

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("assignment draw")
        verbose_name_plural = _("assignment draws")


class ReassignmentStatus(models.TextChoices):
    PENDING = "pending", _("awaiting a team lead")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class Reassignment(models.Model):
    """A request to give a case to another officer (or to draw again), with its reason; it
    takes effect only when a team lead other than the requester approves it."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case"))
    from_officer = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_officer = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to"),
        help_text=_("Empty: the system draws again."),
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReassignmentStatus.choices, default=ReassignmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    draw = models.ForeignKey(
        AssignmentDraw, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("draw")
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")


class BreakGlass(AppendOnlyModel):
    """Someone opened a case outside need to know, with a reason: valid for that case on
    that day only, and shown to the integrity officer the same day."""

    user = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case"))
    reason = models.TextField(_("reason"))
    on = models.DateField(_("for the day"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("broken glass")
        verbose_name_plural = _("broken glass")
        indexes = [
            models.Index(fields=["user", "on"], name="integrity_glass_user_day"),
            models.Index(fields=["on"], name="integrity_glass_day"),
        ]
