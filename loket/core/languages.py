"""The languages Loket speaks, who translated each, and which texts must exist in which.

One registry for settings (LANGUAGES), the language middleware (loket.core.locale), the
notice on client pages in a language no qualified translator has reviewed yet, the
README and the catalogue test (tests/core/test_translations.py). Pure data: settings.py
imports it before Django is set up.

The rule for which catalogue entries need which languages: an entry is *client-facing*
when one of its ``#:`` source references is under a path in ``CLIENT_SOURCES``, or when
its source carries the translator comment ``Translators: client`` (for the few client
texts that live in a module shared with staff pages). A client-facing entry needs a text
in every client language; any other entry is staff-only and needs Dutch (English is the
source language of the code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEFAULT = "nl"
STAFF_LANGUAGES = ("nl", "en")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English, as Django's LANG_INFO names it
    name_local: str  # in the language itself, for the language choice
    script: str  # ISO 15924
    made_by: str  # who made the texts
    made_on: date
    reviewed: bool  # checked by a qualified (sworn or certified) translator
    reviewed_by: str = ""
    reviewed_on: date | None = None
    source: bool = False  # the language the texts are written in, not a translation

    @property
    def bidi(self) -> bool:
        return self.code in RIGHT_TO_LEFT


_DEVELOPERS = "the Loket developers (machine-assisted), not reviewed by a qualified translator"
_MADE = date(2026, 12, 6)

CLIENT_LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language(
            "nl",
            "Dutch",
            "Nederlands",
            "Latn",
            "the Loket developers (the binding text, plain language B1)",
            _MADE,
            reviewed=True,
            source=True,
        ),
        Language(
            "en",
            "English",
            "English",
            "Latn",
            "the Loket developers (the source text of the code)",
            _MADE,
            reviewed=True,
            source=True,
        ),
        Language("ar", "Arabic", "العربيّة", "Arab", _DEVELOPERS, _MADE, reviewed=False),
        Language("fa", "Persian", "فارسی", "Arab", _DEVELOPERS, _MADE, reviewed=False),
        Language("ti", "Tigrinya", "ትግርኛ", "Ethi", _DEVELOPERS, _MADE, reviewed=False),
        Language("tr", "Turkish", "Türkçe", "Latn", _DEVELOPERS, _MADE, reviewed=False),
        Language("uk", "Ukrainian", "Українська", "Cyrl", _DEVELOPERS, _MADE, reviewed=False),
        Language("ru", "Russian", "Русский", "Cyrl", _DEVELOPERS, _MADE, reviewed=False),
        Language("so", "Somali", "Soomaali", "Latn", _DEVELOPERS, _MADE, reviewed=False),
        Language("fr", "French", "Français", "Latn", _DEVELOPERS, _MADE, reviewed=False),
    )
}

#: Paths (relative to loket/) whose every message appears on a client page or in a client message.
CLIENT_SOURCES = (
    "portal/",
    "contact/portal_views.py",
    "contact/templates/contact/portal/",
    "contact/templates/contact/_form_fields.html",
    "core/templates/base.html",
    "core/templates/core/_field.html",
    "core/templates/core/_fonts.html",
    # The footer's contact details and the error pages, which client pages show too.
    "core/templates/core/_contact_details.html",
    "core/templates/core/errors/",
    "core/templates/403_csrf.html",
    # The reporting channel's messages to a reporter (its choices are marked in whistle/models.py).
    "whistle/services/reporter.py",
    "whistle/services/intake.py",
    "whistle/files.py",
    "whistle/file_guards.py",
)
#: The translator comment that marks a client text in a module shared with staff pages.
CLIENT_MARK = "Translators: client"

#: URL prefixes of staff pages: offered in STAFF_LANGUAGES only. Everything else is the client site.
STAFF_PREFIXES = ("/desk/", "/admin/", "/account/", "/api/")
#: Exceptions under a staff prefix that a client (or a reporter) uses.
CLIENT_PREFIXES = ("/api/v1/whistle/",)


def is_staff_path(path: str) -> bool:
    if path.startswith(CLIENT_PREFIXES):
        return False
    return path.startswith(STAFF_PREFIXES) or path.rstrip("/") in {p.rstrip("/") for p in STAFF_PREFIXES}


def needs_review_notice(code: str) -> bool:
    lang = CLIENT_LANGUAGES.get(code)
    return lang is not None and not lang.source and not lang.reviewed


def extend_django_lang_info() -> None:
    """Teach Django the languages it has no LANG_INFO for (Tigrinya, Somali), with their
    local names and direction, so that ``get_language_info`` and ``{% get_current_language_bidi %}`` work."""
    from django.conf.locale import LANG_INFO

    for lang in CLIENT_LANGUAGES.values():
        LANG_INFO.setdefault(
            lang.code, {"bidi": lang.bidi, "code": lang.code, "name": lang.name, "name_local": lang.name_local}
        )
