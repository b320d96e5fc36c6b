"""The retaliation watch (benadeling): protected persons and the register of personnel
measures (EU directive 2019/1937 art. 19 and 21(5); Wet bescherming klokkenluiders)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetaliationForm(models.TextChoices):
    """The forms of retaliation art. 19 of the directive lists; threats and attempts count."""

    SUSPENSION = "suspension", _("suspension")
    DISMISSAL = "dismissal", _("dismissal or lay-off")
    DEMOTION = "demotion", _("demotion")
    WITHHELD_PROMOTION = "withheld_promotion", _("withheld promotion")
    TRANSFER = "transfer", _("transfer of duties")
    WORKPLACE_CHANGE = "workplace_change", _("change of workplace")
    PAY_CHANGE = "pay_change", _("reduction or change of pay")
    HOURS_CHANGE = "hours_change", _("change of working hours")
    WITHHELD_TRAINING = "withheld_training", _("withheld training")
    NEGATIVE_APPRAISAL = "negative_appraisal", _("negative appraisal or reference")
    DISCIPLINARY = "disciplinary", _("disciplinary measure, reprimand or fine")
    COERCION = "coercion", _("coercion, intimidation, harassment or ostracism")
    DISCRIMINATION = "discrimination", _("discrimination or unfair treatment")
    CONTRACT_NOT_PERMANENT = "contract_not_permanent", _("temporary contract not made permanent")
    CONTRACT_NOT_RENEWED = "contract_not_renewed", _("temporary contract not renewed or ended early")
    REPUTATION_HARM = "reputation_harm", _("harm to reputation or loss of income")
    BLACKLISTING = "blacklisting", _("blacklisting")
    SERVICE_CONTRACT_ENDED = "service_contract_ended", _("contract for goods or services ended early")
    LICENCE_CANCELLED = "licence_cancelled", _("licence or permit cancelled")
    MEDICAL_REFERRAL = "medical_referral", _("psychiatric or medical referral")
    THREAT = "threat", _("threat or attempt of any of these")


class ProtectedPerson(models.Model):
    """A reporter, a helper or a witness, protected from the day of the report.

    The row does not say who: the employee number and the role are in ``person_box``,
    encrypted with the report's key, and the register of personnel measures finds the
    person through ``employee_tag``, a keyed hash of the number whose key is not in the
    database (``crypto.employee_tag``, ``loket.whistle.protection``).
    """

    class Role(models.TextChoices):
        REPORTER = "reporter", _("reporter")
        FACILITATOR = "facilitator", _("helped the reporter")
        WITNESS = "witness", _("witness")

    report = models.ForeignKey("whistle.Report", on_delete=models.PROTECT, related_name="protected_persons")
    employee_tag = models.BinaryField(max_length=32, db_index=True, editable=False)
    # Encrypted with the report key: {"employee": number, "role": role}. Empty only for a
    # row carried over from before encryption until a handler first opens the report;
    # until then ``legacy_sealed`` holds the same, sealed for each handler's public key.
    person_box = models.BinaryField(null=True, editable=False)
    legacy_sealed = models.JSONField(default=dict, blank=True, editable=False)
    protected_since = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["employee_tag", "report"], name="protect_tag_once_per_report")]


class PersonnelMeasure(models.Model):
    """A measure a manager proposes for an employee, in the register every manager uses.

    A measure for a protected person is flagged as possible retaliation: it needs the
    proposer's written justification, goes to the integrity officer, carries the reversed
    burden of proof (art. 21(5)), and only someone other than the proposer can clear it.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        UNDER_REVIEW = "under_review", _("under integrity review")
        CLEARED = "cleared", _("cleared: justified on other grounds")
        BLOCKED = "blocked", _("not cleared: presumed retaliation")

    employee = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="personnel_measures")
    kind = models.CharField(_("measure"), max_length=30, choices=RetaliationForm.choices)
    description = models.TextField(_("what the measure is"))
    justification = models.TextField(_("justification by the proposing manager"))
    effective_on = models.DateField(_("takes effect on"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    flagged = models.BooleanField(default=False, db_index=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.REGISTERED, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]
