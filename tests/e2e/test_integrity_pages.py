"""The integrity pages in Debian's Chromium: the register of measures (also with a form
that comes back with errors), the review of a flagged measure, the dashboard with its
charts, and the redacted export — each passes axe-core with no serious violation."""

from datetime import date

import pytest

from loket.core.models import Employee, OrgUnit
from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.keyring import Keyring, ensure_keypair
from loket.whistle.models import NamedPerson, RetaliationForm
from loket.whistle.services import ReportInput
from tests.conftest import PASSWORD
from tests.desk.report_fixtures import _cheap_handler_keys  # noqa: F401


def _sign_in(page, user, code):
    page.goto("/account/sign-in/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code)
    page.press("#id_otp_token", "Enter")
    page.wait_for_url("**/desk/")


def _sign_out(page):
    page.click("nav form button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_integrity_pages_in_a_browser(page, assert_accessible, make_user, totp_for, org, live_server, settings):
    # English pages, so that the labels asserted below do not depend on the Dutch catalogue.
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    integrity = OrgUnit.objects.create(code="INTEGRITY", name="Integrity office", parent=org["top"])
    officer = make_user(Role.INTEGRITY_OFFICER, username="officer", unit=integrity)
    handler = make_user(Role.REPORT_HANDLER, username="handler", unit=integrity)
    lead = make_user(Role.TEAM_LEAD, username="lead", unit=org["team"])
    org["team"].manager = lead.employee
    org["team"].save()
    for user in (officer, handler):
        ensure_keypair(user, PASSWORD)
    witness = Employee.objects.create(number="E-WIT", name="Wim Getuige", unit=org["team"])
    otto = Employee.objects.create(number="E-OTTO", name="Otto Ambtenaar", unit=org["other"])
    report = services.submit_report(
        ReportInput(
            description="Otto Ambtenaar took money at the counter; Wim Getuige saw it.",
            anonymity="anonymous",
            involved_employees=[otto.number],
        )
    ).report
    services.name_person(
        report=report,
        user=handler,
        keyring=Keyring.from_password(handler, PASSWORD),
        employee=witness,
        role=NamedPerson.Role.WITNESS,
    )

    _sign_in(page, lead, totp_for(lead)())
    page.goto("/desk/integrity/measures/new/")
    assert_accessible(page)
    page.click("main button[type=submit]")  # nothing filled in: refused
    page.wait_for_selector(".utrecht-alert--error")
    assert page.locator("#id_justification").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.select_option("#id_employee", label="Wim Getuige (E-WIT, Objections team 1)")
    page.select_option("#id_kind", RetaliationForm.TRANSFER.value)
    page.fill("#id_description", "Move to the back office.")
    page.fill("#id_justification", "The back office needs a second person from July, agreed in the spring plan.")
    page.fill("#id_effective_on", date(2026, 12, 1).isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url("**/desk/integrity/measures/")
    assert "Wim Getuige" in page.inner_text("main")
    assert_accessible(page)
    _sign_out(page)

    _sign_in(page, officer, totp_for(officer)())
    page.goto("/desk/integrity/measures/")
    assert_accessible(page)
    page.click("main table a")
    page.wait_for_url("**/desk/integrity/measures/*/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    page.click("main button[type=submit]")  # no decision, no reasons: refused
    page.wait_for_selector("#id_decision-error")
    assert_accessible(page)

    page.goto("/desk/integrity/")
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 2")
    assert_accessible(page)

    page.goto(f"/desk/integrity/reports/{report.reference}/export/")
    main = page.inner_text("main")
    assert "[person concerned 1]" in main and "Otto" not in main and "Getuige" not in main
    assert_accessible(page)
