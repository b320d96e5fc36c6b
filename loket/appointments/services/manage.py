"""The administrator's edits and removals of locations, services, closures and rosters.

A change never silently takes an appointment away. Each use case applies its change in one
transaction, then checks that every open appointment from now on still has its seat in the
slots the new settings plan; if one has not, the whole change is rolled back and refused
with a ``ScheduleConflict`` that names the appointments (move or cancel them first).
Otherwise the slots of the days concerned are derived again (``slots.generate``), booked
seats kept. A location or service that was ever booked is deactivated, not deleted: it
offers no new seats, and its appointments stay as they are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _, ngettext

from ...core import audit
from ...core.roles import Role, require_role
from ..models import OPEN_STATUSES, Booking, Closure, CounterService, Location, Roster, Slot
from . import slots

NAMED = 10  # bookings named in a refusal; the rest are counted


class ScheduleConflict(ValidationError):
    """A change refused because it would leave open appointments without a seat."""

    def __init__(self, bookings: list[Booking]):
        self.bookings = bookings
        shown = ", ".join(describe(b) for b in bookings[:NAMED])
        if len(bookings) > NAMED:
            shown += " " + _("and %(n)d more") % {"n": len(bookings) - NAMED}
        super().__init__(
            ngettext(
                "Nothing was changed: this would leave %(n)d appointment without a seat: %(list)s. "
                "Move or cancel it first.",
                "Nothing was changed: this would leave %(n)d appointments without a seat: %(list)s. "
                "Move or cancel them first.",
                len(bookings),
            )
            % {"n": len(bookings), "list": shown},
            code="appointments_affected",
        )


def describe(booking: Booking) -> str:
    when = formats.date_format(timezone.localtime(booking.slot.starts_at), "SHORT_DATETIME_FORMAT")
    return f"{booking.reference} ({when}, {booking.location.name}, {booking.service.name})"


def _open_ahead(**filters):
    return (
        Booking.objects.filter(status__in=OPEN_STATUSES, slot__starts_at__gte=timezone.now(), **filters)
        .select_related("slot", "location", "service")
        .order_by("slot__starts_at", "pk")
    )


def without_seat(**filters) -> list[Booking]:
    """The open appointments from now on (narrowed by ``filters``) that the slots planned by
    today's settings no longer hold: more bookings in a slot than it would have seats."""
    by_day: dict[tuple, list[Booking]] = defaultdict(list)
    for booking in _open_ahead(**filters):
        by_day[(booking.location_id, timezone.localtime(booking.slot.starts_at).date())].append(booking)
    locations = Location.objects.in_bulk({loc for loc, _day in by_day})
    lost = []
    for (location_id, day), bookings in by_day.items():
        plan = slots.planned(locations[location_id], day)
        used: Counter = Counter()
        for booking in bookings:
            key = (booking.service_id, booking.slot.starts_at, booking.slot.ends_at)
            used[key] += 1
            if used[key] > plan[key]:
                lost.append(booking)
    return sorted(lost, key=lambda b: (b.slot.starts_at, b.pk))


def guard(**filters) -> None:
    lost = without_seat(**filters)
    if lost:
        raise ScheduleConflict(lost)


def _rederive(*, actor, locations, first: date | None = None, last: date | None = None) -> None:
    """Derive the slots again from ``first`` (today) to ``last`` (the last day with slots)."""
    today = timezone.localdate()
    for location in locations:
        end = last
        if end is None:
            top = Slot.objects.filter(location=location).aggregate(top=Max("starts_at"))["top"]
            end = timezone.localtime(top).date() if top else today
        start = max(first or today, today)
        if start <= end:
            slots.generate(location=location, start=start, end=end, actor=actor)


def _done(actor, action: str, obj, done: str, **data) -> str:
    audit.record(actor=actor, action=f"appointments.settings.{action}", obj=obj, data={"done": done, **data})
    return done


def check_hours(opening_hours: dict) -> None:
    """Opening hours are ``{"0": ["09:00", "17:00"], …}``: a weekday 0-6, closing after opening."""
    try:
        ok = all(
            day in {str(i) for i in range(7)} and time.fromisoformat(hours[0]) < time.fromisoformat(hours[1])
            for day, hours in opening_hours.items()
        )
    except (TypeError, ValueError, IndexError, KeyError):
        ok = False
    if not ok:
        raise ValidationError(_("A location closes after it opens, on every day it is open."))


# --- locations -------------------------------------------------------------------------


def update_location(*, location: Location, actor, name: str, address: str, opening_hours: dict) -> str:
    require_role(actor, Role.ADMINISTRATOR)
    check_hours(opening_hours)
    with transaction.atomic():
        old = {"name": location.name, "address": location.address, "opening_hours": location.opening_hours}
        Location.objects.filter(pk=location.pk).update(name=name, address=address, opening_hours=opening_hours)
        location.refresh_from_db()
        guard(location=location)
        _rederive(actor=actor, locations=[location])
        return _done(actor, "location.changed", location, _("Location %(name)s changed.") % {"name": name}, old=old)


def remove_location(*, location: Location, actor) -> str:
    """Delete a location nobody ever booked or visited; deactivate one that was."""
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        if not (location.bookings.exists() or location.walk_ins.exists() or location.calls.exists()):
            name, pk = location.name, location.pk
            location.delete()
            return _done(actor, "location.deleted", None, _("Location %(name)s removed.") % {"name": name}, location=pk)
        return _set_active(location, actor, active=False)


def _set_active(obj, actor, *, active: bool) -> str:
    type(obj).objects.filter(pk=obj.pk).update(active=active)
    obj.active = active
    is_location = isinstance(obj, Location)
    locations = [obj] if is_location else Location.objects.filter(slots__service=obj).distinct()
    _rederive(actor=actor, locations=locations)
    if active:
        done = _("%(name)s is active again: its slots are offered again.") % {"name": obj.name}
    else:
        kept = list(_open_ahead(**({"location": obj} if is_location else {"service": obj})))
        done = _("%(name)s is deactivated: no new appointments are offered.") % {"name": obj.name}
        if kept:
            done += " " + ngettext(
                "%(n)d appointment stays as booked: %(list)s.",
                "%(n)d appointments stay as booked: %(list)s.",
                len(kept),
            ) % {"n": len(kept), "list": ", ".join(b.reference for b in kept[:NAMED])}
    kind = "location" if is_location else "service"
    return _done(actor, f"{kind}.{'activated' if active else 'deactivated'}", obj, done)


def reactivate(*, obj, actor) -> str:
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        return _set_active(obj, actor, active=True)


# --- counter services ------------------------------------------------------------------


def update_service(
    *, service: CounterService, actor, name: str, duration_minutes: int, skill: str, names: dict | None = None
) -> str:
    """A new duration changes every slot's times, so it is refused while the service has open
    appointments (named); a new name or skill is always taken."""
    require_role(actor, Role.ADMINISTRATOR)
    if not 5 <= duration_minutes <= 480:
        raise ValidationError(_("A service takes between 5 and 480 minutes."))
    with transaction.atomic():
        old = {"name": service.name, "duration_minutes": service.duration_minutes, "skill": service.skill}
        names = service.names if names is None else {k: str(v)[:200] for k, v in names.items() if v}
        CounterService.objects.filter(pk=service.pk).update(
            name=name, duration_minutes=duration_minutes, skill=skill, names=names
        )
        service.refresh_from_db()
        if duration_minutes != old["duration_minutes"]:
            guard(service=service)
            _rederive(actor=actor, locations=Location.objects.filter(slots__service=service).distinct())
        return _done(actor, "service.changed", service, _("Service %(name)s changed.") % {"name": name}, old=old)


def remove_service(*, service: CounterService, actor) -> str:
    """Delete a service nobody ever booked (with its rosters and slots); deactivate one that was."""
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        if service.bookings.exists():
            return _set_active(service, actor, active=False)
        name, pk = service.name, service.pk
        Roster.objects.filter(service=service).delete()
        Slot.objects.filter(service=service).delete()
        service.delete()
        return _done(actor, "service.deleted", None, _("Service %(name)s removed.") % {"name": name}, service=pk)


# --- closures --------------------------------------------------------------------------


def _closure_scope(location) -> list[Location]:
    return [location] if location is not None else list(Location.objects.all())


def add_closure(*, actor, location: Location | None, day: date, reason: str) -> tuple[Closure, str]:
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        if Closure.objects.filter(location=location, day=day).exists():
            raise ValidationError(_("This day is already closed there."))
        closure = Closure.objects.create(location=location, day=day, reason=reason)
        guard(**_day_filter(location, day))
        _rederive(actor=actor, locations=_closure_scope(location), first=day, last=day)
        done = _("Closure on %(day)s added.") % {"day": formats.date_format(day)}
        return closure, _done(actor, "closure.added", closure, done)


def _day_filter(location, day: date) -> dict:
    start = datetime.combine(day, time.min, timezone.get_current_timezone())
    end = start + timedelta(days=1)
    found = {"slot__starts_at__range": (start, end - timedelta(microseconds=1))}
    if location is not None:
        found["location"] = location
    return found


def update_closure(*, closure: Closure, actor, location: Location | None, day: date, reason: str) -> str:
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        if Closure.objects.filter(location=location, day=day).exclude(pk=closure.pk).exists():
            raise ValidationError(_("This day is already closed there."))
        before = (closure.location, closure.day)
        Closure.objects.filter(pk=closure.pk).update(location=location, day=day, reason=reason)
        guard(**_day_filter(location, day))
        for where, when in {before, (location, day)}:
            _rederive(actor=actor, locations=_closure_scope(where), first=when, last=when)
        done = _("Closure on %(day)s changed.") % {"day": formats.date_format(day)}
        return _done(actor, "closure.changed", closure, done, before=[str(before[0] or ""), before[1]])


def remove_closure(*, closure: Closure, actor) -> str:
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        where, day = closure.location, closure.day
        closure.delete()
        _rederive(actor=actor, locations=_closure_scope(where), first=day, last=day)
        done = _("Closure on %(day)s removed: the day is open again.") % {"day": formats.date_format(day)}
        return _done(actor, "closure.removed", None, done, day=day, location=getattr(where, "pk", None))


# --- rosters ---------------------------------------------------------------------------


def check_roster(*, location: Location, day: date, counter: int, starts: time, ends: time, exclude=()) -> None:
    """A roster ends after it starts, and its counter is not rostered twice at one time."""
    if ends <= starts:
        raise ValidationError(_("The end time must be after the start time."))
    if not 1 <= counter <= 99:
        raise ValidationError(_("A counter has a number from 1 to 99."))
    clash = (
        Roster.objects.filter(location=location, day=day, counter=counter, starts__lt=ends, ends__gt=starts)
        .exclude(pk__in=list(exclude))
        .first()
    )
    if clash:
        raise ValidationError(
            _("Counter %(counter)s of %(location)s is already rostered on %(day)s from %(starts)s to %(ends)s.")
            % {
                "counter": counter,
                "location": location.name,
                "day": formats.date_format(day),
                "starts": clash.starts.strftime("%H:%M"),
                "ends": clash.ends.strftime("%H:%M"),
            }
        )


def update_roster(
    *, roster: Roster, actor, counter: int, service: CounterService, starts: time, ends: time, staff: str
) -> str:
    require_role(actor, Role.ADMINISTRATOR)
    check_roster(
        location=roster.location, day=roster.day, counter=counter, starts=starts, ends=ends, exclude=[roster.pk]
    )
    with transaction.atomic():
        old = {"counter": roster.counter, "service": roster.service_id, "starts": roster.starts, "ends": roster.ends}
        Roster.objects.filter(pk=roster.pk).update(
            counter=counter, service=service, starts=starts, ends=ends, staff=staff
        )
        guard(**_day_filter(roster.location, roster.day))
        _rederive(actor=actor, locations=[roster.location], first=roster.day, last=roster.day)
        done = _("Roster of counter %(counter)s on %(day)s changed.") % {
            "counter": counter,
            "day": formats.date_format(roster.day),
        }
        return _done(actor, "roster.changed", roster, done, old=old)


def remove_roster(*, roster: Roster, actor) -> str:
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        location, day, counter, pk = roster.location, roster.day, roster.counter, roster.pk
        roster.delete()
        guard(**_day_filter(location, day))
        _rederive(actor=actor, locations=[location], first=day, last=day)
        done = _("Roster of counter %(counter)s on %(day)s removed.") % {
            "counter": counter,
            "day": formats.date_format(day),
        }
        return _done(actor, "roster.removed", None, done, roster=pk, location=location.pk, day=day)
