"""An objection decided in Debian's Chromium: the officer writes the draft and tries to issue
it without a hearing and without a recorded exception, is stopped with HEAR-01 and its
source (Awb 7:2), records the hearing; the second reader approves; the officer issues.
Every page passes axe-core with no serious violation, the work queue and the team lead's
dashboard (with its charts) included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from loket.cases import services as case_services
from loket.core.roles import Role
from loket.decisions.models import Decision


def _sign_out(page):
    page.click("nav form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_an_objection_is_stopped_without_a_hearing_then_heard_approved_and_issued(
    page, sign_in, assert_accessible, make_user, org, live_server, settings, totp_for
):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    team = org["team"]
    officer = make_user(Role.OBJECTION_OFFICER, username="olga", unit=team)
    reader = make_user(Role.SECOND_READER, username="rita", unit=team)
    lead = make_user(Role.TEAM_LEAD, username="tom", unit=team)
    first = make_user(Role.DECISION_OFFICER, username="first", unit=team)
    today = timezone.localdate()
    case = case_services.open_case(
        actor=officer,
        kind="objection",
        track="regular",
        team=team,
        received_on=today - timedelta(days=14),
        contested_decided_on=today - timedelta(days=30),
        contested_notified_on=today - timedelta(days=29),
        contested_author=first,
        contested_signatory_ref="E0901",
    )
    case_services.assign(case=case, officer=officer, via="test")  # the draw's choice, made certain
    case_url = f"/desk/cases/{case.pk}/"

    # The officer signs the decision herself: she signs in with her second factor.
    sign_in(officer, totp_for(officer)())
    page.wait_for_url("**/desk/**")
    page.goto("/desk/cases/")
    assert case.reference in page.inner_text("main")
    assert_accessible(page)
    page.click(f"main a:has-text('{case.reference}')")
    page.wait_for_url(f"**{case_url}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    # The draft: an unfounded objection, signed by its author.
    page.select_option("#id_draft-outcome", "unfounded")
    page.fill("#id_draft-reasons", "The objection brings no new facts; the income stays below the norm.")
    page.select_option("#id_draft-signatory", str(officer.pk))
    page.click("form[action$='/draft/'] button[type=submit]")
    page.wait_for_url(f"**{case_url}")

    # Issue without a hearing and without a recorded exception: stopped by HEAR-01, with its source.
    page.click("#issue-button")
    page.wait_for_selector("#issue-stopped")
    stopped = page.inner_text("#issue-stopped")
    assert "HEAR-01" in stopped and "Awb 7:2" in stopped and "The decision was not issued." in stopped
    assert page.locator("#issue-stopped a", has_text="HEAR-01").get_attribute("href") == "/desk/rules/HEAR-01/"
    assert not Decision.objects.exists()
    assert_accessible(page)

    # Record the hearing (held today by the officer, who took no part in the contested decision).
    page.fill("#id_hearing-on", today.isoformat())
    page.select_option("#id_hearing-by", str(officer.pk))
    page.click("form[action$='/hearing/'] button[type=submit]")
    page.wait_for_url(f"**{case_url}")
    assert "hearing held" in page.inner_text("main")
    assert "HEAR-01" not in page.inner_text("#rules-blocking")  # FOUR-01 still waits for the second reader
    assert "FOUR-01" in page.inner_text("#rules-blocking")
    _sign_out(page)

    # The second reader approves.
    sign_in(reader)
    page.wait_for_url("**/desk/**")
    page.goto(case_url)
    assert_accessible(page)
    page.click("#approve-button")
    page.wait_for_url(f"**{case_url}")
    assert "approved by rita" in page.inner_text("main")
    assert_accessible(page)
    _sign_out(page)

    # The officer signs and issues (a second device: a code is used once).
    sign_in(officer, totp_for(officer)())
    page.wait_for_url("**/desk/**")
    page.goto(case_url)
    assert page.locator("#rules-blocking").count() == 0
    page.click("#issue-button")
    page.wait_for_url(f"**{case_url}")
    main = page.inner_text("main")
    assert "The decision was issued on" in main and "What the rules said when the decision was issued" in main
    decision = Decision.objects.get()
    assert (decision.author, decision.signatory, decision.second_reader) == (officer, officer, reader)
    assert_accessible(page)
    _sign_out(page)

    # The team lead's dashboard shows the stop, with its charts and tables.
    sign_in(lead)
    page.wait_for_url("**/desk/**")
    page.goto("/desk/decisions/")
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 2")
    assert "HEAR-01" in page.inner_text("main table")
    assert_accessible(page)
    page.goto("/desk/cases/late/")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_case_form_with_errors_and_a_warning_to_acknowledge_are_accessible(
    page, sign_in, assert_accessible, make_user, org, live_server, totp_for
):
    team = org["team"]
    officer = make_user(Role.OBJECTION_OFFICER, username="olga", unit=team)
    today = timezone.localdate()
    sign_in(officer, totp_for(officer)())  # she signs the decision below: second factor
    page.wait_for_url("**/desk/**")
    page.goto("/desk/cases/new/")
    assert_accessible(page)
    page.select_option("#id_kind", "objection")
    page.select_option("#id_team", str(team.pk))
    page.click("main button[type=submit]")  # no dates, no contested decision: refused on the page
    page.wait_for_selector("#id_received_on-error")
    assert page.locator("#id_contested_decided_on").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # A late objection (received after its four weeks), heard: granting it warns (OBJ-01).
    case = case_services.open_case(
        actor=officer,
        kind="objection",
        track="regular",
        team=team,
        received_on=today - timedelta(days=2),
        contested_decided_on=today - timedelta(days=60),
        contested_notified_on=today - timedelta(days=59),
        contested_author_ref="E0901",
        contested_signatory_ref="E0902",
    )
    case_services.assign(case=case, officer=officer, via="test")
    case_services.record_event(case=case, actor=officer, type="hearing_held", on=today, by=officer)
    from loket.decisions import services

    services.save_draft(case=case, actor=officer, outcome="granted", reasons="The objection is well-founded.")
    page.goto(f"/desk/cases/{case.pk}/")
    page.click("#issue-button")  # the warning's reason left empty
    page.wait_for_selector("#id_issue-ack_OBJ-01-error")
    assert "OBJ-01" in page.inner_text("#issue-stopped")
    assert_accessible(page)
    page.fill("#id_issue-ack_OBJ-01", "The envelope shows it was posted within the period.")
    page.click("#issue-button")
    page.wait_for_url(f"**/desk/cases/{case.pk}/")
    assert Decision.objects.get().rule_results[0]["acknowledgement"].startswith("The envelope")
    assert_accessible(page)
