"""The administrator's additions: locations, services, closures and rosters (edits and
removals are in ``manage``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit
from ...core.roles import Role, require_role
from ..models import CounterService, Location, Roster
from . import manage


def save(*, kind: str, data: dict, actor) -> str:
    """Store one checked form's data; a sentence saying what was done."""
    require_role(actor, Role.ADMINISTRATOR)
    if kind == "closure":
        return manage.add_closure(actor=actor, **data)[1]
    with transaction.atomic():
        if kind == "location":
            manage.check_hours(data["opening_hours"])
            obj = Location.objects.create(**data)
            done = _("Location %(name)s added.") % {"name": obj.name}
        elif kind == "service":
            obj = CounterService.objects.create(**data)
            done = _("Service %(name)s added.") % {"name": obj.name}
        else:
            obj, n, day = None, 0, data["first_day"]
            weekdays = {int(d) for d in data["weekdays"]}
            while day <= data["last_day"]:
                if day.weekday() in weekdays:
                    same = Roster.objects.filter(
                        location=data["location"], day=day, counter=data["counter"], starts=data["starts"]
                    ).values_list("pk", flat=True)
                    manage.check_roster(
                        location=data["location"],
                        day=day,
                        counter=data["counter"],
                        starts=data["starts"],
                        ends=data["ends"],
                        exclude=same,
                    )
                    Roster.objects.update_or_create(
                        location=data["location"],
                        day=day,
                        counter=data["counter"],
                        starts=data["starts"],
                        defaults={"service": data["service"], "ends": data["ends"], "staff": data["staff"]},
                    )
                    n += 1
                day += timedelta(days=1)
            # A roster stored over an existing one may take seats away: refused as any change.
            manage.guard(location=data["location"], slot__starts_at__date__range=(data["first_day"], data["last_day"]))
            done = _("%(n)d roster days stored. Generate the slots to make them bookable.") % {"n": n}
        audit.record(actor=actor, action=f"appointments.settings.{kind}", obj=obj, data={"done": done})
    return done
