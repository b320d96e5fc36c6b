"""Who is signed in on the client site, and for whom they act.

The one contract between sign-in (DigiD, a one-time code, a representative's DigiD) and every
page for a signed-in client: sign-in ends in `sign_in`, a page is wrapped in `client_required`
and reads `request.portal_client` (the client whose file is shown) and
`request.portal_representative` (the gemachtigde acting, or None). Staff sign-in
(django.contrib.auth) is separate: a client is not a `User`.

A session ends when it has been idle for ``PORTAL_IDLE_SECONDS`` (checked here, on the
server, whatever the page's script does), when the person signs out anywhere (their
``session_generation`` in the database moves on), and, for a representative, when the
mandate for the chosen client ends.
"""

import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from loket.clients.models import Client, Representative
from loket.clients.services.signin import end_sessions, may_act_for

SESSION_CLIENT = "portal_client_id"
SESSION_REPRESENTATIVE = "portal_representative_id"
SESSION_METHOD = "portal_sign_in_method"
SESSION_LAST_SEEN = "portal_last_seen"
SESSION_GENERATION = "portal_generation"  # {"c": client's generation, "r": representative's}
#: The idle timer is written at most this often, so that reading a page is not a write of the
#: session: an idle session ends up to this many seconds early, never late.
TOUCH_EVERY_SECONDS = 60


@dataclass(frozen=True)
class PortalIdentity:
    client_id: int | None  # None for a representative who has not chosen a client yet
    representative_id: int | None
    method: str  # "digid" or "code"


def client_row(request, client_id: int) -> Client | None:
    """The client's row as stored, read once per request: the language middleware, the
    sign-out check and the page all need it (three queries became one)."""
    cached = getattr(request, "_portal_client_row", None)
    if cached is None or cached[0] != client_id:
        cached = request._portal_client_row = (client_id, Client.objects.filter(pk=client_id).first())
    return cached[1]


def _generations(client_id, representative_id, request=None) -> dict:
    out = {}
    if client_id and not representative_id:
        if request is not None:
            row = client_row(request, client_id)
            out["c"] = row.session_generation if row is not None else None
        else:
            out["c"] = Client.objects.filter(pk=client_id).values_list("session_generation", flat=True).first()
    if representative_id:
        out["r"] = (
            Representative.objects.filter(pk=representative_id).values_list("session_generation", flat=True).first()
        )
    return out


def sign_in(request, *, client_id: int | None, representative_id: int | None = None, method: str) -> None:
    """Start a fresh client session (a new session key: no fixation)."""
    request.session.flush()  # nothing of an earlier visitor's session carries over
    request.session[SESSION_CLIENT] = client_id
    request.session[SESSION_REPRESENTATIVE] = representative_id
    request.session[SESSION_METHOD] = method
    request.session[SESSION_LAST_SEEN] = int(time.time())
    request.session[SESSION_GENERATION] = _generations(client_id, representative_id)


def choose_client(request, client_id: int) -> None:
    """A representative picks the client to act for (the caller has checked the mandate)."""
    request.session.cycle_key()
    request.session[SESSION_CLIENT] = client_id


def identity(request) -> PortalIdentity | None:
    method = request.session.get(SESSION_METHOD)
    if not method:
        return None
    return PortalIdentity(
        client_id=request.session.get(SESSION_CLIENT),
        representative_id=request.session.get(SESSION_REPRESENTATIVE),
        method=method,
    )


def sign_out(request, *, everywhere: bool = False) -> None:
    """End this session; ``everywhere`` ends every session of the same person too."""
    who = identity(request)
    if everywhere and who is not None:
        if who.representative_id:
            end_sessions(representative_id=who.representative_id)
        else:
            end_sessions(client_id=who.client_id)
    request.session.flush()


def touch(request, *, now: int, always: bool = False) -> int:
    """Count this request as activity (a page or the keep-alive button), writing the session
    only when the stored moment is a minute old (``always``: the keep-alive button). Returns
    the moment the idle time now runs from."""
    last_seen = request.session.get(SESSION_LAST_SEEN)
    if always or last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
        request.session[SESSION_LAST_SEEN] = last_seen = now
    return last_seen


def _ended(request, who: PortalIdentity) -> str | None:
    """Why this session may no longer be used, or None."""
    last_seen = request.session.get(SESSION_LAST_SEEN)
    if last_seen is not None and time.time() - last_seen > settings.PORTAL_IDLE_SECONDS:
        return _("You were signed out because you did nothing for 15 minutes. Please sign in again.")
    stored = request.session.get(SESSION_GENERATION)
    # Sessions made by tests set only the three keys: they carry no generation to compare.
    if stored is not None and stored != _generations(
        None if who.representative_id else who.client_id, who.representative_id, request
    ):
        return _("You were signed out. Please sign in again.")
    return None


def active_identity(request, *, keep_alive: bool = False) -> tuple[PortalIdentity | None, str | None]:
    """The identity of a session still in use (None and why not otherwise); counts the request
    as activity. Ends a session that ran out. ``request.portal_idle`` tells the page's warning
    the seconds left as the server counts them (from the stored moment, which may be older
    than this request)."""
    who = identity(request)
    if who is None:
        return None, None
    why = _ended(request, who)
    if why:
        request.session.flush()
        return None, why
    now = int(time.time())
    since = touch(request, now=now, always=keep_alive)
    left = max(settings.PORTAL_IDLE_SECONDS - (now - since), 0)
    request.portal_idle = (left, settings.PORTAL_IDLE_WARNING_SECONDS)  # for the warning
    return who, None


def client_required(view):
    """Let a page through only for a signed-in client (or a representative acting for one);
    it sets `request.portal_client` and `request.portal_representative`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        who, why = active_identity(request)
        if who is None:
            if why:
                messages.warning(request, why)
            return redirect("portal:sign_in")
        if who.client_id is None:
            return redirect("portal:choose_client")
        if who.representative_id and not may_act_for(who.representative_id, who.client_id):
            request.session[SESSION_CLIENT] = None
            messages.warning(request, _("You may no longer act for this person."))
            return redirect("portal:choose_client")
        client = client_row(request, who.client_id)
        try:
            client = client.resolved() if client else None
        except ValueError:
            client = None
        request.portal_client = client
        if request.portal_client is None:
            sign_out(request)
            return redirect("portal:sign_in")
        request.portal_representative = (
            Representative.objects.filter(pk=who.representative_id).first() if who.representative_id else None
        )
        return view(request, *args, **kwargs)

    return wrapped
