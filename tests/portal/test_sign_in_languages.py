"""The sign-in pages speak the client's language: each of the ten, from Accept-Language
(while LANGUAGES in the settings may not list them all yet, the test lists them)."""

import re

import pytest
from django.utils import translation

TEN = ["nl", "en", "ar", "fa", "ti", "tr", "uk", "ru", "so", "fr"]
HEADING = {
    "nl": "Inloggen",
    "en": "Sign in",
    "ar": "تسجيل الدخول",
    "fa": "ورود",
    "ti": "እቶ",
    "tr": "Giriş yap",
    "uk": "Увійти",
    "ru": "Войти",
    "so": "Soo gal",
    "fr": "Se connecter",
}
CODE_ERROR = {
    "nl": "Dit V-nummer en deze code horen niet bij elkaar",
    "ar": "رقم V هذا والرمز غير متطابقين",
    "ti": "ኮድ ኣይሰማማዑን",
    "fr": "Ce numéro V et ce code ne correspondent pas",
}


@pytest.fixture(autouse=True)
def _ten_languages(settings, monkeypatch):
    from django.conf import locale

    # Django does not know Tigrinya (nor, in some versions, Somali): the languages work adds them.
    for code, name, local in [("ti", "Tigrinya", "ትግርኛ"), ("so", "Somali", "Soomaali")]:
        if code not in locale.LANG_INFO:
            monkeypatch.setitem(
                locale.LANG_INFO, code, {"bidi": False, "code": code, "name": name, "name_local": local}
            )
    settings.LANGUAGES = [(code, code) for code in TEN]
    yield
    translation.deactivate()


@pytest.mark.parametrize("language", TEN)
def test_the_sign_in_page_in_each_language(client, db, language):
    page = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'lang="{language}"' in page
    assert re.search(rf'<h1 class="utrecht-heading-1">{re.escape(HEADING[language])}</h1>', page)
    # the page's own direction (the language links mark Arabic and Farsi rtl on every page)
    direction = "rtl" if language in ("ar", "fa") else "ltr"
    assert re.search(rf'<html lang="{language}" dir="{direction}"', page)


@pytest.mark.parametrize("language", sorted(CODE_ERROR))
def test_a_wrong_code_is_told_in_the_clients_language(client, db, language):
    response = client.post(
        "/inloggen/code/", {"v_number": "1234567890", "code": "WRONG"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert CODE_ERROR[language] in response.content.decode()
