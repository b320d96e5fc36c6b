"""`make demo` gives a translator login (issue 13, item 5): the demo's printed logins name a
translator, who signs in with the demo password through the staff sign-in page and opens the
translation pages (django-rosetta at /desk/translations/), and nothing else of the staff site."""

from __future__ import annotations

import io

import pytest

from loket.core import demo as core_demo, translations
from loket.core.roles import Role


@pytest.fixture
def catalogues(settings, tmp_path):
    settings.TRANSLATIONS_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path]
    translations.prepare(["ar"])
    yield tmp_path
    translations.reload_translations()


def test_the_demo_prints_a_translator_who_can_open_the_translation_pages(client, db, catalogues):
    logins = core_demo.seed(io.StringIO())
    printed = {username: (roles, secret) for username, roles, secret in logins}
    assert printed["translator"] == (str(Role.TRANSLATOR.label), "")  # no second factor needed

    client.get("/account/sign-in/")
    signed_in = client.post(
        "/account/sign-in/", {"username": "translator", "password": core_demo.DEMO_PASSWORD}, follow=True
    )
    assert signed_in.status_code == 200 and signed_in.wsgi_request.user.username == "translator"
    listing = client.get("/desk/translations/", follow=True)
    assert listing.status_code == 200
    assert "/desk/translations/files/project/ar/0/" in listing.content.decode()
    assert client.get("/desk/translations/files/project/ar/0/").status_code == 200
    assert client.get("/desk/reports/").status_code == 403  # a translator reads no reports
