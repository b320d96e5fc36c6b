"""The fixed lists of the appointments app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    CHECKED_IN = "checked_in", _("checked in")
    VISITED = "visited", _("visited")
    CANCELLED = "cancelled", _("cancelled")
    NO_SHOW = "no_show", _("did not come")


class ClaimKind(models.TextChoices):
    HOLD = "hold", _("held while the client confirms")
    OFFER = "offer", _("offered to a waiting client")
    BOOKING = "booking", _("booked")


class WaitStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("offered a seat")
    BOOKED = "booked", _("booked")
    LEFT = "left", _("left the list")


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")
