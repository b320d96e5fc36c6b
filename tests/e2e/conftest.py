"""Browser tests: Playwright driving Debian's Chromium, with axe-core for accessibility.

The browser is the one from the machine's packages (/usr/bin/chromium); nothing is
downloaded. Each test gets a fresh page on Django's live server.
"""

import functools
import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests'
# own set-up are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOKET_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def page_in(browser, live_server):
    """Open pages in a language of the client's browser (``page_in("ar", width=320)``)."""
    contexts = []

    def open_page(lang: str, width: int = 1280):
        context = browser.new_context(
            base_url=live_server.url,
            locale=lang,
            extra_http_headers={"Accept-Language": lang},
            viewport={"width": width, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, impacts=SERIOUS) -> list[dict]:
    """Run axe-core on the current page; return the violations of these impacts."""
    # Evaluated, not added as a <script>: the pages' Content-Security-Policy refuses inline script.
    page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert not violations, f"axe-core on {page.url}:\n" + json.dumps(violations, indent=2)

    return check


@pytest.fixture
def sign_in(page):
    """sign_in(user, totp_code=None): sign in through the real form."""
    from tests.conftest import PASSWORD

    def do(user, code=None):
        page.goto("/account/sign-in/")
        page.fill("#id_username", user.get_username())
        page.fill("#id_password", PASSWORD)
        if code:
            page.fill("#id_otp_token", code)
        page.click("main button[type=submit]")

    return do
