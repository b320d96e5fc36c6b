"""The page shell in Chromium: the front door and staff pages reflow at 320 CSS px without
sideways scrolling (WCAG 1.4.10), the skip link is the first Tab stop and moves the focus to
main, and the pages and the error pages pass axe-core."""

import os

import pytest
from django.urls import path

from loket.core.roles import Role
from loket.urls import urlpatterns as site_urls

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LOKET_E2E_SHOTS")  # a folder to keep screenshots in, when set

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
STAFF_PAGES = [
    "/desk/",
    "/desk/cases/",
    "/desk/cases/late/",
    "/desk/contact/",
    "/desk/contact/dashboard/",
    "/desk/decisions/",
]


def _boom(request):
    raise RuntimeError("a bug, for the 500 page")


urlpatterns = [path("test-boom/", _boom), *site_urls]


def narrow(page):
    page.set_viewport_size({"width": 320, "height": 640})


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_front_door_at_320_px_by_keyboard(page, assert_accessible):
    narrow(page)
    page.goto("/")
    assert page.locator("h1").inner_text() == "Welkom bij Loket"
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the home page scrolls sideways at 320 px"
    assert_accessible(page)
    shot(page, "home-320")
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent.trim()]")
    assert "utrecht-skip-link" in first[0] and first[1] == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the first link of the content: the first of the client's tasks
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Een vraag stellen"


def test_the_shell_mirrors_right_to_left(page):
    """The layout uses logical properties only: turned right-to-left, the service's name moves
    to the right and the task's accent border to its right edge."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    ltr = page.locator(".loket-brand").bounding_box()
    border = "el => getComputedStyle(el).borderRightWidth"
    assert page.locator(".loket-task").first.evaluate(border) == "1px"
    page.evaluate("() => { document.documentElement.dir = 'rtl'; }")
    rtl = page.locator(".loket-brand").bounding_box()
    assert ltr["x"] < 640 < rtl["x"]
    assert page.locator(".loket-task").first.evaluate(border) == "6px"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


@pytest.mark.parametrize("url", ["/melden/", "/contact/", "/melden/terugkomen/"])
def test_client_pages_reflow_at_320_px(page, assert_accessible, url):
    narrow(page)
    page.goto(url)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{url} scrolls sideways at 320 px"
    assert_accessible(page)


def test_staff_pages_reflow_at_320_px_and_the_menu_opens_by_keyboard(page, sign_in, make_user, org, assert_accessible):
    sign_in(make_user(Role.TEAM_LEAD, unit=org["team"]))
    page.wait_for_url("**/desk/")
    narrow(page)
    for url in STAFF_PAGES:
        page.goto(url)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{url} scrolls sideways at 320 px"
        assert_accessible(page)
        shot(page, "staff" + url.replace("/", "-").rstrip("-"))
    # A wide table scrolls inside its own region, which the keyboard can reach.
    for region in page.locator(".loket-table-scroll[tabindex='0']").all():
        assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
    # The menu: a task group opens with the keyboard and shows its pages.
    page.goto("/desk/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Naar de inhoud"
    summary = page.locator("summary", has_text="Zaken en besluiten")
    summary.focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Te late zaken en dwangsommen")
    assert link.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)
    shot(page, "staff-menu-open-1280")


def test_error_pages_in_the_sites_style_pass_axe(page, sign_in, make_user, assert_accessible):
    page.goto("/bestaat-niet/")
    assert page.locator("h1").inner_text() == "Pagina niet gevonden"
    assert_accessible(page)
    narrow(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shot(page, "404-320")
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(make_user(Role.CONTACT_AGENT))
    page.wait_for_url("**/desk/")
    page.goto("/desk/decisions/")
    assert page.locator("h1").inner_text() == "U mag deze pagina niet openen"
    assert "teamleider" in page.inner_text(".loket-needed-roles")
    assert_accessible(page)
    shot(page, "403")


def test_the_lockout_page_passes_axe(page, make_user, settings, assert_accessible):
    settings.AXES_FAILURE_LIMIT = 1
    user = make_user(Role.CONTACT_AGENT)
    for _ in range(2):
        page.goto("/account/sign-in/")
        page.fill("#id_username", user.get_username())
        page.fill("#id_password", "wrong")
        page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Account geblokkeerd"
    assert_accessible(page)


@pytest.mark.urls(__name__)
def test_the_500_page_passes_axe(page, assert_accessible):
    response = page.goto("/test-boom/")
    assert response.status == 500
    assert page.locator("h1").inner_text() == "Er ging bij ons iets mis"
    assert_accessible(page)
    narrow(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


handler500 = "loket.api.views.server_error"
handler404 = "loket.api.views.page_not_found"
