"""The client pages in their ten languages, in Chromium (issue 13, item 4): Arabic is laid out
right to left (the navigation and the form labels sit on the right), Tigrinya is drawn with
the self-hosted Ge'ez font, and axe-core finds no violation of any impact on any client page
in any language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loket.core.languages import CLIENT_LANGUAGES
from tests.e2e.conftest import axe_violations

#: Every client page that exists today (the reporter's status page needs a receipt: its own tests).
CLIENT_PAGES = ["/", "/contact/", "/melden/", "/melden/terugkomen/", "/melden/vertrouwenspersoon/"]
ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    return box


@pytest.mark.django_db(transaction=True)
def test_arabic_pages_are_laid_out_right_to_left(page_in):
    page = page_in("ar")
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    main = _box(page, "main")
    brand, languages = _box(page, ".loket-brand"), _box(page, ".loket-language-list")
    assert brand["x"] > languages["x"]  # the first item of the header row sits on the right
    heading = _box(page, "h1")
    assert heading["x"] + heading["width"] > main["x"] + main["width"] - 80  # starts at the right edge

    page.goto("/contact/")
    title, label, field = _box(page, "h1"), _box(page, "label[for=id_name]"), _box(page, "#id_name")
    right_edge = title["x"] + title["width"]  # the content's starting (right) edge
    assert abs(label["x"] + label["width"] - right_edge) < 20 and label["x"] > main["x"] + main["width"] / 2
    assert abs(field["x"] + field["width"] - right_edge) < 20  # the field starts on the right too
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "contact-ar.png"), full_page=True)

    # The same form in Dutch has its labels on the left.
    dutch = page_in("nl")
    dutch.goto("/contact/")
    assert abs(_box(dutch, "label[for=id_name]")["x"] - _box(dutch, "h1")["x"]) < 20

    # Arabic text is drawn with the self-hosted Arabic font.
    page.evaluate("document.fonts.ready")
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Noto Sans Arabic') && f.status === 'loaded')"
    )


@pytest.mark.django_db(transaction=True)
def test_tigrinya_is_drawn_with_the_geez_font(page_in):
    page = page_in("ti")
    page.goto("/contact/")
    assert page.locator("html").get_attribute("lang") == "ti"
    assert "ሕቶ ሕተቱና" in page.inner_text("h1")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Ethiopic\"', 'ሕቶ')")
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Noto Sans Ethiopic') && f.status === 'loaded')"
    )
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "contact-ti.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_language_names_are_drawn_on_a_dutch_page(page_in):
    """The language choice names Tigrinya in Ge'ez on every client page: the Ge'ez face is
    fetched for it (no empty boxes), the bold faces are not."""
    page = page_in("nl")
    page.goto("/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Ethiopic\"', 'ትግርኛ')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight)")
    assert any("Noto Sans Ethiopic" in f and f.endswith("400") for f in loaded), loaded
    assert not any(f.endswith("700") for f in loaded if "Noto" in f), loaded


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", list(CLIENT_LANGUAGES))
def test_every_client_page_passes_axe_in_every_language(page_in, lang):
    page = page_in(lang)
    found = {}
    for path in CLIENT_PAGES:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang
        violations = axe_violations(page, impacts=ALL_IMPACTS)
        if violations:
            found[path] = violations
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)


@pytest.mark.django_db(transaction=True)
def test_a_client_page_reflows_at_320_pixels_in_arabic(page_in):
    page = page_in("ar", width=320)
    for path in ("/", "/contact/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
