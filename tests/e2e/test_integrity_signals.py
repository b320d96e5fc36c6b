"""The integrity officer's signal pages in Debian's Chromium: the dashboard with its charts,
tables and break-glass panel, a signal's page, dismissing it with a reason; each passes
axe-core with no serious violation."""

import pytest
from django.utils import translation

from loket.core import audit
from loket.core.roles import Role
from loket.integrity.signals import services
from loket.whistle.keyring import ensure_keypair
from tests.conftest import PASSWORD
from tests.integrity.signal_support import Activity, at


@pytest.mark.django_db(transaction=True)
def test_signal_dashboard_and_a_signal_in_a_browser(
    page, assert_accessible, make_user, totp_for, live_server, settings
):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    officer = make_user(Role.INTEGRITY_OFFICER, username="ines")
    ensure_keypair(officer, PASSWORD)
    snoop = make_user(Role.DECISION_OFFICER, username="a3")
    act = Activity()
    for i, cid in enumerate(act.cases["T2"][:35]):
        act.event(at(10 + i % 5, 14), "a3", "read", cid)
    with translation.override("en"):  # explanations are stored in the language of the run
        services.run_signals(actor="system", records=act.lines)
    audit.record(
        actor=snoop,
        action="integrity.access.break_glass",
        object_type="cases.case",
        object_id="7",
        reason="Client at the counter asked about her case",
    )

    code = totp_for(officer)
    page.goto("/account/sign-in/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code())
    page.press("#id_otp_token", "Enter")
    page.wait_for_url("**/desk/")
    page.goto("/desk/signals/")
    page.wait_for_function("document.querySelectorAll('canvas').length === 3")
    main = page.inner_text("main")
    assert "Open signals by kind" in main and "Client at the counter asked about her case" in main
    assert_accessible(page)

    page.click("main a:has-text('ACC-01')")
    page.wait_for_url("**/desk/signals/*/")
    assert "Read 35 cases that are neither assigned to them nor of their team" in page.inner_text("main")
    assert_accessible(page)
    page.fill("#id_reason", "Seconded to team T2 in March; the reads are their work there.")
    page.click("button[value=dismiss]")
    page.wait_for_load_state()
    assert "The signal has been dismissed." in page.inner_text("main")
    assert "Seconded to team T2" in page.inner_text("main")
    assert_accessible(page)
