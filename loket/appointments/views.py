"""Staff pages: the counter's day (agenda, check-in, calling, the visit's outcome, walk-ins),
the waiting-room screen, and an agent booking for a caller."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..core.languages import RIGHT_TO_LEFT
from ..core.roles import Role, has_role, require_role, roles_required
from . import screen as screen_languages, selectors
from .errors import BookingError
from .forms import CallerForm, CheckInForm, ChooseForm, OutcomeForm, WalkInForm
from .models import Booking, Location, ResaleSignal, Slot
from .services import booking as svc, counter
from .services.identify import resolve

COUNTER = (Role.COUNTER_AGENT, Role.TEAM_LEAD)
AGENTS = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD)


def _location(request) -> Location | None:
    code = request.GET.get("location") or request.POST.get("location")
    rows = Location.objects.filter(active=True)
    return rows.filter(code=code).first() if code else rows.first()


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
@roles_required(*COUNTER)
def agenda(request):
    """Today's agenda of one location, with the forms of the counter's day."""
    location = _location(request)
    day = timezone.localdate()
    return render(
        request,
        "appointments/staff/agenda.html",
        {
            "location": location,
            "locations": Location.objects.filter(active=True),
            "bookings": selectors.agenda(location=location, day=day) if location else [],
            "checkin_form": CheckInForm(),
            "outcome_form": OutcomeForm(),
            "walkin_form": WalkInForm() if has_role(request.user, Role.TEAM_LEAD) else None,
            "walk_ins": location.walk_ins.filter(at__date=day) if location else [],
            "day": day,
        },
    )


def _back(location) -> object:
    return redirect(f"{_url('appointments:agenda')}?location={location.code}")


def _url(name, *args):
    return reverse(name, args=args)


@login_required
@require_POST
def check_in(request):
    require_role(request.user, *COUNTER)
    location = _location(request)
    form = CheckInForm(request.POST)
    if form.is_valid():
        booking = counter.find(form.cleaned_data["reference"])
        if booking is None or booking.location_id != location.pk:
            messages.error(request, _("No appointment here with this reference."))
        else:
            try:
                counter.check_in(
                    booking=booking,
                    actor=request.user,
                    v_number=form.cleaned_data["v_number"],
                    birth_date=form.cleaned_data["birth_date"],
                )
                messages.success(request, _("Checked in: number %(n)s.") % {"n": booking.short_number})
            except BookingError as exc:
                messages.error(request, exc.message)
    else:
        messages.error(request, _("Give the booking reference."))
    return _back(location)


@login_required
@require_POST
def call_next(request):
    require_role(request.user, *COUNTER)
    location = _location(request)
    desk = (request.POST.get("desk") or "").strip()[:20]
    if not desk:
        messages.error(request, _("Give the number of your desk."))
        return _back(location)
    call = counter.call_next(location=location, desk=desk, actor=request.user)
    if call is None:
        messages.info(request, _("Nobody is waiting."))
    else:
        messages.success(request, _("Called %(n)s to desk %(d)s.") % {"n": call.number, "d": call.desk})
    return _back(location)


@login_required
@require_POST
def outcome(request, pk):
    require_role(request.user, *COUNTER)
    booking = get_object_or_404(Booking, pk=pk)
    try:
        counter.record_visit(booking=booking, actor=request.user, outcome=request.POST.get("outcome", ""))
        messages.success(request, _("The visit is recorded."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except BookingError as exc:
        messages.error(request, exc.message)
    return _back(booking.location)


@login_required
@require_POST
def walk_in(request):
    require_role(request.user, Role.TEAM_LEAD)
    location = _location(request)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            w = counter.admit_walk_in(location=location, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Walk-in admitted: number %(n)s.") % {"n": w.short_number})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Give the name and the reason."))
    return _back(location)


def screen(request, code):
    """The waiting-room screen: the numbers called and their desks, never a name. Public
    inside the building (a display), so it shows nothing else; its words are in the
    languages of the clients waiting (``screen.languages``)."""
    location = get_object_or_404(Location, code=code)
    calls = selectors.recent_calls(location=location)
    codes = screen_languages.languages(
        first=translation.get_language() or "nl",
        waiting=[*_called_language(calls[:1]), *selectors.waiting_languages(location=location)],
        now=timezone.now(),
    )
    return render(
        request,
        "appointments/hall/screen.html",
        {
            "location": location,
            "current": calls[0] if calls else None,
            "calls": calls[1:],
            "languages": [{"code": c, "dir": "rtl" if c in RIGHT_TO_LEFT else "ltr"} for c in codes],
        },
    )


def _called_language(calls) -> list[str]:
    """The language of the client just called, who reads the screen on the way to the desk."""
    booking = calls[0].booking if calls else None
    if booking is None:
        return []
    return [booking.language or booking.client.language or ""]


@login_required
@roles_required(*AGENTS)
def agent_book(request):
    """An agent books for a caller: find a time, then who the caller is."""
    choose = ChooseForm(request.GET or None, initial={"day": timezone.localdate()})
    found, form, slot = None, None, None
    if choose.is_valid():
        found = selectors.slots(
            location=choose.cleaned_data["location"],
            service=choose.cleaned_data["service"],
            day=choose.cleaned_data["day"],
            days=7,
            released_only=False,
            free_only=True,
        )
    if request.method == "POST":
        form = CallerForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            slot = Slot.objects.filter(pk=d["slot"]).select_related("location", "service").first()
            channel = "counter" if has_role(request.user, Role.COUNTER_AGENT) else "phone"
            try:
                if slot is None:
                    raise BookingError("slot_full")
                client = resolve(
                    actor=request.user,
                    name=d["name"],
                    v_number=d["v_number"],
                    birth_date=d["birth_date"],
                    email=d["email"],
                    phone=d["phone"],
                    language=d["language"],
                )
                booking, _created = svc.book(
                    slot=slot,
                    client=client,
                    actor=request.user,
                    channel=channel,
                    email=d["email"],
                    phone=d["phone"],
                    language=d["language"],
                    interpreter_language=d["interpreter_language"],
                    needs=d["needs"],
                    case_ref=d["case_ref"],
                )
            except BookingError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Booked: %(ref)s. Read the reference out to the caller.") % {"ref": booking.reference},
                )
                return redirect("appointments:agent_book")
    elif request.GET.get("slot"):
        form = CallerForm(initial={"slot": request.GET.get("slot")})
        slot = Slot.objects.filter(pk=request.GET.get("slot") or 0).select_related("location", "service").first()
    return render(
        request,
        "appointments/staff/agent_book.html",
        {"choose": choose, "slots": found, "form": form, "slot": slot},
    )


@login_required
@roles_required(Role.INTEGRITY_OFFICER)
def signals(request):
    """For the integrity officer: phone numbers and e-mail addresses that booked for too
    many clients and were refused."""
    return render(request, "appointments/staff/signals.html", {"signals": ResaleSignal.objects.all()[:200]})
