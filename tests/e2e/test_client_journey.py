"""The client's whole journey in Chromium, in Arabic and in Tigrinya (issue 13, must show): a
client signs in through the real sign-in pages and the DigiD mock, reads the status and the
statutory decision date of their application and the answer to their question, and sends a
document, every step asserted in the words the catalogues give that language. In Arabic the
page reads right to left: the navigation and the form's labels sit on the right (bounding
boxes), and a screenshot is kept in test-results/. axe-core finds no violation of any impact
on My Loket, also at 320 CSS px, where nothing scrolls sideways."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations

ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
BSN = "111222333"  # valid by the elfproef
ANSWER = {
    "ar": "تصريح إقامتك جاهز. يمكنك استلامه من الشباك.",
    "ti": "ፍቓድ መንበሪኻ ድሉው እዩ። ካብ ቤት ጽሕፈት ክትወስዶ ትኽእል ኢኻ።",
}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return out.getvalue()


def _in(lang: str, text: str) -> str:
    """``text`` as the catalogues give it in ``lang``; it must differ from Dutch and English,
    so that the assertions below read the language and not a fallback."""
    from django.utils import translation

    with translation.override(lang):
        translated = str(translation.gettext(text))
    with translation.override("nl"):
        dutch = str(translation.gettext(text))
    assert translated not in (text, dutch), f"{text!r} has no {lang} text"
    return translated


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    return box


def _right(box: dict) -> float:
    return box["x"] + box["width"]


def assert_clean(page):
    violations = axe_violations(page, impacts=ALL_IMPACTS)
    assert not violations, f"axe-core on {page.url}: {violations}"


@pytest.fixture
def client_with_a_file(db, make_user, org):
    """A client with a BSN, an application received ten days ago, an answered question; the
    expected decision date from the project's calendar."""
    from django.utils import timezone

    from loket.cases import selectors as case_selectors, services as case_services
    from loket.core.roles import Role
    from tests.portal.my_loket_support import make_question
    from tests.portal.signin_support import make_client

    def make(lang: str):
        officer = make_user(Role.DECISION_OFFICER, username="daan", unit=org["team"])
        client = make_client("Amanuel Tesfay", v_number="3000000001", bsn=BSN)
        today = timezone.localdate()
        case = case_services.open_case(
            actor=officer,
            kind="application",
            track="regular",
            team=org["team"],
            received_on=today - timedelta(days=10),
            client=client,
        )
        due = case_selectors.standing(case_selectors.client_case([client.pk], case.reference), today).due_on
        make_question(client, subject="ID", answer=ANSWER[lang])
        return client, case, due

    return make


def sign_in_with_digid(page, lang: str):
    """Through the client site's sign-in page, in the client's language, and the DigiD mock
    (the mock stands in for DigiD's own pages, which are Dutch)."""
    page.goto("/inloggen/")
    expect(page.locator("h1")).to_have_text(_in(lang, "Sign in"))
    page.get_by_role("link", name=_in(lang, "Sign in with DigiD")).click()
    page.wait_for_url(re.compile(r"/digid-mock/inloggen/"))
    page.locator("#authentication_type_account_basis").click()
    page.wait_for_url(re.compile(r"/digid-mock/inloggen_bsn/"))
    page.fill("input[name=auth_bsn]", BSN)
    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(r"/mijn/$"))


def follow_the_application_and_send_a_document(page, lang: str, case, due) -> None:
    from django.template.defaultfilters import date as date_filter
    from django.utils import translation

    from loket.portal import explain

    with translation.override(lang):
        due_text = date_filter(due, "DATE_FORMAT")
        received = str(explain.STATUS["received"])
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.locator("h1")).to_have_text(_in(lang, "My Loket"))
    card = page.locator("article", has_text=case.reference)
    expect(card.locator("dt").first).to_have_text(_in(lang, "Status"))
    expect(card.locator("[data-testid=status]")).to_have_text(received)
    assert received == _in(lang, "Received")
    expect(card.locator("dt", has_text=_in(lang, "We decide by"))).to_be_visible()
    expect(card.locator("[data-testid=due]")).to_have_text(due_text)

    questions = page.locator("section[aria-labelledby=questions]")
    expect(questions.locator("h2")).to_have_text(_in(lang, "My questions"))
    expect(questions.locator(".loket-answer h4")).to_contain_text(_in(lang, "Our answer"))
    expect(questions.locator(".loket-answer")).to_contain_text(ANSWER[lang])
    assert_clean(page)

    expect(page.locator("label[for=id_target]")).to_have_text(
        re.compile(re.escape(_in(lang, "For which application or question?")))
    )
    page.select_option("#id_target", f"case:{case.reference}")
    page.set_input_files("#id_file", {"name": "pasfoto.png", "mimeType": "image/png", "buffer": _png()})
    page.get_by_role("button", name=_in(lang, "Send document")).click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    expect(page.locator("[role=status]").first).to_have_text(
        _in(lang, "We received your document. You will get an e-mail or text message about it.")
    )
    expect(page.locator("section[aria-labelledby=documents] a", has_text="pasfoto.png")).to_have_count(1)


@pytest.mark.django_db(transaction=True)
def test_the_journey_in_arabic_reads_right_to_left(page_in, client_with_a_file):
    from loket.contact.models import Attachment

    client, case, due = client_with_a_file("ar")
    page = page_in("ar")
    sign_in_with_digid(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    follow_the_application_and_send_a_document(page, "ar", case, due)
    assert Attachment.objects.filter(name="pasfoto.png", contact__client=client).count() == 1

    # Right to left: the menu starts at the right, its first item right of its last; the
    # upload form's label sits at the right edge of its field, in the right half of the page.
    main, width = _box(page, "main"), page.viewport_size["width"]
    links = page.locator(".loket-client-nav .loket-nav__link")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first["x"] > last["x"] and _right(first) > width * 0.6
    label, field = _box(page, "label[for=id_target]"), _box(page, "#id_target")
    assert abs(_right(label) - _right(field)) < 4 and label["x"] > main["x"] + main["width"] / 2
    heading = _box(page, "h1")
    assert _right(heading) > _right(main) - 80
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "journey-my-loket-ar.png"), full_page=True)

    # The same page at 320 CSS px: nothing scrolls sideways, axe-core is still content.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/mijn/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_clean(page)


@pytest.mark.django_db(transaction=True)
def test_the_journey_in_tigrinya(page_in, client_with_a_file):
    from loket.contact.models import Attachment

    client, case, due = client_with_a_file("ti")
    page = page_in("ti")
    sign_in_with_digid(page, "ti")
    assert page.locator("html").get_attribute("dir") == "ltr"
    follow_the_application_and_send_a_document(page, "ti", case, due)
    assert Attachment.objects.filter(name="pasfoto.png", contact__client=client).count() == 1
    # Drawn in Ge'ez with the self-hosted font, not as empty boxes.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Ethiopic\"', 'ሕቶ')")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "journey-my-loket-ti.png"), full_page=True)
