"""The handlers' report pages in Debian's Chromium: the queue, a report's page with its
forms (also when a form comes back with errors), the identity on a recorded reason, and an
oral report with its receipt — each passes axe-core with no serious violation."""

import re

import pytest

from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.services import ReportInput, Upload
from tests.conftest import PASSWORD
from tests.desk.report_fixtures import _cheap_handler_keys  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_report_pages_in_a_browser(page, assert_accessible, make_user, totp_for, org):
    handler = make_user(Role.REPORT_HANDLER, unit=org["other"])
    page.goto("/account/sign-in/")
    page.fill("#id_username", handler.get_username())
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", totp_for(handler)())
    page.press("#id_otp_token", "Enter")
    page.wait_for_url("**/desk/")
    report = services.submit_report(
        ReportInput(
            description="Objection decisions are signed by the official who took the first decision.",
            anonymity="confidential",
            reporter_name="Rita Reporter",
            attachments=[Upload("notes.txt", b"Counter 3 was closed all week.")],
        )
    ).report

    page.goto("/desk/reports/")
    assert page.locator(f"text={report.reference}").count() == 1
    assert_accessible(page)

    page.click(f"text={report.reference}")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

    page.click("form[action$='/message/'] button[type=submit]")  # empty message: refused
    assert page.locator(".utrecht-alert--error").count() >= 1
    assert page.locator("#id_message-body").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.fill("#id_reveal_identity-reason", "To invite the reporter to a hearing.")
    page.click("form[action$='/identity/'] button[type=submit]")
    assert "Rita Reporter" in page.inner_text("main")
    assert_accessible(page)

    page.goto("/desk/reports/record-oral/")
    assert_accessible(page)
    page.select_option("#id_anonymity", "anonymous")
    page.fill("#id_description", "By phone: the counter was closed for weeks.")
    page.click("main button[type=submit]")
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", page.inner_text(".loket-receipt").strip())
    assert_accessible(page)
