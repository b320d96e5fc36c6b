"""Decisions: the draft (concept), the issued decision (besluit) and every attempt to issue.

Author (opsteller), signatory (ondertekenaar) and second reader (tweede lezer) are three
separate fields, so a decision signed "in the name of" someone else is visible as such
(MAND-01, FOUR-01). An issued decision stores the judgement of the rules in force on its
date and the version of the rule set; it is never changed. Every attempt to issue, also a
stopped one, is kept with the rules it broke, for the team lead's dashboard and the audit.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.cases.models import AppendOnlyModel

from .choices import AttemptResult, HearingException, Outcome, RemediesNotice, RevocationGround, is_negative

_USER = settings.AUTH_USER_MODEL


class DecisionContent(models.Model):
    """What a decision says and who made it; shared by the draft and the issued decision."""

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    author = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    signatory = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("signatory"))
    # Signing under mandate: the superior in whose name the signatory signs (the mandate
    # register must hold it on the day of signing); the decision shows both names.
    on_behalf_of = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("on behalf of")
    )
    hearing_exception = models.CharField(
        _("ground to skip the hearing (Awb 7:3)"), max_length=30, blank=True, choices=HearingException.choices
    )
    revocation_ground = models.CharField(
        _("revocation ground"), max_length=10, blank=True, choices=RevocationGround.choices
    )
    departs_from_advice = models.BooleanField(_("departs from an advice"), default=False)
    remedies_notice = models.CharField(
        _("notice of remedies"), max_length=20, blank=True, choices=RemediesNotice.choices
    )

    class Meta:
        abstract = True

    @property
    def negative(self) -> bool:
        return is_negative(self.outcome)


class DecisionDraft(DecisionContent):
    """The decision being prepared (concept-beslissing). A second reader's approval holds for
    the content it saw: any change to the draft withdraws it."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="draft", verbose_name=_("case"))
    second_reader = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("second reader")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # When the version awaiting a second reader was saved: the time the approval was asked
    # (FOUR-02 looks for approvals given within seconds of it, again and again).
    approval_requested_at = models.DateTimeField(_("approval asked at"), null=True, blank=True)
    approved_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("decision draft")
        verbose_name_plural = _("decision drafts")

    def __str__(self):
        return f"{self.case_id}: {self.get_outcome_display()}"

    def fingerprint(self) -> str:
        content = [
            self.outcome,
            self.reasons,
            self.legal_basis,
            self.author_id,
            self.signatory_id,
            self.on_behalf_of_id,
            self.hearing_exception,
            self.revocation_ground,
            self.departs_from_advice,
            self.remedies_notice,
        ]
        return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()

    @property
    def approved(self) -> bool:
        """Approved by a second reader, and unchanged since."""
        return bool(self.second_reader_id and self.approved_at and self.approved_fingerprint == self.fingerprint())


class Decision(AppendOnlyModel, DecisionContent):
    """An issued decision (besluit): written once, never changed."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="decision", verbose_name=_("case"))
    draft = models.OneToOneField(
        DecisionDraft, on_delete=models.PROTECT, related_name="decision", verbose_name=_("draft")
    )
    decided_on = models.DateField(_("decided on"), db_index=True)
    second_reader = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("second reader")
    )
    due_on = models.DateField(_("statutory deadline"), null=True, blank=True)
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    rule_results = models.JSONField(_("rule results"), default=list)
    ruleset_version = models.CharField(_("rule set version"), max_length=40)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by"))

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.case_id}: {self.get_outcome_display()} ({self.decided_on})"


class IssueAttempt(AppendOnlyModel):
    """One press of "issue": what the rules said and whether the decision went out."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="issue_attempts", verbose_name=_("case")
    )
    team = models.ForeignKey("core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    actor = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    judged_on = models.DateField(_("judged as of"))
    result = models.CharField(_("result"), max_length=20, choices=AttemptResult.choices)
    ruleset_version = models.CharField(_("rule set version"), max_length=40)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("attempt to issue")
        verbose_name_plural = _("attempts to issue")


class RuleFinding(AppendOnlyModel):
    """One violation found at an attempt; a warning carries its acknowledgement, if given."""

    attempt = models.ForeignKey(
        IssueAttempt, on_delete=models.PROTECT, related_name="findings", verbose_name=_("attempt")
    )
    rule = models.CharField(_("rule"), max_length=20, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=5)
    message = models.TextField(_("message"))
    source = models.CharField(_("legal source"), max_length=200)
    acknowledged = models.BooleanField(_("acknowledged"), default=False)
    reason = models.TextField(_("reason for acknowledging"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("rule finding")
        verbose_name_plural = _("rule findings")


class Mandate(models.Model):
    """The mandate register: who may sign for whom, for which kinds of case, from when to
    when. Kept by an administrator (every change logged); an administrator can sign nothing."""

    signatory = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("may sign"))
    principal = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("on behalf of"))
    kinds = models.JSONField(_("kinds of case"), default=list)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    granted_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by"))
    granted_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    ended_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("ended by")
    )

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandate register")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(signatory=models.F("principal")), name="decisions_mandate_not_for_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="decisions_mandate_order",
            ),
        ]

    def __str__(self):
        return f"{self.signatory_id} for {self.principal_id} ({self.valid_from}–{self.valid_until or ''})"

    def holds(self, kind: str, day) -> bool:
        return kind in self.kinds and self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
