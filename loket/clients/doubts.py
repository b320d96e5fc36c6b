"""Why a detail a contact gave is doubtful, in words an agent reads (Dutch or English).

A doubtful phone number or e-mail address is kept as written and marked with one of these
codes (``parsing.Detail``); a contact's other identity fields that cannot be read are kept
as written on the contact with ``UNREADABLE``. Nothing marked here is an exact identifier.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .parsing import EMAIL_INTERNATIONAL, EMAIL_MALFORMED, PHONE_INVALID, PHONE_UNREADABLE

UNREADABLE = "unreadable"
TOO_LONG = "too_long"


class Doubt(models.TextChoices):
    SOUND = "", _("sound")
    PHONE_INVALID = PHONE_INVALID, _("not a valid number in its country's numbering plan")
    PHONE_UNREADABLE = PHONE_UNREADABLE, _("cannot be read as a phone number")
    EMAIL_INTERNATIONAL = (
        EMAIL_INTERNATIONAL,
        _("valid only with international characters (RFC 6531): not every mail server delivers it"),
    )
    EMAIL_MALFORMED = EMAIL_MALFORMED, _("not a valid e-mail address")
    UNREADABLE = UNREADABLE, _("could not be read")
    TOO_LONG = TOO_LONG, _("longer than the limit: cut off")


def label(code: str) -> str:
    """The reason in the agent's language; an unknown code as it is."""
    try:
        return str(Doubt(code).label)
    except ValueError:
        return code
