"""The vocabulary of a case: kinds, procedure tracks, events, roles and statuses.

The codes are those of the rule engine (``loket.rules.facts``) and of the re-audit format of
issue 4, so a case converts into facts without a translation table; only the labels are ours.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    """Aanvraag, bezwaar of intrekking."""

    APPLICATION = "application", _("application")
    OBJECTION = "objection", _("objection")
    REVOCATION = "revocation", _("revocation of a residence permit")


class Track(models.TextChoices):
    """The procedure a case follows: regulier, asiel of naturalisatie."""

    REGULAR = "regular", _("regular residence")
    ASYLUM = "asylum", _("asylum")
    NATURALISATION = "naturalisation", _("naturalisation")


class EventType(models.TextChoices):
    """Something that happened in the procedure (gebeurtenis); the rules read these."""

    RECEIVED = "received", _("received")
    HEARING_INVITED = "hearing_invited", _("invited to a hearing")
    HEARING_HELD = "hearing_held", _("hearing held")
    HEARING_WAIVED = "hearing_waived", _("hearing waived by the objector")
    EXCUSABILITY_ASSESSED = "excusability_assessed", _("excusability of lateness assessed")
    INTENTION_SENT = "intention_sent", _("intention (voornemen) delivered")
    VIEW_RECEIVED = "view_received", _("written view (zienswijze) received")
    HEARING_OFFERED = "hearing_offered", _("hearing offered")
    DEFECT_REPAIR_REQUESTED = "defect_repair_requested", _("repair of a defect requested (suspends)")
    SUSPENDED = "suspended", _("suspended")
    RESUMED = "resumed", _("resumed")
    POSTPONED = "postponed", _("decision postponed (notified)")
    POSTPONEMENT_CONSENTED = "postponement_consented", _("objector consented to a further postponement")
    EXTENDED = "extended", _("decision period extended (notified)")
    NOTICE_OF_DEFAULT = "notice_of_default", _("notice of default (ingebrekestelling) received")
    ADVISORY_COMMITTEE = "advisory_committee", _("advisory committee engaged (objector told)")
    PENALTY_FIXED = "penalty_fixed", _("penalty (dwangsom) fixed by decision")


#: Events an officer records by hand; ``received`` comes with the case and ``penalty_fixed``
#: through :func:`loket.decisions.services.fix_penalty`, which checks the amount.
RECORDABLE_EVENTS = tuple(t for t in EventType if t not in (EventType.RECEIVED, EventType.PENALTY_FIXED))


class RoleInCase(models.TextChoices):
    """What someone did on a case: opsteller, ondertekenaar, hoorder, tweede lezer."""

    AUTHOR = "author", _("author")
    SIGNATORY = "signatory", _("signatory")
    HEARER = "hearer", _("hearer")
    SECOND_READER = "second_reader", _("second reader")


class Status(models.TextChoices):
    """Where a case stands. Appended, never edited: the latest row is the current status."""

    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    SUSPENDED = "suspended", _("suspended")
    AWAITING_SECOND_READER = "awaiting_second_reader", _("awaiting the second reader")
    APPROVED = "approved", _("approved by the second reader")
    DECIDED = "decided", _("decided")


#: Reference prefixes: A(anvraag), B(ezwaar), I(ntrekking).
REFERENCE_PREFIX = {CaseKind.APPLICATION: "A", CaseKind.OBJECTION: "B", CaseKind.REVOCATION: "I"}
