"""Issue 13 item 3 in the browser: a signed-in client reads the status and decision date of
their application, reads an answer and uploads a document on My Loket; axe-core finds no
violation of any impact, at full width and at 320 CSS px (where nothing scrolls sideways)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return out.getvalue()


def _signed_in(page, live_server, client) -> None:
    """Sign the client in as DigiD would: a session with the client-session keys."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from loket.portal.client_session import SESSION_CLIENT, SESSION_METHOD, SESSION_REPRESENTATIVE

    session = SessionStore()
    session[SESSION_CLIENT], session[SESSION_REPRESENTATIVE], session[SESSION_METHOD] = client.pk, None, "digid"
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def _no_violations(page):
    from tests.e2e.conftest import axe_violations

    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, violations


@pytest.mark.django_db(transaction=True)
def test_a_client_follows_their_application_reads_an_answer_and_uploads(page, live_server, make_user, org):
    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone, translation

    from loket.cases import selectors as case_selectors, services as case_services
    from loket.contact.models import Attachment
    from loket.core.roles import Role
    from tests.portal.my_loket_support import make_client, make_question

    officer = make_user(Role.DECISION_OFFICER, username="daan", unit=org["team"])
    amal = make_client("Amal Haddad", email="amal@example.org", language="nl")
    today = timezone.localdate()
    case = case_services.open_case(
        actor=officer,
        kind="application",
        track="regular",
        team=org["team"],
        received_on=today - timedelta(days=10),
        client=amal,
    )
    due = case_selectors.standing(case_selectors.client_case([amal.pk], case.reference), today).due_on
    with translation.override("nl"):
        due_text = date_filter(due, "DATE_FORMAT")
    make_question(amal, subject="Verblijfspas", answer="Uw verblijfspas ligt klaar aan de balie.")
    _signed_in(page, live_server, amal)

    page.goto("/mijn/")
    card = page.locator("article", has_text=case.reference)
    assert card.locator("[data-testid=status]").inner_text() == "Ontvangen"
    assert card.locator("[data-testid=due]").inner_text() == due_text
    assert (
        "Uw verblijfspas ligt klaar aan de balie."
        in page.locator("#questions ~ article, section[aria-labelledby=questions]").first.inner_text()
    )
    _no_violations(page)

    page.select_option("#id_target", f"case:{case.reference}")
    page.set_input_files("#id_file", {"name": "pasfoto.png", "mimeType": "image/png", "buffer": _png()})
    page.click("form[action='/mijn/documenten/'] button[type=submit]")
    page.wait_for_url("**/mijn/")
    assert "We hebben uw document ontvangen." in page.locator("[role=status]").first.inner_text()
    assert page.locator("a", has_text="pasfoto.png").count() == 1
    assert Attachment.objects.filter(name="pasfoto.png", contact__client=amal).count() == 1

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/mijn/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    _no_violations(page)
    page.goto("/mijn/gegevens/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    _no_violations(page)
