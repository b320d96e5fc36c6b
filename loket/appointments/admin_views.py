"""The administrator's appointment settings on the staff site: locations, services,
closures and rosters; slots are then generated from them."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core.roles import Role, roles_required
from .admin_forms import WEEKDAYS, ClosureForm, LocationForm, RosterForm, ServiceForm
from .models import Closure, CounterService, Location
from .services import settings as settings_svc, slots

FORMS = {"location": LocationForm, "service": ServiceForm, "closure": ClosureForm, "roster": RosterForm}


@login_required
@roles_required(Role.ADMINISTRATOR)
def home(request):
    bound = request.POST.get("form") if request.method == "POST" else None
    forms = {name: cls(request.POST if name == bound else None, prefix=name) for name, cls in FORMS.items()}
    if bound in forms and forms[bound].is_valid():
        try:
            data = getattr(forms[bound], "stored", forms[bound].cleaned_data)
            done = settings_svc.save(kind=bound, data=data, actor=request.user)
        except ValidationError as exc:
            forms[bound].add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect("appointments:admin_home")
    if request.method == "POST" and request.POST.get("form") == "generate":
        today = timezone.localdate()
        made = 0
        for location in Location.objects.filter(active=True):
            made += slots.generate(location=location, start=today, end=today + timedelta(days=28), actor=request.user)[
                "made"
            ]
        messages.success(request, _("%(n)d new slots made for the coming four weeks.") % {"n": made})
        return redirect("appointments:admin_home")
    return render(
        request,
        "appointments/staff/admin_home.html",
        {
            "forms": forms,
            "locations": _with_hours(Location.objects.all()),
            "services": CounterService.objects.all(),
            "closures": Closure.objects.filter(day__gte=timezone.localdate()).select_related("location")[:50],
        },
    )


def _with_hours(locations) -> list[Location]:
    """Each location with its opening hours as (weekday name, [opens, closes]), Monday first."""
    names = dict(WEEKDAYS)
    rows = list(locations)
    for location in rows:
        hours = location.opening_hours or {}
        location.hours_shown = [(names[d], hours[d]) for d in sorted(hours) if d in names]
    return rows
