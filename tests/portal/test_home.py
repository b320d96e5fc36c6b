"""The front door (/): the client's tasks, only those whose page exists, the service's
contact details and opening hours from settings, and the page shell, in Dutch by default."""

import re

import pytest
from django.test import override_settings

from loket.portal import navigation


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_home_page_offers_the_clients_tasks_in_dutch(client, db):
    html = client.get("/").content.decode()
    main = main_of(html)
    assert '<h1 class="utrecht-heading-1">Welkom bij Loket</h1>' in main
    assert '<a class="utrecht-link loket-task__link" href="/contact/">Een vraag stellen</a>' in main
    assert '<a class="utrecht-link loket-task__link" href="/melden/">Een misstand melden</a>' in main
    # The same tasks are the client's main menu.
    nav = re.search(r'<nav class="loket-nav loket-client-nav" aria-label="Hoofdmenu">(.*?)</nav>', html, re.S).group(1)
    assert 'href="/contact/"' in nav and 'href="/melden/"' in nav


@pytest.mark.parametrize(
    "url_name, label", [("portal:sign_in", "Mijn aanvraag volgen"), ("appointments:book", "afspraak maken")]
)
def test_no_link_to_a_task_whose_page_does_not_exist(client, db, monkeypatch, url_name, label):
    real_url = navigation._url
    monkeypatch.setattr(navigation, "_url", lambda name: None if name == url_name else real_url(name))
    html = client.get("/").content.decode()
    assert label not in html
    assert 'href="/contact/"' in html  # the other tasks stay


def test_a_task_is_shown_as_soon_as_its_page_exists(client, db, monkeypatch):
    tasks = {t["key"]: t for t in navigation.client_tasks()}
    assert "ask" in tasks and "report" in tasks

    real_url = navigation._url
    monkeypatch.setattr(navigation, "_url", lambda name: "/inloggen/" if name == "portal:sign_in" else real_url(name))
    html = main_of(client.get("/").content.decode())
    assert '<a class="utrecht-link loket-task__link" href="/inloggen/">Mijn aanvraag volgen</a>' in html


def test_contact_details_and_opening_hours_come_from_settings(client, db):
    html = main_of(client.get("/").content.decode())
    assert "Contact met Loket" in html
    assert '<a class="utrecht-link" href="tel:0881234567"><bdi>088 123 45 67</bdi></a>' in html
    assert "maandag tot en met vrijdag: <bdi>09:00–17:00</bdi>" in html
    with override_settings(
        LOKET_SERVICE_NAME="Dienst Test",
        LOKET_CONTACT_PHONE="+31 20 555 0100",
        LOKET_CONTACT_ADDRESS="Balieweg 1\n9999 ZZ Ergens",
        LOKET_OPENING_HOURS=[(0, 3, "08:30", "17:00"), (4, 4, "08:30", "12:00")],
    ):
        html = client.get("/").content.decode()
    assert "<title>Welkom · Dienst Test</title>" in html
    assert '<a class="utrecht-link" href="tel:+31205550100"><bdi>+31 20 555 0100</bdi></a>' in html
    assert "<bdi>Balieweg 1</bdi><br><bdi>9999 ZZ Ergens</bdi>" in html
    assert "maandag tot en met donderdag: <bdi>08:30–17:00</bdi>" in html
    assert "vrijdag: <bdi>08:30–12:00</bdi>" in html


def test_the_home_page_in_english(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Welcome to Loket" in html and "Ask a question" in html and "Monday to Friday" in html


@pytest.mark.parametrize("url", ["/", "/melden/", "/contact/", "/melden/terugkomen/"])
def test_every_client_page_has_the_shell(client, db, url):
    html = client.get(url).content.decode()
    body = html[html.index("<body") :]
    # The skip link comes first, and leads to main.
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'class="utrecht-skip-link' in first_link and 'href="#main"' in first_link
    assert '<main id="main"' in html
    assert '<header class="utrecht-page-header' in html
    footer = html[html.index("<footer") : html.index("</footer>")]
    if url == "/":  # the front door has the contact details in its content, not twice
        assert "Openingstijden" in main_of(html) and "Openingstijden" not in footer
    else:
        assert "Openingstijden" in footer and "088 123 45 67" in footer
    assert 'id="language"' in footer  # the language choice
    assert 'rel="icon" href="/static/loket/favicon.svg"' in html


def test_nested_client_pages_have_breadcrumbs(client, db):
    html = client.get("/melden/terugkomen/").content.decode()
    crumbs = re.search(r'<nav class="utrecht-breadcrumb-nav[^"]*" aria-label="Kruimelpad">(.*?)</nav>', html, re.S)
    assert crumbs, "no breadcrumbs"
    links = re.findall(r'href="([^"]+)">([^<]+)<', crumbs.group(1))
    assert links == [("/", "Startpagina"), ("/melden/", "Een misstand melden")]
    assert "Kruimelpad" not in client.get("/").content.decode()  # the home page nests under nothing


def test_the_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/loket/favicon.ico"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    svg = client.get("/static/loket/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in b"".join(svg.streaming_content)
