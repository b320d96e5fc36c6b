"""The administrator's changes to locations, services, closures and rosters."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit
from ...core.roles import Role, require_role
from ..models import Closure, CounterService, Location, Roster


def save(*, kind: str, data: dict, actor) -> str:
    """Store one checked form's data; a sentence saying what was done."""
    require_role(actor, Role.ADMINISTRATOR)
    with transaction.atomic():
        if kind == "location":
            obj = Location.objects.create(**data)
            done = _("Location %(name)s added.") % {"name": obj.name}
        elif kind == "service":
            obj = CounterService.objects.create(**data)
            done = _("Service %(name)s added.") % {"name": obj.name}
        elif kind == "closure":
            obj = Closure.objects.create(**data)
            done = _("Closure on %(day)s added. Existing appointments on it stay; rebook them.") % {"day": obj.day}
        else:
            obj, n, day = None, 0, data["first_day"]
            weekdays = {int(d) for d in data["weekdays"]}
            while day <= data["last_day"]:
                if day.weekday() in weekdays:
                    Roster.objects.update_or_create(
                        location=data["location"],
                        day=day,
                        counter=data["counter"],
                        starts=data["starts"],
                        defaults={"service": data["service"], "ends": data["ends"], "staff": data["staff"]},
                    )
                    n += 1
                day += timedelta(days=1)
            done = _("%(n)d roster days stored. Generate the slots to make them bookable.") % {"n": n}
        audit.record(actor=actor, action=f"appointments.settings.{kind}", obj=obj, data={"done": done})
    return done
