"""Counters by appointment: where (locations), what (counter services), who works when
(rosters), the days nobody does (closures), and the slots and seats derived from them.

Capacity is a row-level invariant the database keeps: a slot has one ``Seat`` row per
place, and a seat has at most one ``Claim`` (a one-to-one column, so a unique index).
Taking a seat is inserting its claim; two bookings can never take one seat, whatever the
order in which concurrent requests run, on SQLite and on PostgreSQL alike.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .choices import BookingStatus, ClaimKind, MessageChannel, WaitStatus

OPEN_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


class Location(models.Model):
    """An office with counters. ``opening_hours`` maps a weekday (0 = Monday) to
    ``["HH:MM", "HH:MM"]``; a weekday not in it is closed."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name


class CounterService(models.Model):
    """Something done at a counter (collecting a residence document, biometrics, …)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    skill = models.CharField(_("staff skill needed"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # What clients read where the administrator wrote it in their language: {"ar": "…", …}.
    names = models.JSONField(_("name in the client languages"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("counter service")
        verbose_name_plural = _("counter services")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480), name="appt_service_duration"
            )
        ]

    def __str__(self):
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language where the administrator gave one, else the name."""
        return (self.names or {}).get(translation.get_language() or "", "") or self.name


class Closure(models.Model):
    """A day the service closes one location (or every location when ``location`` is
    empty). Public holidays come from the project's calendar (loket.core.deadlines)."""

    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["day"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [models.UniqueConstraint(fields=["location", "day"], name="appt_closure_once")]


class Roster(models.Model):
    """One counter of a location staffed for one service from ``starts`` to ``ends`` on a day."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="rosters")
    day = models.DateField(_("day"))
    counter = models.PositiveSmallIntegerField(_("counter"))
    service = models.ForeignKey(CounterService, on_delete=models.PROTECT, related_name="rosters")
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    staff = models.CharField(_("staff"), max_length=200, blank=True)

    class Meta:
        ordering = ["day", "location", "counter", "starts"]
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        constraints = [
            models.UniqueConstraint(fields=["location", "day", "counter", "starts"], name="appt_roster_once"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="appt_roster_order"),
        ]


class Slot(models.Model):
    """A time at a location for a service, with as many seats as counters rostered for it.
    Made by ``services.slots.generate`` from rosters, never typed in. Clients see it from
    ``released_at`` on, a moment not predictable to the minute."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="slots")
    service = models.ForeignKey(CounterService, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    released_at = models.DateTimeField(_("released"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["location", "service", "starts_at"], name="appt_slot_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="appt_slot_order"),
        ]


class Seat(models.Model):
    """One place in a slot; its ``claim`` (at most one, by a unique index) says who has it."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="seat_rows")
    number = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["slot", "number"], name="appt_seat_once")]


class Booking(models.Model):
    """One client's appointment. It is personal: the client never changes."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey(CounterService, on_delete=models.PROTECT, related_name="bookings")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="bookings")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="appointments")
    case_ref = models.CharField(_("case reference"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    language = models.CharField(_("language of messages"), max_length=10, blank=True)
    interpreter_language = models.CharField(_("interpreter needed for"), max_length=10, blank=True)
    needs = models.TextField(_("accessibility needs"), blank=True)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    channel = models.CharField(_("booked through"), max_length=10)
    booked_by = models.CharField(_("booked by"), max_length=150)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    called_at = models.DateTimeField(null=True, blank=True)
    desk = models.CharField(_("desk"), max_length=20, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["slot__starts_at"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "service"], condition=Q(status__in=OPEN_STATUSES), name="appt_one_open_per_service"
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def short_number(self) -> str:
        """What the waiting-room screen shows: a letter and three digits, never a name."""
        return f"{self.service.code[:1].upper()}{self.pk % 1000:03d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Claim(models.Model):
    """The one occupant of a seat: a hold while a client confirms (expiring), or a booking."""

    seat = models.OneToOneField(Seat, on_delete=models.CASCADE, related_name="claim")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ClaimKind.choices)
    expires_at = models.DateTimeField(null=True, blank=True)
    booking = models.OneToOneField(Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="claim")
    waiting = models.OneToOneField(
        "WaitingEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="offer_claim"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(kind=ClaimKind.HOLD), name="appt_one_hold_per_client"
            ),
            models.CheckConstraint(
                condition=Q(kind=ClaimKind.BOOKING, booking__isnull=False, expires_at__isnull=True)
                | Q(kind__in=[ClaimKind.HOLD, ClaimKind.OFFER], booking__isnull=True, expires_at__isnull=False),
                name="appt_claim_shape",
            ),
        ]


class WaitingEntry(models.Model):
    """A client waiting for a seat at a location for a service; a freed seat is offered to
    the first, held for them for a while, then passed on."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="appointment_waits")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="waiting")
    service = models.ForeignKey(CounterService, on_delete=models.CASCADE, related_name="waiting")
    language = models.CharField(max_length=10, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=10, choices=WaitStatus.choices, default=WaitStatus.WAITING)
    joined_at = models.DateTimeField()
    offered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "location", "service"],
                condition=Q(status__in=[WaitStatus.WAITING, WaitStatus.OFFERED]),
                name="appt_wait_once",
            )
        ]


class Message(models.Model):
    """Every message about an appointment, as sent; ``key`` makes sending it twice a no-op."""

    key = models.CharField(max_length=200, unique=True)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    waiting = models.ForeignKey(WaitingEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20)
    channel = models.CharField(max_length=5, choices=MessageChannel.choices)
    to = models.CharField(max_length=254)
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]


class Call(models.Model):
    """A number called to a desk, as the waiting-room screen shows it."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="calls")
    number = models.CharField(max_length=8)
    desk = models.CharField(max_length=20)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]


class WalkIn(models.Model):
    """A client without an appointment admitted for an urgent matter by a team lead."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="walk_ins")
    client = models.ForeignKey("clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    reason = models.TextField(_("reason"))
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    desk = models.CharField(max_length=20, blank=True)

    @property
    def short_number(self) -> str:
        return f"W{self.pk % 1000:03d}"


class ResaleSignal(models.Model):
    """One phone number or e-mail address booking for too many clients: refused, and put
    before the integrity officer."""

    kind = models.CharField(max_length=5)  # "phone" | "email"
    value = models.CharField(max_length=254)
    clients = models.JSONField(default=list)
    at = models.DateTimeField()
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at"]
