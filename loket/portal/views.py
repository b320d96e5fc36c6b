"""The client site's general pages: the home page and the cookie-light language choice."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET

from loket.clients.services import set_preferred_language
from loket.core.languages import CLIENT_LANGUAGES
from loket.core.middleware import is_reporter_path

from .client_session import identity


def home(request):
    return render(request, "portal/home.html")


def adviser(request):
    """Who the confidential adviser (vertrouwenspersoon) is and what they do."""
    return render(request, "portal/report/adviser.html")


@require_GET
def language(request):
    """Choose the language by a plain link: on the reporter's pages no form may carry a CSRF
    token (it would set a cookie). The chosen language is kept as Django's own language
    cookie, and only because the visitor asked for it; a signed-in client's choice is also
    stored on the client (never on the reporting channel, which does not read the session)."""
    code = request.GET.get("language", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if code in CLIENT_LANGUAGES and check_for_language(code):
        who = None if is_reporter_path(request.path_info) else identity(request)
        if who is not None and who.client_id is not None:
            set_preferred_language(client_id=who.client_id, language=code)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
