"""The error pages (400, 403, 404, 429, 500) in the site's style and the user's language.

Each says what happened, what the user can do, and leads back to the start of the site the
user was on: the staff site under /desk/ and /account/, else the client's site. The 500
page is rendered without the request's context processors and without the database, since
either may be what failed; loket/api/views.py decides when to answer in JSON instead.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from .roles import RoleRequired, role_labels
from .service import service_info

log = logging.getLogger(__name__)

STAFF_PREFIXES = ("/desk/", "/account/", "/admin/")


def _site(request) -> dict:
    staff = request is not None and request.path.startswith(STAFF_PREFIXES)
    if staff:
        return {"base_template": "desk/base.html", "home_url": "/desk/", "home_label": _("Go to the start page")}
    return {"base_template": "portal/base.html", "home_url": "/", "home_label": _("Go to the home page")}


def render_error(request, status: int, context: dict | None = None) -> HttpResponse:
    """The page for ``status``, rendered with the request (its user, menu and language)."""
    page = {"status": status, **_site(request), **(context or {})}
    body = loader.render_to_string(f"core/errors/{status}.html", page, request=request)
    return HttpResponse(body, status=status)


def permission_denied_context(exception) -> dict:
    """The roles the page needs (from :class:`RoleRequired`), or the reason the view gave."""
    if isinstance(exception, RoleRequired):
        return {"needed_roles": role_labels(exception.roles)}
    reason = str(exception or "")
    return {"reason": reason} if reason else {}


FALLBACK_500 = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Fout · Error</title></head>'
    "<body><main><h1>Er ging iets mis / Something went wrong</h1>"
    '<p>Probeer het later opnieuw. / Please try again later.</p><p><a href="/">Home</a></p></main></body></html>'
)


def server_error_page(request) -> HttpResponse:
    """The 500 page from settings and templates only: no context processors, no database."""
    try:
        site = _site(request)
        page = {"status": 500, "loket_service": service_info(), **site, "base_template": "base.html"}
        body = loader.get_template("core/errors/500.html").render(page)
    except Exception:  # the page that reports a failure must not fail itself
        log.exception("The 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponse(body, status=500)
