"""Outcomes, grounds and notices of a decision; codes are those of the rule engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loket.rules.facts import NEGATIVE_OUTCOMES


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted / objection well-founded")
    PARTLY_GRANTED = "partly_granted", _("partly granted")
    REJECTED = "rejected", _("rejected")
    UNFOUNDED = "unfounded", _("objection unfounded")
    INADMISSIBLE = "inadmissible", _("inadmissible")
    REVOKED = "revoked", _("permit revoked")
    NOT_REVOKED = "not_revoked", _("permit not revoked")


#: Which outcomes fit which kind of case.
OUTCOMES_BY_KIND = {
    "application": (Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REJECTED, Outcome.INADMISSIBLE),
    "objection": (Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.UNFOUNDED, Outcome.INADMISSIBLE),
    "revocation": (Outcome.REVOKED, Outcome.NOT_REVOKED),
}


def is_negative(outcome: str) -> bool:
    """Afwijzing, ongegrond, niet-ontvankelijk of intrekking: needs four eyes (FOUR-01)."""
    return outcome in NEGATIVE_OUTCOMES


class HearingException(models.TextChoices):
    """The grounds of Awb 7:3 on which the hearing may be skipped."""

    MANIFESTLY_INADMISSIBLE = "manifestly_inadmissible", _("(a) manifestly inadmissible")
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("(b) manifestly unfounded")
    WAIVED = "waived", _("(c) the objector waived the hearing")
    NO_REPLY = "no_reply", _("(d) no reply within the period set")
    GRANTED_IN_FULL = "granted_in_full", _("(e) granted in full, no one else harmed")


class RevocationGround(models.TextChoices):
    """Vw 32(1)(a)–(e) for a fixed-term asylum permit, Vw 35(1)(a)–(d) for a permanent one."""

    VW32_A = "vw32-1-a", _("Vw 32(1)(a): false information or withheld facts")
    VW32_B = "vw32-1-b", _("Vw 32(1)(b): danger to public order or national security")
    VW32_C = "vw32-1-c", _("Vw 32(1)(c): the ground for the grant has lapsed")
    VW32_D = "vw32-1-d", _("Vw 32(1)(d): main residence outside the Netherlands")
    VW32_E = "vw32-1-e", _("Vw 32(1)(e): derived permit without family life")
    VW35_A = "vw35-1-a", _("Vw 35(1)(a): permanent permit, ground (a)")
    VW35_B = "vw35-1-b", _("Vw 35(1)(b): permanent permit, ground (b)")
    VW35_C = "vw35-1-c", _("Vw 35(1)(c): permanent permit, ground (c)")
    VW35_D = "vw35-1-d", _("Vw 35(1)(d): permanent permit, ground (d)")


class RemediesNotice(models.TextChoices):
    """What the notice of remedies (rechtsmiddelenclausule) offers."""

    OBJECTION = "objection", _("objection to the service")
    APPEAL_4_WEEKS = "appeal_4_weeks", _("appeal to the court within 4 weeks")
    APPEAL_1_WEEK = "appeal_1_week", _("appeal to the court within 1 week")


class AttemptResult(models.TextChoices):
    ISSUED = "issued", _("issued")
    BLOCKED = "blocked", _("stopped by a blocking rule")
    UNACKNOWLEDGED = "unacknowledged", _("stopped: warnings not acknowledged")
