"""Helpers for the reporting channel's browser test (test_whistle_flow.py): moving by
keyboard with a visible focus, the reporter's and the handler's steps, and the Dutch
texts a user should see (taken from the catalogues, and refused when untranslated)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import translation
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

AMS = ZoneInfo("Europe/Amsterdam")
#: A Monday morning. A report filed now must be acknowledged by Monday 8 June; feedback is
#: due three months after the acknowledgement (1 September) or after those 7 days (8 September).
MONDAY = datetime(2026, 6, 1, 10, 0, tzinfo=AMS)
RECEIPT = re.compile(r"\d{4} \d{4} \d{4} \d{4}")

# What the user sees of the focused element: the browser's own focus indicator or the
# design system's outline/box shadow, on an element of some size inside the viewport.
_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: 'BODY', visible: false};
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  return {tag: e.tagName, id: e.id, text: (e.innerText || e.value || '').trim().slice(0, 60),
          visible: e.matches(':focus-visible') && ring && inView};
}"""


def focused(page: Page) -> dict:
    return page.evaluate(_FOCUS)


def assert_focus_visible(page: Page) -> dict:
    state = focused(page)
    assert state["visible"], f"the focus on {state} is not visible on {page.url}"
    return state


def tab_to(page: Page, selector: str, *, limit: int = 60) -> dict:
    """Press Tab until ``selector`` has the focus (if it has not already), and check that
    the user can see it."""
    if page.evaluate("s => document.activeElement.matches(s)", selector):
        return assert_focus_visible(page)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return assert_focus_visible(page)
        seen.append(focused(page))
    raise AssertionError(f"Tab never reached {selector} on {page.url}; it went through {seen}")


def translated(language: str, message: str, plural: str | None = None, n: int | None = None) -> str:
    """The catalogue's text for ``language``; an untranslated text is an error, not a pass."""
    with translation.override(language):
        text = translation.ngettext(message, plural, n) if plural else translation.gettext(message)
    assert text != message or language == "en", f"no {language} translation of {message!r}"
    return text % {"n": n} if plural else text


def days_left(language: str, n: int) -> str:
    return translated(language, "%(n)d day left", "%(n)d days left", n)


def choice_label(language: str, choice) -> str:
    """The label of a model choice (a stage, a category) as the user reads it."""
    with translation.override(language):
        text = str(choice.label)
    with translation.override("en"):
        source = str(choice.label)  # the lazy label read outside an override is in the default language
    assert language == "en" or text != source, f"no {language} translation of {source!r}"
    return text


# ---- the reporter ---------------------------------------------------------------------------


def file_report_by_keyboard(page: Page, *, description: str, category: str) -> None:
    """On the report form, by keyboard: type the description, choose the category and
    'anonymous' with the arrow keys, and move to the send button (Enter sends)."""
    tab_to(page, "#id_description")
    page.keyboard.type(description)
    tab_to(page, "#id_category")
    page.keyboard.press("Home")
    for _ in range(12):
        if page.eval_on_selector("#id_category", "e => e.value") == category:
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_category")).to_have_value(category)
    tab_to(page, "input[name=anonymity]")
    for _ in range(3):
        if page.locator("input[name=anonymity][value=anonymous]").is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=anonymity][value=anonymous]")).to_be_checked()
    tab_to(page, "main button[type=submit]")


def open_with_receipt(page: Page, receipt: str) -> None:
    """Enter the receipt on the return page and open the report."""
    page.fill("#id_receipt", receipt)
    page.press("#id_receipt", "Enter")
    page.wait_for_load_state()


def deadline_row(page: Page, label: str):
    return page.locator("main table tbody tr").filter(has=page.locator("th", has_text=label))


# ---- the handler ---------------------------------------------------------------------------


def sign_in_handler(page: Page, user, code: str) -> None:
    """Password and TOTP through the real form, which unlocks the handler's private key."""
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code)
    page.press("#id_otp_token", "Enter")
    page.wait_for_url("**/desk/")


def submit_form(page: Page, action_suffix: str) -> None:
    """Send one of the report page's forms and wait for the page that answers it."""
    with page.expect_navigation():
        page.click(f"form[action$='{action_suffix}'] button[type=submit]")
