"""The administrator changes and removes locations, services, closures and rosters.

Thin: each page shows one form, and each action calls one use case of
``services.manage``; a refusal (bad input, or appointments that would lose their seat) is
shown on the page and nothing is changed.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..core.roles import Role, roles_required
from .admin_forms import ClosureEditForm, LocationEditForm, RosterEditForm, RosterFilterForm, ServiceEditForm
from .models import Closure, CounterService, Location, Roster
from .services import manage

ADMIN = Role.ADMINISTRATOR


def _edit(request, *, form, title: str, change, back: str, remove_url: str = "", reactivate_url: str = "", note=""):
    """Show ``form``; on a valid POST run ``change(**cleaned_data)`` and go ``back``."""
    if request.method == "POST" and form.is_valid():
        try:
            done = change(**form.cleaned_data)
        except ValidationError as exc:
            for text in exc.messages:
                form.add_error(None, text)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "appointments/staff/admin_edit.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "remove_url": remove_url,
            "reactivate_url": reactivate_url,
            "note": note,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _act(request, action, back: str, refused: str):
    """Run a removal; a refusal goes back to the page it came from with its message."""
    try:
        messages.success(request, action())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(refused)
    return redirect(back)


def _home() -> str:
    return reverse("appointments:admin_home")


@login_required
@roles_required(ADMIN)
def location_edit(request, code):
    location = get_object_or_404(Location, code=code)
    return _edit(
        request,
        form=LocationEditForm(request.POST or None, location=location),
        title=_("Change location %(name)s") % {"name": location.name},
        change=lambda **data: manage.update_location(location=location, actor=request.user, **data),
        back=_home(),
        remove_url="" if not location.active else reverse("appointments:location_remove", args=[code]),
        reactivate_url="" if location.active else reverse("appointments:location_reactivate", args=[code]),
        note=_(
            "Removing a location that was ever booked deactivates it: it offers no new appointments, "
            "and its appointments stay."
        ),
    )


@login_required
@roles_required(ADMIN)
@require_POST
def location_remove(request, code):
    location = get_object_or_404(Location, code=code)
    page = reverse("appointments:location_edit", args=[code])
    return _act(request, lambda: manage.remove_location(location=location, actor=request.user), _home(), page)


@login_required
@roles_required(ADMIN)
@require_POST
def location_reactivate(request, code):
    location = get_object_or_404(Location, code=code)
    page = reverse("appointments:location_edit", args=[code])
    return _act(request, lambda: manage.reactivate(obj=location, actor=request.user), _home(), page)


@login_required
@roles_required(ADMIN)
def service_edit(request, code):
    service = get_object_or_404(CounterService, code=code)
    initial = {"name": service.name, "duration_minutes": service.duration_minutes, "skill": service.skill}
    return _edit(
        request,
        form=ServiceEditForm(request.POST or None, initial=initial, names=service.names),
        title=_("Change service %(name)s") % {"name": service.name},
        change=lambda **data: manage.update_service(service=service, actor=request.user, **data),
        back=_home(),
        remove_url="" if not service.active else reverse("appointments:service_remove", args=[code]),
        reactivate_url="" if service.active else reverse("appointments:service_reactivate", args=[code]),
        note=_(
            "A new duration changes the times of every slot: it is refused while the service has "
            "appointments ahead. Removing a service that was ever booked deactivates it."
        ),
    )


@login_required
@roles_required(ADMIN)
@require_POST
def service_remove(request, code):
    service = get_object_or_404(CounterService, code=code)
    page = reverse("appointments:service_edit", args=[code])
    return _act(request, lambda: manage.remove_service(service=service, actor=request.user), _home(), page)


@login_required
@roles_required(ADMIN)
@require_POST
def service_reactivate(request, code):
    service = get_object_or_404(CounterService, code=code)
    page = reverse("appointments:service_edit", args=[code])
    return _act(request, lambda: manage.reactivate(obj=service, actor=request.user), _home(), page)


@login_required
@roles_required(ADMIN)
def closure_edit(request, pk):
    closure = get_object_or_404(Closure, pk=pk)
    initial = {"location": closure.location_id, "day": closure.day, "reason": closure.reason}
    return _edit(
        request,
        form=ClosureEditForm(request.POST or None, initial=initial),
        title=_("Change the closure on %(day)s") % {"day": closure.day},
        change=lambda **data: manage.update_closure(closure=closure, actor=request.user, **data),
        back=_home(),
        remove_url=reverse("appointments:closure_remove", args=[pk]),
    )


@login_required
@roles_required(ADMIN)
@require_POST
def closure_remove(request, pk):
    closure = get_object_or_404(Closure, pk=pk)
    return _act(request, lambda: manage.remove_closure(closure=closure, actor=request.user), _home(), _home())


def _rosters_url(roster: Roster) -> str:
    return f"{reverse('appointments:rosters')}?location={roster.location.code}&week={roster.day.isoformat()}"


@login_required
@roles_required(ADMIN)
def rosters(request):
    """The rosters of one location for one week, each with its change and remove actions."""
    first = Location.objects.order_by("name").first()
    form = RosterFilterForm(
        request.GET or None, initial={"location": first.code if first else None, "week": timezone.localdate()}
    )
    rows, location, week = [], None, None
    if form.is_valid():
        location, week = form.cleaned_data["location"], form.cleaned_data["week"]
    elif not form.is_bound and first is not None:
        location, week = first, timezone.localdate()
    if location is not None:
        rows = Roster.objects.filter(location=location, day__gte=week, day__lt=week + timedelta(days=7))
        rows = rows.select_related("service").order_by("day", "counter", "starts")
    return render(
        request,
        "appointments/staff/admin_rosters.html",
        {"form": form, "rows": rows, "location": location, "week": week},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@roles_required(ADMIN)
def roster_edit(request, pk):
    roster = get_object_or_404(Roster.objects.select_related("location"), pk=pk)
    initial = {
        "counter": roster.counter,
        "service": roster.service_id,
        "starts": roster.starts,
        "ends": roster.ends,
        "staff": roster.staff,
    }
    return _edit(
        request,
        form=RosterEditForm(request.POST or None, initial=initial),
        title=_("Change the roster of counter %(counter)s, %(location)s, %(day)s")
        % {"counter": roster.counter, "location": roster.location.name, "day": roster.day},
        change=lambda **data: manage.update_roster(roster=roster, actor=request.user, **data),
        back=_rosters_url(roster),
        remove_url=reverse("appointments:roster_remove", args=[pk]),
    )


@login_required
@roles_required(ADMIN)
@require_POST
def roster_remove(request, pk):
    roster = get_object_or_404(Roster.objects.select_related("location"), pk=pk)
    back = _rosters_url(roster)
    return _act(request, lambda: manage.remove_roster(roster=roster, actor=request.user), back, back)
