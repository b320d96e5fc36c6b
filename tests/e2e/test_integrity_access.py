"""Integrity of the decision process in Debian's Chromium (issue 15): an officer opens a case
that is not theirs, is refused, breaks the glass with a reason and reads it; the integrity
officer sees it on their page the same day. The author's attempt to sign for the signatory
is refused; the signatory signs in their own session with their second factor. Every page
passes axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.cases import services as case_services
from loket.core.roles import Role
from loket.decisions import services as decisions
from loket.decisions.models import Decision

REASON = "The client is at the counter and her officer is ill today."


def _sign_out(page):
    page.click("nav form button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def english(page, live_server, settings):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_breaking_the_glass_is_seen_by_the_integrity_officer_the_same_day(
    page, sign_in, assert_accessible, make_user, org, english, totp_for
):
    team = org["team"]
    olga = make_user(Role.OBJECTION_OFFICER, username="olga", unit=team)
    otto = make_user(Role.OBJECTION_OFFICER, username="otto", unit=team)
    lead = make_user(Role.TEAM_LEAD, username="tom", unit=team)
    ilse = make_user(Role.INTEGRITY_OFFICER, username="ilse", unit=org["top"])
    today = timezone.localdate()
    case = case_services.open_case(
        actor=lead, kind="application", track="regular", team=team, received_on=today - timedelta(days=3)
    )
    case_services.assign(case=case, officer=olga, via="test")

    sign_in(otto)
    page.wait_for_url("**/desk/**")
    page.goto("/desk/cases/")
    assert case.reference not in page.inner_text("main")  # lists show only what one may open
    page.goto(f"/desk/cases/{case.pk}/")
    assert "No access to this case" in page.inner_text("h1")
    assert_accessible(page)
    page.click("#break-glass-link")
    page.click("#break-glass-button")  # no reason: refused on the page
    page.wait_for_selector("#id_reason-error")
    assert_accessible(page)
    page.fill("#id_reason", REASON)
    page.click("#break-glass-button")
    page.wait_for_url(f"**/desk/cases/{case.pk}/")
    assert case.reference in page.inner_text("h1")
    assert "You broke the glass" in page.inner_text("main")
    assert_accessible(page)
    _sign_out(page)

    sign_in(ilse, totp_for(ilse)())
    page.wait_for_url("**/desk/**")
    page.goto("/desk/integrity/access/")
    assert "1 time" in page.inner_text("#glass-today")
    row = page.inner_text("#glass-table tbody")
    assert "otto" in row and case.reference in row and REASON in row
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_signatory_signs_in_their_own_session_and_nobody_signs_for_them(
    page, sign_in, assert_accessible, make_user, org, english, totp_for
):
    team = org["team"]
    daan = make_user(Role.DECISION_OFFICER, username="daan", unit=team)
    lead = make_user(Role.TEAM_LEAD, username="tom", unit=team)
    today = timezone.localdate()
    case = case_services.open_case(
        actor=lead, kind="application", track="regular", team=team, received_on=today - timedelta(days=3)
    )
    case.refresh_from_db()
    assert case.assigned_to == daan  # the system's draw: the only decision officer who did not open it
    decisions.save_draft(
        case=case, actor=daan, outcome="granted", reasons="All conditions of Vw 14 are met.", signatory=lead
    )
    case_url = f"/desk/cases/{case.pk}/"

    # The author tries to sign for the team lead: no button, and a forged post is refused.
    sign_in(daan)
    page.wait_for_url("**/desk/**")
    page.goto(case_url)
    assert page.locator("#issue-button").count() == 0
    assert "Only the signatory, tom, signs" in page.inner_text("#sign-note")
    assert_accessible(page)
    with page.expect_navigation():  # the forged post's answer, not the page it was sent from
        page.evaluate(
            """(url) => { const f = document.createElement('form'); f.method = 'post'; f.action = url;
            const t = document.querySelector('input[name=csrfmiddlewaretoken]').cloneNode(); f.appendChild(t);
            document.body.appendChild(f); f.submit(); }""",
            f"/desk/decisions/cases/{case.pk}/issue/",
        )
    assert "Only the signatory (tom) signs this decision" in page.inner_text("main")
    assert not Decision.objects.exists()
    _sign_out(page)

    # The team lead signs in their own session: the code from their authenticator when signing.
    code = totp_for(lead)
    sign_in(lead, code())
    page.wait_for_url("**/desk/**")
    page.goto(case_url)
    assert_accessible(page)
    page.click("#issue-button")
    page.wait_for_url(f"**{case_url}")
    assert "The decision was issued on" in page.inner_text("main")
    assert page.inner_text("#decision-signatory") == "tom"
    decision = Decision.objects.get()
    assert (decision.author, decision.signatory, decision.issued_by) == (daan, lead, lead)
    assert_accessible(page)
