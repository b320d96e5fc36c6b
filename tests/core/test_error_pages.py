"""The error pages (loket/core/errors.py): in the site's style and the user's language, they
say what happened and what the user can do, and lead back; a 403 names the needed role; the
500 page needs neither the database nor the request's context."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import path

from loket.api import views as handlers
from loket.core.roles import Role, RoleRequired, require_role, roles_required
from loket.urls import urlpatterns as site_urls


def _boom(request):
    raise RuntimeError("a bug")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("tampered")


@roles_required(Role.TEAM_LEAD)
def _leads_only(request):  # pragma: no cover - the role check stops every test request
    raise AssertionError


def _refused(request):
    raise PermissionDenied("Deze zaak hoort bij een ander team.")


urlpatterns = [
    path("desk/test-boom/", _boom),
    path("test-boom/", _boom),
    path("test-bad/", _bad),
    path("desk/test-leads/", _leads_only),
    path("desk/test-refused/", _refused),
    *site_urls,
]
handler400, handler403, handler404, handler500 = (
    "loket.api.views.bad_request",
    "loket.api.views.permission_denied",
    "loket.api.views.page_not_found",
    "loket.api.views.server_error",
)

pytestmark = pytest.mark.urls(__name__)


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def back_link(html: str) -> tuple[str, str]:
    main = html[html.index("<main") : html.index("</main>")]
    links = re.findall(r'<a class="utrecht-link" href="([^"]+)">([^<]+)</a>', main)
    return links[-1]


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_404_in_dutch_and_in_english_with_a_way_back(browser, db):
    response = browser.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert h1(html) == "Pagina niet gevonden"
    assert "Controleer het adres op typefouten." in html
    assert back_link(html) == ("/", "Naar de homepage")
    assert '<footer class="utrecht-page-footer' in html and "Openingstijden" in html  # the site's shell
    english = browser.get("/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert h1(english) == "Page not found" and back_link(english) == ("/", "Go to the home page")


def test_a_staff_404_leads_back_to_the_staff_start_page(browser, make_user):
    browser.force_login(make_user(Role.CONTACT_AGENT))
    html = browser.get("/desk/bestaat-niet/").content.decode()
    assert h1(html) == "Pagina niet gevonden"
    assert back_link(html) == ("/desk/", "Naar de startpagina")
    assert 'aria-label="Hoofdmenu"' in html  # the staff shell, with the user's menu


def test_403_names_the_role_the_page_needs(browser, make_user):
    browser.force_login(make_user(Role.CONTACT_AGENT))
    response = browser.get("/desk/test-leads/")
    html = response.content.decode()
    assert response.status_code == 403
    assert h1(html) == "U mag deze pagina niet openen"
    assert "Voor deze pagina is een van deze rollen nodig:" in html
    assert re.search(r'<ul class="utrecht-unordered-list loket-needed-roles"><li>teamleider</li></ul>', html)
    assert back_link(html) == ("/desk/", "Naar de startpagina")
    english = browser.get("/desk/test-leads/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>team lead</li>" in english and "Ask your team lead or an administrator" in english


def test_403_without_a_role_gives_the_views_reason(browser, make_user):
    browser.force_login(make_user(Role.CONTACT_AGENT))
    html = browser.get("/desk/test-refused/").content.decode()
    assert "Deze zaak hoort bij een ander team." in html
    assert "loket-needed-roles" not in html


def test_a_real_page_refused_by_its_role_says_which_roles_open_it(browser, make_user):
    browser.force_login(make_user(Role.CONTACT_AGENT))
    response = browser.get("/desk/decisions/")
    assert response.status_code == 403
    roles = re.search(r'loket-needed-roles">(.*?)</ul>', response.content.decode()).group(1)
    assert re.findall(r"<li>([^<]+)</li>", roles) == ["teamleider", "beheerder"]


def test_require_role_raises_a_permission_denied_that_knows_the_roles(make_user):
    with pytest.raises(PermissionDenied) as caught:
        require_role(make_user(Role.CONTACT_AGENT), Role.TEAM_LEAD, Role.ADMINISTRATOR)
    assert isinstance(caught.value, RoleRequired)
    assert caught.value.roles == ("team_lead", "administrator")


def test_400_says_nothing_was_saved(browser, db):
    response = browser.get("/test-bad/")
    html = response.content.decode()
    assert response.status_code == 400
    assert h1(html) == "We konden uw verzoek niet lezen"
    assert "Er is niets opgeslagen." in html


def test_500_in_the_users_language_without_the_database(browser, db, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    # Any query from here on fails the page: the 500 page must render without one.
    with connection.execute_wrapper(lambda execute, sql, params, many, context: no_database()):
        response = browser.get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert h1(html) == "Er ging bij ons iets mis"
    assert "Dit ligt niet aan u." in html and "088 123 45 67" in html  # contact details, from settings
    assert back_link(html) == ("/", "Naar de homepage")
    english = browser.get("/test-boom/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert h1(english) == "Something went wrong on our side"


def test_500_falls_back_to_plain_html_when_its_template_fails(rf, monkeypatch):
    from loket.core import errors

    monkeypatch.setattr(errors, "service_info", lambda: 1 / 0)
    response = handlers.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis / Something went wrong" in response.content.decode()


def test_the_api_keeps_answering_in_json(browser, db):
    response = browser.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_429_when_sign_in_is_locked_out(browser, make_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    user = make_user(Role.CONTACT_AGENT)
    for _ in range(3):
        response = browser.post("/account/sign-in/", {"username": user.username, "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 429
    assert h1(html) == "Account geblokkeerd"
    assert "Wacht een uur en log dan opnieuw in." in html
    assert back_link(html) == ("/account/sign-in/", "Terug naar inloggen")
    assert '<footer class="utrecht-page-footer' in html


def test_the_whistle_receipt_throttle_answers_429_on_its_own_page(browser, db, monkeypatch):
    from loket.whistle import services

    def too_many(*args, **kwargs):
        raise services.TooManyAttempts("Te veel pogingen. Probeer het over een uur opnieuw.")

    monkeypatch.setattr(services, "open_with_receipt", too_many)
    response = browser.post("/melden/terugkomen/", {"receipt": "1234 5678 9012 3456"})
    assert response.status_code == 429
    assert '<footer class="utrecht-page-footer' in response.content.decode()


def test_a_refused_form_gets_the_sites_page(db):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/account/sign-in/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert h1(html) == "Uw formulier kon niet worden verstuurd"
    assert "verstuur het formulier nog eens" in html
    assert back_link(html) == ("/", "Naar de homepage")
