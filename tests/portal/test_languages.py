"""The clientele's languages (issue 13, item 4): which language a page is in, its direction, its
fonts, its dates, and the notice on a translation nobody qualified has reviewed yet."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.utils import formats, translation

from loket.clients.models import Client
from loket.core.audit_models import AuditEntry
from loket.core.languages import CLIENT_LANGUAGES, needs_review_notice
from loket.portal.client_session import SESSION_CLIENT, SESSION_METHOD, SESSION_REPRESENTATIVE

HTML = re.compile(r'<html lang="(?P<lang>[^"]+)" dir="(?P<dir>[^"]+)"')


def html_of(response) -> dict:
    assert response.status_code == 200
    return HTML.search(response.content.decode()).groupdict()


def sign_in_client(client, who: Client) -> None:
    session = client.session
    session[SESSION_CLIENT] = who.pk
    session[SESSION_REPRESENTATIVE] = None
    session[SESSION_METHOD] = "digid"
    session.save()


# --- which language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "lang", "direction", "heading"),
    [
        ("ar", "ar", "rtl", "مرحبًا بك في Loket"),
        ("ar-SY,ar;q=0.9,en;q=0.5", "ar", "rtl", "مرحبًا بك في Loket"),
        ("tr-TR", "tr", "ltr", "Loket'e hoş geldiniz"),
        ("fa-IR", "fa", "rtl", "به Loket خوش آمدید"),
        ("ti-ER", "ti", "ltr", "እንቋዕ ናብ Loket ብደሓን መጻእኩም"),
        ("so", "so", "ltr", "Ku soo dhawoow Loket"),
        ("uk", "uk", "ltr", "Ласкаво просимо до Loket"),
        ("ru", "ru", "ltr", "Добро пожаловать в Loket"),
        ("fr-BE", "fr", "ltr", "Bienvenue chez Loket"),
        ("de-DE,pl;q=0.8", "nl", "ltr", "Welkom bij Loket"),  # no client language asked: Dutch
        ("", "nl", "ltr", "Welkom bij Loket"),
    ],
)
def test_the_browser_language_picks_the_client_page_language(client, db, accept, lang, direction, heading):
    """Before: Accept-Language ar or tr gave the Dutch page (LANGUAGES listed nl and en only)."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert html_of(response) == {"lang": lang, "dir": direction}
    assert heading in response.content.decode()
    assert response["Content-Language"] == lang


@pytest.mark.parametrize("path", ["/contact/", "/melden/", "/melden/terugkomen/", "/melden/vertrouwenspersoon/"])
def test_every_client_page_is_arabic_and_right_to_left(client, db, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert html_of(response) == {"lang": "ar", "dir": "rtl"}


def test_staff_pages_stay_dutch_or_english(client, db):
    assert html_of(client.get("/account/sign-in/", HTTP_ACCEPT_LANGUAGE="ar")) == {"lang": "nl", "dir": "ltr"}
    assert html_of(client.get("/account/sign-in/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.8"))["lang"] == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"  # chosen on the client site
    page = client.get("/account/sign-in/", HTTP_ACCEPT_LANGUAGE="tr")
    assert html_of(page) == {"lang": "nl", "dir": "ltr"}
    offered = re.findall(r'<option value="([a-z]+)"', page.content.decode())
    assert offered == ["nl", "en"]


def test_the_browsers_choice_beats_accept_language(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    assert html_of(client.get("/contact/", HTTP_ACCEPT_LANGUAGE="ar"))["lang"] == "tr"


def test_a_signed_in_clients_stored_choice_wins(client, db):
    who = Client.objects.create(display_name="Amanuel Tesfay", language="ti")
    sign_in_client(client, who)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    assert html_of(client.get("/contact/", HTTP_ACCEPT_LANGUAGE="ar"))["lang"] == "ti"


def test_the_language_is_never_guessed_from_the_nationality(client, db):
    who = Client.objects.create(display_name="Omar Haddad", nationality="SY", language="")
    sign_in_client(client, who)
    assert html_of(client.get("/contact/"))["lang"] == "nl"


def test_a_signed_in_client_choosing_a_language_stores_it(client, db):
    who = Client.objects.create(display_name="Hodan Warsame")
    sign_in_client(client, who)
    response = client.get("/taal/", {"language": "so", "next": "/contact/"})
    assert response.status_code == 302 and response["Location"] == "/contact/"
    who.refresh_from_db()
    assert who.language == "so"
    assert AuditEntry.objects.filter(action="client.language", object_id=str(who.pk), data__language="so").exists()
    assert html_of(client.get("/contact/", HTTP_ACCEPT_LANGUAGE="fr"))["lang"] == "so"


def test_the_reporting_channel_never_touches_a_signed_in_clients_file(client, db):
    """The reporter's language link keeps the choice in the browser only: a report must not be
    linkable to the client who happens to be signed in."""
    who = Client.objects.create(display_name="Hodan Warsame", language="nl")
    sign_in_client(client, who)
    response = client.get("/melden/taal/", {"language": "ar", "next": "/melden/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    who.refresh_from_db()
    assert who.language == "nl"
    assert html_of(client.get("/melden/"))["lang"] == "ar"  # the reporter's page follows the browser


def test_an_unknown_language_is_ignored(client, db):
    response = client.get("/taal/", {"language": "xx", "next": "//evil.example/"})
    assert response["Location"] == "/" and settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(("lang", "required"), [("ti", "እዚ ቦታ ግዴታ ክምላእ ኣለዎ።"), ("so", "Goobtan waa in la buuxiyaa.")])
def test_form_errors_are_in_the_page_language_where_django_has_none(client, db, lang, required):
    """Django has no catalogue for Tigrinya or Somali: its own form messages fell back to Dutch."""
    page = client.post("/contact/", {"answer_channel": "email"}, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert required in page and "Dit veld" not in page


# --- script, fonts, formats -------------------------------------------------------------------


def test_fonts_are_self_hosted_and_linked_only_where_needed(client, db):
    arabic = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    tigrinya = client.get("/", HTTP_ACCEPT_LANGUAGE="ti").content.decode()
    dutch = client.get("/").content.decode()
    staff = client.get("/account/sign-in/").content.decode()
    assert "/static/vendor/noto-sans-arabic/700.css" in arabic and "noto-sans-ethiopic/700.css" not in arabic
    assert "/static/vendor/noto-sans-ethiopic/700.css" in tigrinya
    # Every client page names Arabic, Farsi and Tigrinya in their script: the faces are declared
    # (with a unicode-range, downloaded only for those letters), the bold faces are not.
    assert "/static/vendor/noto-sans-ethiopic/400.css" in dutch and "700.css" not in dutch
    assert "noto-sans" not in staff
    assert not re.search(r'href="https?://', re.sub(r"<a [^>]*>", "", arabic + tigrinya + dutch))  # no CDN


def test_the_font_files_are_served(client, db):
    css = b"".join(client.get("/static/vendor/noto-sans-ethiopic/400.css").streaming_content).decode()
    assert "unicode-range: U+030E,U+1200-1399" in css
    font = re.search(r"url\(\./(files/[^)]+\.woff2)\)", css).group(1)
    response = client.get(f"/static/vendor/noto-sans-ethiopic/{font}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "6 december 2026"),
        ("fr", "6 décembre 2026"),
        ("ti", "06/12/2026"),
        ("so", "06/12/2026"),
        ("tr", "06 Aralık 2026"),
    ],
)
def test_dates_follow_the_language(lang, expected):
    with translation.override(lang):
        assert formats.date_format(date(2026, 12, 6), "DATE_FORMAT") == expected


def test_the_receipt_and_references_are_isolated_in_right_to_left_text(client, db, handler):
    from tests.portal.conftest import RECEIPT_ON_PAGE

    page = client.post(
        "/melden/",
        {"description": "De balie was weken dicht.", "anonymity": "anonymous", "category": "other"},
        HTTP_ACCEPT_LANGUAGE="ar",
    ).content.decode()
    assert RECEIPT_ON_PAGE.search(page)
    assert '<p class="loket-receipt" dir="ltr"' in page  # digit groups keep their order
    assert re.search(r"<strong><bdi>M-\d{4}-\w{6}</bdi></strong>", page)  # the reference inside Arabic text


# --- the review notice ------------------------------------------------------------------------


def test_the_registry_marks_the_machine_made_languages_unreviewed():
    assert sorted(code for code in CLIENT_LANGUAGES if needs_review_notice(code)) == sorted(
        ["ar", "fa", "ti", "tr", "uk", "ru", "so", "fr"]
    )
    assert not needs_review_notice("nl") and not needs_review_notice("en")
    assert all("not reviewed" in CLIENT_LANGUAGES[c].made_by for c in CLIENT_LANGUAGES if needs_review_notice(c))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ar", "النص الهولندي وحده هو الملزم"),
        ("ti", "ሆላንድኛ"),
        ("tr", "Yalnızca Felemenkçe metin bağlayıcıdır"),
        ("fr", "Seul le texte néerlandais fait foi"),
    ],
)
def test_an_unreviewed_translation_says_so_in_its_language_and_links_to_dutch(client, db, lang, words):
    page = client.get("/contact/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    notice = re.search(r'<div class="[^"]*loket-review-notice[^"]*".*?</div>', page, re.S).group(0)
    assert words in notice
    link = re.search(r'href="([^"]+)"', notice).group(1).replace("&amp;", "&")
    assert link == "/taal/?language=nl&next=/contact/"
    dutch = client.get(link, follow=True)
    assert html_of(dutch)["lang"] == "nl" and "Stel ons een vraag" in dutch.content.decode()
    assert "loket-review-notice" not in dutch.content.decode()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_notice_on_the_source_languages(client, db, lang):
    assert "loket-review-notice" not in client.get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def test_no_notice_on_staff_pages(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert "loket-review-notice" not in client.get("/account/sign-in/").content.decode()


def test_the_reporters_notice_link_keeps_to_the_reporters_path(client, db):
    page = client.get("/melden/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    notice = re.search(r'<div class="[^"]*loket-review-notice[^"]*".*?</div>', page, re.S).group(0)
    assert "/melden/taal/?language=nl&amp;next=/melden/" in notice
