"""axe-core finds no violation of any impact on any client page in any of the ten languages
(issue 13, must show): the sign-in pages, a signed-in client's pages (My Loket, details, a
question, appointments), a representative's choice of client and the error pages (400, 403,
404, 429, 500, the form-too-old page). The home page, the contact form and the reporting
channel's pages are checked in every language by tests/e2e/test_languages.py. Each page is
also narrowed to 320 CSS px, where it must reflow without scrolling sideways (WCAG 1.4.10)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from loket.core import errors
from loket.core.languages import CLIENT_LANGUAGES
from loket.urls import urlpatterns as site_urls
from tests.e2e.conftest import axe_violations

ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}


def _refused(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("tampered")


def _boom(request):
    raise RuntimeError("a bug")


def _too_many(request):
    return errors.render_error(request, 429)


urlpatterns = [
    path("test-refused/", _refused),
    path("test-bad/", _bad),
    path("test-boom/", _boom),
    path("test-too-many/", _too_many),
    *site_urls,
]
handler400, handler403, handler404, handler500 = (
    "loket.api.views.bad_request",
    "loket.api.views.permission_denied",
    "loket.api.views.page_not_found",
    "loket.api.views.server_error",
)
pytestmark = pytest.mark.urls(__name__)

SIGNED_OUT = [
    ("/inloggen/", 200),
    ("/inloggen/code/", 200),
    ("/uitloggen/", 200),
    ("/contact/thanks/?ref=KV-12", 200),
    ("/bestaat-niet/", 404),
    ("/test-refused/", 403),
    ("/test-bad/", 400),
    ("/test-too-many/", 429),
    ("/test-boom/", 500),
]


def _session_cookie(live_server, *, client=None, representative=None) -> dict:
    """A client (or representative) signed in as DigiD leaves them: the client-session keys."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from loket.portal.client_session import SESSION_CLIENT, SESSION_METHOD, SESSION_REPRESENTATIVE

    session = SessionStore()
    session[SESSION_CLIENT] = client.pk if client else None
    session[SESSION_REPRESENTATIVE] = representative.pk if representative else None
    session[SESSION_METHOD] = "digid"
    session.save()
    return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}


@pytest.fixture
def people(db, make_user, org):
    from datetime import date

    from loket.cases import services as case_services
    from loket.clients.services.signin import record_mandate
    from loket.core import audit
    from loket.core.roles import Role
    from tests.portal.my_loket_support import attach, make_client, make_question
    from tests.portal.signin_support import make_representative

    officer = make_user(Role.DECISION_OFFICER, username="daan", unit=org["team"])
    client = make_client("Amal Haddad", email="amal@example.org", language="")
    case = case_services.open_case(
        actor=officer,
        kind="application",
        track="regular",
        team=org["team"],
        received_on=date(2026, 5, 4),
        client=client,
    )
    audit.record(actor=officer, action="cases.case.viewed", obj=case)  # "who opened my file" has a row
    question = make_question(client, subject="Verblijfspas", answer="Uw pas ligt klaar.")
    attach(question)
    make_question(client, subject="Adres")  # with one a page, "my questions" has two pages
    rep = make_representative("Mr. Ria Advocaat")
    agent = make_user(Role.CONTACT_AGENT, username="agent")
    record_mandate(client=client, representative=rep, valid_from=date(2020, 1, 1), actor=agent)
    return client, question, rep


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", list(CLIENT_LANGUAGES))
def test_every_other_client_page_passes_axe_in_every_language(browser, live_server, people, lang, monkeypatch):
    client, question, rep = people
    monkeypatch.setattr("loket.portal.selectors.QUESTIONS_PER_PAGE", 1)
    found = {}

    def check(context, url, status=200):
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        page.set_viewport_size({"width": 1280, "height": 800})
        response = page.goto(url)
        assert response.status == status, (url, response.status)
        assert page.locator("html").get_attribute("lang") == lang, url
        violations = axe_violations(page, impacts=ALL_IMPACTS)
        if violations:
            found[url] = violations
        page.set_viewport_size({"width": 320, "height": 800})  # WCAG 1.4.10: reflows, no sideways scroll
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            found[f"{url} at 320 px"] = f"{widths[0]} px wide"

    def new_context(**cookie):
        context = browser.new_context(
            base_url=live_server.url, locale=lang, extra_http_headers={"Accept-Language": lang}
        )
        if cookie:
            context.add_cookies([_session_cookie(live_server, **cookie)])
        return context

    signed_out = new_context()
    for url, status in SIGNED_OUT:
        check(signed_out, url, status)
    signed_out.close()

    signed_in = new_context(client=client)
    for url in (
        "/mijn/",
        "/mijn/gegevens/",
        "/mijn/vragen/?page=2",
        f"/mijn/vragen/{question.pk}/",
        "/mijn/documenten/alle/",
        "/mijn/inzage/",
        "/appointments/",
        "/appointments/book/",
    ):
        check(signed_in, url)
    signed_in.close()

    representative = new_context(representative=rep)
    check(representative, "/inloggen/kies/")
    representative.close()
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)
