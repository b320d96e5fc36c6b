"""Who is signed in on the client site, and for whom they act.

The one contract between sign-in (DigiD, a one-time code, a representative's DigiD) and every
page for a signed-in client: sign-in ends in `sign_in`, a page is wrapped in `client_required`
and reads `request.portal_client` (the client whose file is shown) and
`request.portal_representative` (the gemachtigde acting, or None). Staff sign-in
(django.contrib.auth) is separate: a client is not a `User`.
"""

from dataclasses import dataclass
from functools import wraps

from django.shortcuts import redirect

from loket.clients.models import Client, Representative

SESSION_CLIENT = "portal_client_id"
SESSION_REPRESENTATIVE = "portal_representative_id"
SESSION_METHOD = "portal_sign_in_method"


@dataclass(frozen=True)
class PortalIdentity:
    client_id: int | None  # None for a representative who has not chosen a client yet
    representative_id: int | None
    method: str  # "digid" or "code"


def sign_in(request, *, client_id: int | None, representative_id: int | None = None, method: str) -> None:
    """Start a fresh client session (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_CLIENT] = client_id
    request.session[SESSION_REPRESENTATIVE] = representative_id
    request.session[SESSION_METHOD] = method


def identity(request) -> PortalIdentity | None:
    method = request.session.get(SESSION_METHOD)
    if not method:
        return None
    return PortalIdentity(
        client_id=request.session.get(SESSION_CLIENT),
        representative_id=request.session.get(SESSION_REPRESENTATIVE),
        method=method,
    )


def sign_out(request) -> None:
    request.session.flush()


def client_required(view):
    """Let a page through only for a signed-in client (or a representative acting for one);
    it sets `request.portal_client` and `request.portal_representative`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        who = identity(request)
        if who is None:
            return redirect("portal:sign_in")
        if who.client_id is None:
            return redirect("portal:choose_client")
        request.portal_client = Client.objects.filter(pk=who.client_id, merged_into__isnull=True).first()
        if request.portal_client is None:
            sign_out(request)
            return redirect("portal:sign_in")
        request.portal_representative = (
            Representative.objects.filter(pk=who.representative_id).first() if who.representative_id else None
        )
        return view(request, *args, **kwargs)

    return wrapped
