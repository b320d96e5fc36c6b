"""Client pages: book, see, change and cancel an appointment (signed in, in their language).

The client-site sign-in is the portal's (``client_required``); the use cases are this
app's services, which check that a booking is the signed-in client's own.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from loket.portal.client_session import client_required

from . import selectors
from .errors import BookingError
from .forms import ChooseForm, DetailsForm
from .models import Booking, Slot, WaitingEntry
from .services import booking as svc, holds, notify, waiting
from .views_common import qr_data_uri

ACTOR = "portal"


def _own(request, reference: str) -> Booking:
    booking = (
        Booking.objects.select_related("slot", "service", "location")
        .filter(reference=reference, client=request.portal_client)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


@client_required
def mine(request):
    return render(
        request,
        "appointments/portal/mine.html",
        {
            "bookings": selectors.bookings_of(request.portal_client),
            "hold": holds.current_hold(request.portal_client),
            "waits": selectors.waits_of(request.portal_client),
        },
    )


@client_required
@require_POST
def join_waiting_list(request):
    form = ChooseForm(request.POST)
    if not form.is_valid():
        return render(request, "appointments/portal/choose.html", {"form": form, "slots": None}, status=400)
    waiting.join(
        client=request.portal_client,
        location=form.cleaned_data["location"],
        service=form.cleaned_data["service"],
        actor=ACTOR,
        language=translation.get_language() or "",
        email=request.POST.get("email", "")[:254],
        phone=request.POST.get("phone", "")[:30],
    )
    return redirect("appointments_portal:mine")


@client_required
@require_POST
def accept_offer(request, pk):
    entry = WaitingEntry.objects.filter(pk=pk, client=request.portal_client).first()
    if entry is None:
        raise Http404
    try:
        booking = waiting.accept(entry=entry, client=request.portal_client, actor=ACTOR)
    except BookingError as exc:
        return render(request, "appointments/portal/problem.html", {"error": exc.message}, status=409)
    return redirect("appointments_portal:detail", booking.reference)


@client_required
def choose(request):
    form = ChooseForm(request.GET or None, initial={"day": timezone.localdate()})
    found = None
    if form.is_valid():
        found = selectors.slots(
            location=form.cleaned_data["location"],
            service=form.cleaned_data["service"],
            day=form.cleaned_data["day"],
            days=7,
            free_only=True,
        )
    return render(request, "appointments/portal/choose.html", {"form": form, "slots": found})


@client_required
@require_POST
def hold(request):
    slot = Slot.objects.filter(pk=request.POST.get("slot") or 0).select_related("location", "service").first()
    if slot is None:
        return render(
            request, "appointments/portal/problem.html", {"error": BookingError("slot_full").message}, status=400
        )
    try:
        holds.hold(client=request.portal_client, slot=slot, actor=ACTOR)
    except BookingError as exc:
        return render(request, "appointments/portal/problem.html", {"error": exc.message}, status=409)
    return redirect("appointments_portal:confirm")


@client_required
def confirm(request):
    held = holds.current_hold(request.portal_client)
    if held is None:
        return render(
            request, "appointments/portal/problem.html", {"error": BookingError("hold_expired").message}, status=409
        )
    form = DetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = svc.confirm(client=request.portal_client, actor=ACTOR, channel="web", **form.cleaned_data)
        except BookingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("appointments_portal:detail", booking.reference)
    return render(request, "appointments/portal/confirm.html", {"form": form, "hold": held, "slot": held.seat.slot})


@client_required
def detail(request, reference):
    booking = _own(request, reference)
    return render(
        request, "appointments/portal/detail.html", {"booking": booking, "qr": qr_data_uri(booking.reference)}
    )


@client_required
def calendar(request, reference):
    booking = _own(request, reference)
    response = HttpResponse(notify.ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response


@client_required
def reschedule(request, reference):
    booking = _own(request, reference)
    error = None
    if request.method == "POST":
        slot = Slot.objects.filter(pk=request.POST.get("slot") or 0).first()
        try:
            if slot is None:
                raise BookingError("slot_full")
            svc.reschedule(booking=booking, slot=slot, actor=ACTOR, client=request.portal_client)
        except BookingError as exc:
            error = exc.message
        else:
            return redirect("appointments_portal:detail", booking.reference)
    found = selectors.slots(
        location=booking.location, service=booking.service, day=timezone.localdate(), days=28, free_only=True
    )
    return render(
        request,
        "appointments/portal/reschedule.html",
        {"booking": booking, "slots": [s for s in found if s.pk != booking.slot_id][:40], "error": error},
        status=409 if error else 200,
    )


@client_required
def cancel(request, reference):
    booking = _own(request, reference)
    error = None
    if request.method == "POST":
        try:
            svc.cancel(booking=booking, actor=ACTOR, client=request.portal_client)
        except BookingError as exc:
            error = exc.message
        else:
            return redirect("appointments_portal:detail", booking.reference)
    return render(request, "appointments/portal/cancel.html", {"booking": booking, "error": error})
