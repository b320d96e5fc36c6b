"""The reporting channel end to end in Debian's Chromium (issue 2, "Must show").

An anonymous reporter reaches the report form by keyboard, files a report, notes the
16-digit receipt (shown once), and comes back with it; a handler signed in with password
and TOTP acknowledges the report and asks a question; the reporter reads it and answers;
the handler reads the answer. axe-core finds no serious or critical violation on any page
on the way. The same in English, and a wrong receipt.
"""

import re
from contextlib import closing

import pytest
import time_machine
from playwright.sync_api import expect

from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import Anonymity, Category, Report, Stage
from loket.whistle.services import ReportInput
from loket.whistle.services.reporter import messages_for
from tests.conftest import PASSWORD
from tests.desk.report_fixtures import _cheap_handler_keys  # noqa: F401

from .whistle_support import (
    MONDAY,
    RECEIPT,
    assert_focus_visible,
    choice_label,
    days_left,
    deadline_row,
    file_report_by_keyboard,
    focused,
    open_with_receipt,
    sign_in_handler,
    submit_form,
    tab_to,
    translated,
)

DESCRIPTION = "Bezwaarschriften blijven maanden liggen; de telefoon van het loket wordt niet opgenomen."
QUESTION = "Sinds wanneer wordt de telefoon niet meer opgenomen?"
ANSWER = "Sinds begin maart, elke werkdag na tien uur."


@pytest.fixture
def clock():
    """Monday 1 June 2026, 10:00 in Amsterdam; time runs on from there."""
    with time_machine.travel(MONDAY, tick=True):
        yield


@pytest.fixture
def handler(make_user, org, totp_for):
    """A report handler with a TOTP device, whose key pair exists before any report comes in
    (a report is sealed at intake for the handlers who have a key by then)."""
    user = make_user(Role.REPORT_HANDLER, unit=org["other"])
    user.totp = totp_for(user)
    user.keyring = Keyring.from_password(user, PASSWORD)
    return user


@pytest.fixture
def staff_page(browser, live_server):
    """The handler's own browser: a second context, sharing no cookies with the reporter's."""
    with closing(browser.new_context(base_url=live_server.url, locale="nl-NL")) as context:
        yield context.new_page()


@pytest.mark.django_db(transaction=True)
def test_anonymous_report_question_and_answer(page, staff_page, handler, clock, assert_accessible):
    # --- The portal's home page, in Dutch, by keyboard: the skip link, then "make a report".
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page)
    assert skip["text"] == translated("nl", "Skip to content")
    page.keyboard.press("Enter")
    # The fragment's navigation reaches Playwright after the key press returns: wait for it.
    expect(page).to_have_url(re.compile(r"#main$"))
    assert focused(page)["tag"] == "MAIN"
    make_report = translated("nl", "Make a report")
    # Past the header, through the client's tasks at the top of the content, to the
    # reporting channel's own section.
    for _ in range(10):
        page.keyboard.press("Tab")
        if assert_focus_visible(page)["text"] == make_report:
            break
    assert focused(page)["text"] == make_report
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/melden/")

    # --- The report form, first sent empty: an error summary that leads to the field.
    expect(page.locator("h1")).to_have_text(translated("nl", "Report suspected wrongdoing"))
    assert_accessible(page)
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("main [role=alert]")
    expect(summary).to_be_visible()
    expect(page.locator("#id_description")).to_have_attribute("aria-invalid", "true")
    assert Report.objects.count() == 0
    assert_accessible(page)
    tab_to(page, "main [role=alert] a[href='#id_description']")
    page.keyboard.press("Enter")
    expect(page.locator("#id_description")).to_be_focused()

    # --- Filled in by keyboard and sent: the receipt, once, and never cached.
    file_report_by_keyboard(page, description=DESCRIPTION, category=Category.SERVICE_FAILURE)
    with page.expect_navigation() as sent:
        page.keyboard.press("Enter")
    assert sent.value.headers["cache-control"] == "no-store"
    receipt = page.locator(".loket-receipt").inner_text().strip()
    assert RECEIPT.fullmatch(receipt), receipt
    report = Report.objects.get()
    main = page.locator("main")
    expect(main).to_contain_text(report.reference)
    expect(main).to_contain_text("8 juni 2026")  # acknowledgement due: 7 days after Monday 1 June
    assert_accessible(page)

    # On to the return page, and Back: the browser shows the empty form, not the receipt.
    with page.expect_navigation():
        page.click("main a[href='/melden/terugkomen/']")
    page.go_back()
    expect(page.locator("h1")).to_have_text(translated("nl", "Report suspected wrongdoing"))
    expect(page.locator("#id_description")).to_have_value("")
    assert receipt not in page.inner_text("body")
    page.go_forward()
    expect(page.locator("h1")).to_have_text(translated("nl", "Return with your receipt"))
    assert Report.objects.count() == 1

    # --- The reporter comes back before the handler did anything: both deadlines running.
    assert_accessible(page)
    open_with_receipt(page, receipt)
    expect(page.locator("h1")).to_contain_text(report.reference)
    expect(main).to_contain_text(choice_label("nl", Stage.RECEIVED))
    ack, feedback = translated("nl", "Acknowledgement of receipt"), translated("nl", "Feedback on what was done")
    expect(deadline_row(page, ack)).to_contain_text("8 juni 2026")
    expect(deadline_row(page, ack)).to_contain_text(days_left("nl", 7))
    expect(deadline_row(page, feedback)).to_contain_text("8 september 2026")
    expect(deadline_row(page, feedback)).to_contain_text(days_left("nl", 99))
    assert_accessible(page)

    # --- The handler: signs in with password and TOTP, opens the report, acknowledges, asks.
    desk = staff_page
    desk.goto("/account/sign-in/")
    assert_accessible(desk)
    sign_in_handler(desk, handler, handler.totp())
    desk.goto("/desk/reports/")
    assert_accessible(desk)
    with desk.expect_navigation():
        desk.click(f"main a:text-is('{report.reference}')")
    facts = desk.locator("main")
    expect(facts).to_contain_text(DESCRIPTION)  # the handler's key was unlocked at sign-in
    expect(facts).to_contain_text(choice_label("nl", Category.SERVICE_FAILURE))  # chosen with the arrow keys
    expect(facts).to_contain_text(choice_label("nl", Anonymity.ANONYMOUS))
    assert_accessible(desk)
    submit_form(desk, "/acknowledge/")
    expect(desk.locator("main [role=status]")).to_contain_text(
        translated("nl", "The receipt was acknowledged to the reporter.")
    )
    desk.fill("#id_message-body", QUESTION)
    desk.check("#id_message-question")
    submit_form(desk, "/message/")
    expect(desk.locator("main [role=status]")).to_contain_text(
        translated("nl", "Your question was sent to the reporter.")
    )
    expect(desk.locator(".loket-thread")).to_contain_text(QUESTION)
    assert_accessible(desk)

    # --- The reporter returns: acknowledged, the feedback deadline, the question; answers it.
    page.goto("/melden/terugkomen/")
    open_with_receipt(page, receipt)
    expect(main).to_contain_text(choice_label("nl", Stage.ACKNOWLEDGED))
    expect(deadline_row(page, ack)).to_contain_text(translated("nl", "done"))
    expect(deadline_row(page, feedback)).to_contain_text("1 september 2026")  # 3 months after the acknowledgement
    expect(deadline_row(page, feedback)).to_contain_text(days_left("nl", 92))
    question = page.locator("main article").filter(has_text=translated("nl", "A question for you"))
    expect(question).to_contain_text(QUESTION)
    assert_accessible(page)
    page.fill("#id_message-body", ANSWER)
    with page.expect_navigation():
        page.click("main form[action$='/bericht/'] button[type=submit]")
    expect(page.locator("main [role=status]")).to_contain_text(
        translated("nl", "Your message was sent to the handlers.")
    )
    expect(page.locator("main article").filter(has_text=translated("nl", "You wrote"))).to_contain_text(ANSWER)
    assert_accessible(page)
    page.reload()  # sends nothing again, and asks for the receipt anew
    expect(page.locator("h1")).to_have_text(translated("nl", "Return with your receipt"))
    expect(page.locator("#id_receipt")).to_have_value("")

    # --- The handler reads the answer in the report's thread, marked as the reporter's.
    desk.reload()
    answer = desk.locator(".loket-thread article").filter(has_text=ANSWER)
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text(translated("nl", "Reporter"))
    assert_accessible(desk)


@pytest.mark.django_db(transaction=True)
def test_reloading_the_receipt_page_shows_no_receipt_and_files_nothing_twice(page, handler, clock):
    page.goto("/melden/")
    page.fill("#id_description", DESCRIPTION)
    page.check("input[name=anonymity][value=anonymous]")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    receipt = page.locator(".loket-receipt").inner_text().strip()
    assert RECEIPT.fullmatch(receipt)

    page.reload()
    expect(page.locator("h1")).to_have_text(translated("nl", "Report suspected wrongdoing"))
    expect(page.locator("#id_description")).to_have_value("")
    assert receipt not in page.inner_text("body")
    assert Report.objects.count() == 1, "reloading the receipt page filed the report a second time"


@pytest.mark.django_db(transaction=True)
def test_the_same_flow_in_english(page, handler, clock, assert_accessible):
    page.goto("/melden/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    english = page.locator("a[hreflang=en]")
    assert english.get_attribute("href").startswith("/melden/taal/")  # a link, not a form: no CSRF cookie
    with page.expect_navigation():
        english.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Report suspected wrongdoing")
    assert_accessible(page)
    page.fill("#id_description", "Objection decisions are signed by the official who took the first decision.")
    page.check("input[name=anonymity][value=anonymous]")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Your report was received")
    receipt = page.locator(".loket-receipt").inner_text().strip()
    assert RECEIPT.fullmatch(receipt)
    assert_accessible(page)

    report = Report.objects.get()
    services.acknowledge(report=report, user=handler, keyring=handler.keyring)
    services.send_message(report=report, user=handler, keyring=handler.keyring, body="Which counter?", question=True)

    page.goto("/melden/terugkomen/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    open_with_receipt(page, receipt)
    main = page.locator("main")
    expect(main).to_contain_text("receipt acknowledged")
    expect(deadline_row(page, "Feedback on what was done")).to_contain_text("92 days left")
    expect(page.locator("main article").filter(has_text="A question for you")).to_contain_text("Which counter?")
    assert_accessible(page)
    page.fill("#id_message-body", "Counter 3.")
    with page.expect_navigation():
        page.click("main form[action$='/bericht/'] button[type=submit]")
    expect(page.locator("main [role=status]")).to_contain_text("Your message was sent to the handlers.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert [m.body for m in messages_for(report, handler.keyring.report_key(report)) if m.from_reporter] == [
        "Counter 3."
    ]


@pytest.mark.django_db(transaction=True)
def test_a_wrong_receipt_shows_a_clear_message_and_no_report(page, handler, clock, assert_accessible):
    real = services.submit_report(ReportInput(description=DESCRIPTION, anonymity="anonymous"))
    wrong = "1234 5678 9012 3456"
    assert wrong.replace(" ", "") != real.receipt.replace(" ", "")

    page.goto("/melden/terugkomen/")
    open_with_receipt(page, wrong)
    alert = page.locator("main [role=alert]")
    expect(alert).to_contain_text(
        translated("nl", "No report was found with this receipt. Check the 16 digits and try again.")
    )
    expect(page.locator("#id_receipt")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("h1")).to_have_text(translated("nl", "Return with your receipt"))
    text = page.inner_text("main")
    assert real.report.reference not in text and DESCRIPTION not in text
    assert not re.search(r"\d{4} \d{4} \d{4} \d{4}", text)
    assert_accessible(page)
