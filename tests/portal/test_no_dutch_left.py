"""A client page is wholly in the client's language (issue 13, item 4): no Dutch text of the
page shell (header, skip link, footer with the contact details and opening hours), of an
error page or of a page itself shows on a client page in any of the nine other languages.

Django falls back to Dutch (the default language) for a text a language lacks, so a text that
was never translated shows in Dutch, silently. The check needs no list of texts to look for:
it takes every Dutch text of every catalogue Django loads (Loket's, Django's own, the
libraries') that the page's language has no text for, and looks for each on the rendered page,
element by element, placeholders (``%(name)s``) standing for any text.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as Browser, RequestFactory
from django.urls import path
from django.utils import translation
from django.utils.translation import trans_real
from lxml import html as lxml_html

from loket.clients.services.signin import record_mandate
from loket.core import errors
from loket.core.languages import CLIENT_LANGUAGES
from loket.core.roles import Role
from loket.urls import urlpatterns as site_urls
from tests.portal.conftest import RECEIPT_ON_PAGE
from tests.portal.my_loket_support import attach, make_client, make_question, sign_in
from tests.portal.signin_support import make_representative

#: Django never falls back from English to Dutch (English is the source: a missing text shows
#: in English), so the languages to check are the eight others.
OTHER_LANGUAGES = [code for code in CLIENT_LANGUAGES if code not in ("nl", "en")]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
#: Texts that are the same in Dutch and in the page's language by nature: the language names
#: of the language choice (each in its own language), and the service's name.
NOT_DUTCH_ONLY = {lang.name_local for lang in CLIENT_LANGUAGES.values()} | {"Loket"}


def _refused(request):
    raise PermissionDenied


def _boom(request):
    raise RuntimeError("a bug")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("tampered")


urlpatterns = [path("test-refused/", _refused), path("test-bad/", _bad), path("test-boom/", _boom), *site_urls]
handler400, handler403, handler404, handler500 = (
    "loket.api.views.bad_request",
    "loket.api.views.permission_denied",
    "loket.api.views.page_not_found",
    "loket.api.views.server_error",
)


# --- the Dutch texts a language lacks -----------------------------------------------------------


def _msgid(key) -> str | None:
    if isinstance(key, tuple):  # a plural form: (msgid, index)
        key = key[0]
    return key.split("\x04", 1)[-1]  # without its context


@cache
def dutch_only(lang: str) -> tuple[frozenset[str], re.Pattern | None]:
    """The Dutch texts that a page in ``lang`` would show untranslated: (exact texts, a pattern
    for the texts with placeholders)."""
    dutch = trans_real.translation("nl")._catalog
    other = trans_real.translation(lang)._catalog
    others = {text for _key, text in other.items()}
    exact, patterns = set(), set()
    for key, text in dutch.items():
        text = " ".join(text.split())
        msgid = _msgid(key)
        if not msgid or key in other or text == " ".join(msgid.split()) or text in others:
            continue
        fixed = PLACEHOLDER.sub("", text)
        if len(fixed.strip()) < 4 or text in NOT_DUTCH_ONLY:
            continue  # too short to tell a Dutch word from a name or a number
        if PLACEHOLDER.search(text):
            patterns.add(".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)))
        else:
            exact.add(text)
    pattern = re.compile("|".join(sorted(patterns))) if patterns else None
    return frozenset(exact), pattern


def _texts(page: str) -> set[str]:
    """The text of every element of the page and the text of its labelling attributes."""
    tree = lxml_html.fromstring(page)
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    found = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        found.add(" ".join(element.text_content().split()))
        for attribute in ("aria-label", "title", "alt", "placeholder", "data-table-label"):
            if element.get(attribute):
                found.add(" ".join(element.get(attribute).split()))
    return {text for text in found if text}


def dutch_on(page: str, lang: str) -> list[str]:
    exact, pattern = dutch_only(lang)
    texts = _texts(page)
    found = sorted(texts & exact)
    if pattern is not None:
        found += [t for t in texts if len(t) < 400 and t not in exact and pattern.fullmatch(t)]
    # The innermost element names the text; the elements around it repeat it.
    return sorted({t for t in found if not any(u != t and u in t for u in found)})


def test_the_check_finds_the_dutch_text_a_language_lacks():
    """The check is only as good as what it can find: a staff text (which no client language
    has) is found in Dutch, also with its placeholder filled in and inside other markup; the
    Tigrinya text of the footer is not."""
    with translation.override("nl"):
        locked = translation.gettext("Account locked")
        roles = translation.gettext("This action needs one of these roles: %(roles)s.") % {"roles": "teamleider"}
    with translation.override("ti"):
        hours = translation.gettext("Opening hours")
    assert locked != "Account locked" and hours != "Opening hours"
    fake = f"<html><body><h1>{locked}</h1><div><p>{roles}</p></div><dt>{hours}</dt></body></html>"
    assert dutch_on(fake, "ti") == sorted([locked, roles])


# --- the client pages --------------------------------------------------------------------------


def _page(browser: Browser, url: str, lang: str, status: int = 200, method: str = "get", data=None) -> str:
    response = getattr(browser, method)(url, data or {}, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == status, (url, lang, response.status_code)
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page, (url, lang)
    return page


def _too_many_page(lang: str) -> str:
    """The 429 page (the portal's own throttles answer on the page they guard)."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/mijn/", HTTP_ACCEPT_LANGUAGE=lang)
    request.session, request.user, request.LANGUAGE_CODE = SessionStore(), AnonymousUser(), lang
    with translation.override(lang):
        return errors.render_error(request, 429).content.decode()


@pytest.fixture
def officer_and_case(db, make_user, org):
    from loket.cases import services as case_services

    officer = make_user(Role.DECISION_OFFICER, username="daan", unit=org["team"])
    client = make_client("Amal Haddad", email="amal@example.org", language="")
    case = case_services.open_case(
        actor=officer,
        kind="application",
        track="regular",
        team=org["team"],
        received_on=date(2026, 5, 4),
        client=client,
    )
    question = make_question(client, subject="Verblijfspas", answer="Uw pas ligt klaar.")
    attach(question)
    return client, case, question


def client_pages(browser: Browser, lang: str, client, question) -> dict[str, str]:
    """Every client page, as a client in ``lang`` sees it: signed out, signed in, and the errors."""
    pages = {}
    for url in (
        "/",
        "/contact/",
        "/melden/",
        "/melden/terugkomen/",
        "/melden/vertrouwenspersoon/",
        "/inloggen/",
        "/inloggen/code/",
        "/uitloggen/",
    ):
        pages[url] = _page(browser, url, lang)
    pages["POST /contact/ (errors)"] = _page(
        browser, "/contact/", lang, method="post", data={"answer_channel": "email"}
    )
    pages["POST /inloggen/code/ (errors)"] = _page(
        browser, "/inloggen/code/", lang, status=400, method="post", data={"v_number": "1234567890", "code": "WRONG"}
    )
    pages["/contact/thanks/"] = _page(browser, "/contact/thanks/?ref=KV-12", lang)
    report = {"description": "De balie was weken dicht.", "anonymity": "anonymous", "category": "other"}
    pages["POST /melden/ (receipt)"] = _page(browser, "/melden/", lang, method="post", data=report)
    receipt = RECEIPT_ON_PAGE.search(pages["POST /melden/ (receipt)"]).group(1)
    pages["POST /melden/terugkomen/ (status)"] = _page(
        browser, "/melden/terugkomen/", lang, method="post", data={"receipt": receipt}
    )
    assert re.search(r"M-\d{4}-\w{6}", pages["POST /melden/terugkomen/ (status)"])  # the report's own page
    pages["404"] = _page(browser, "/bestaat-niet/", lang, status=404)
    pages["403"] = _page(browser, "/test-refused/", lang, status=403)
    pages["400"] = _page(browser, "/test-bad/", lang, status=400)
    pages["429"] = _too_many_page(lang)
    pages["500"] = _page(browser, "/test-boom/", lang, status=500)
    csrf = Browser(enforce_csrf_checks=True)
    pages["403 (form too old)"] = _page(csrf, "/contact/", lang, status=403, method="post", data={})

    sign_in(browser, client)
    for url in (
        "/mijn/",
        "/mijn/gegevens/",
        f"/mijn/vragen/{question.pk}/",
        "/ingelogd/",
        "/appointments/",
        "/appointments/book/",
    ):
        pages[url] = _page(browser, url, lang)
    return pages


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_dutch_text_on_any_client_page(officer_and_case, handler, lang):
    client, _case, question = officer_and_case
    browser = Browser(raise_request_exception=False)
    found = {
        where: dutch
        for where, page in client_pages(browser, lang, client, question).items()
        if (dutch := dutch_on(page, lang))
    }
    assert not found, f"Dutch on the {lang} client pages: {found}"


@pytest.mark.urls(__name__)
def test_a_representatives_choice_of_client_has_no_dutch(db, make_user):
    rep = make_representative("Mr. Ria Advocaat")
    mina = make_client("Mina Client")
    record_mandate(client=mina, representative=rep, valid_from=date(2020, 1, 1), actor=make_user(Role.CONTACT_AGENT))
    for lang in OTHER_LANGUAGES:
        browser = Browser()
        sign_in(browser, None, rep)
        page = _page(browser, "/inloggen/kies/", lang)
        assert "Mina Client" in page
        assert dutch_on(page, lang) == [], lang


@pytest.mark.urls(__name__)
def test_the_dutch_pages_are_dutch(officer_and_case, handler):
    """The other side of the check: on the Dutch pages the footer is in Dutch (so the texts
    looked for above are the ones the shell really shows)."""
    client, _case, question = officer_and_case
    pages = client_pages(Browser(raise_request_exception=False), "nl", client, question)
    exact, _pattern = dutch_only("ti")
    for where, page in pages.items():
        texts = _texts(page)
        assert "Openingstijden" in texts and "Postadres" in texts, where
    assert not {"Openingstijden", "Postadres"} & exact  # Tigrinya has them
