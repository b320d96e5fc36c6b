"""Client sign-in pages: the choice of DigiD or a one-time code, the code page, a
representative's choice of client, signing out (everywhere) and staying signed in.

DigiD's own steps are in :mod:`.digid`; they end here in :func:`signed_in_with_bsn`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..clients.bsn import keyed_hash
from ..clients.models import Client, Representative, SignInThrottle
from ..clients.services.signin import find_by_bsn, may_act_for, redeem_sign_in_code, represented_clients
from ..core import audit
from ..core.middleware import client_address
from . import client_session
from .client_session import client_required
from .signin_forms import ChooseClientForm, CodeForm

THROTTLE_WINDOW = timedelta(hours=1)


def landing_url() -> str:
    """Where a signed-in client lands: My Loket when that page exists."""
    try:
        return reverse(settings.PORTAL_SIGNED_IN_URL)
    except NoReverseMatch:
        return reverse("portal:signed_in")


def _signed_in(request, *, client: Client | None, representative=None, method: str):
    client_session.sign_in(
        request,
        client_id=client.pk if client else None,
        representative_id=representative.pk if representative else None,
        method=method,
    )
    audit.record(
        actor="representative" if representative else "client",
        action="portal.signed_in",
        obj=representative or client,
        data={"method": method},
    )
    return redirect("portal:choose_client" if representative else landing_url())


def digid_failed(request):
    messages.error(request, _("Signing in with DigiD did not work. You are not signed in. Please try again."))
    return redirect("portal:sign_in")


def signed_in_with_bsn(request, bsn: str):
    """DigiD vouched for this BSN: sign in its representative (who then picks a client) or
    its client; a BSN Loket does not know signs nobody in."""
    try:
        client, representative = find_by_bsn(bsn)
    except ValueError:
        return digid_failed(request)
    if representative is not None:
        return _signed_in(request, client=None, representative=representative, method="digid")
    if client is not None:
        return _signed_in(request, client=client, method="digid")
    messages.error(
        request,
        _(
            "You signed in with DigiD, but we cannot find your file with your BSN. Ask us for a sign-in code "
            "by letter or at the counter, or contact us."
        ),
    )
    return redirect("portal:sign_in")


@never_cache
def sign_in_page(request):
    """Choose how to sign in: DigiD, or a one-time code for a client without a BSN."""
    if request.GET.get("timeout"):  # the warning's script sends the browser here when time is up
        _who, why = client_session.active_identity(request)
        if why or client_session.identity(request) is None:
            messages.warning(
                request, _("You were signed out because you did nothing for 15 minutes. Please sign in again.")
            )
    return render(request, "portal/signin/sign_in.html", {"digid": settings.PORTAL_DIGID != "off"})


def _throttle_keys(request, v_number: str) -> list[tuple[str, int]]:
    digits = "".join(ch for ch in v_number if ch.isdigit())[:20] or v_number.strip()[:40]
    return [
        (keyed_hash(digits, purpose="throttle-v"), settings.PORTAL_CODE_FAILURES_PER_V_NUMBER),
        (keyed_hash(client_address(request.META), purpose="throttle-ip"), settings.PORTAL_CODE_FAILURES_PER_ADDRESS),
    ]


def _throttled(keys) -> bool:
    since = timezone.now() - THROTTLE_WINDOW
    for key, limit in keys:
        row = SignInThrottle.objects.filter(key=key, window_start__gt=since).first()
        if row is not None and row.failures >= limit:
            return True
    return False


def _count_failure(keys) -> None:
    now = timezone.now()
    with transaction.atomic():
        for key, _limit in keys:
            row, created = SignInThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"window_start": now, "failures": 1}
            )
            if created:
                continue
            if row.window_start <= now - THROTTLE_WINDOW:
                row.window_start, row.failures = now, 1
                row.save(update_fields=["window_start", "failures"])
            else:
                SignInThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1)


@never_cache
@require_http_methods(["GET", "POST"])
def code_page(request):
    """A client without a BSN signs in with their V-number and a one-time code. The answer
    is the same whether the V-number exists or not."""
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        keys = _throttle_keys(request, form.cleaned_data["v_number"])
        if _throttled(keys):
            form.add_error(None, _("Too many attempts. Wait an hour and try again, or contact us."))
            status = 429
        else:
            client = redeem_sign_in_code(v_number=form.cleaned_data["v_number"], code=form.cleaned_data["code"])
            if client is not None:
                return _signed_in(request, client=client, method="code")
            _count_failure(keys)
            form.add_error(
                None,
                _(
                    "This V-number and code do not match, or the code was used or has expired. Check both "
                    "and try again. A code works once."
                ),
            )
    if form.errors and status == 200:
        status = 400
    return render(request, "portal/signin/code.html", {"form": form}, status=status)


def _representative(request):
    """The representative of a session still in use (None otherwise)."""
    who, why = client_session.active_identity(request)
    if why:
        messages.warning(request, why)
    if who is None or not who.representative_id:
        return None
    return Representative.objects.filter(pk=who.representative_id).first()


@never_cache
@require_http_methods(["GET", "POST"])
def choose_client(request):
    """A representative picks one of the clients whose mandate is recorded; no other."""
    representative = _representative(request)
    if representative is None:
        return redirect("portal:sign_in")
    if request.method == "POST":
        form = ChooseClientForm(request.POST)
        if not form.is_valid() or not may_act_for(representative.pk, form.cleaned_data["client"]):
            raise Http404
        client_session.choose_client(request, form.cleaned_data["client"])
        audit.record(
            actor="representative",
            action="portal.client_chosen",
            obj=representative,
            data={"client": form.cleaned_data["client"]},
        )
        return redirect(landing_url())
    return render(
        request,
        "portal/signin/choose_client.html",
        {"representative": representative, "clients": represented_clients(representative)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """Sign out here and in every other browser (GET shows the button: no sign-out by link)."""
    if request.method == "POST":
        client_session.sign_out(request, everywhere=True)
        messages.success(request, _("You are signed out, on this device and everywhere else."))
        return redirect("portal:sign_in")
    return render(request, "portal/signin/sign_out.html", {"signed_in": client_session.identity(request) is not None})


@never_cache
@require_POST
def keep_alive(request):
    """The warning's "stay signed in" button: activity without loading a page."""
    who, _why = client_session.active_identity(request, keep_alive=True)
    if who is None:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "idle_seconds": request.portal_idle[0]})


@never_cache
@client_required
def signed_in(request):
    """A small landing page until My Loket exists."""
    return render(request, "portal/signin/signed_in.html")
