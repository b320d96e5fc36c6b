"""Which language a request is answered in, decided in one place for the whole site.

Staff pages (``languages.STAFF_PREFIXES``) speak Dutch or English only; a client language
chosen on the client site falls back to Dutch there. Client pages speak every language of
``languages.CLIENT_LANGUAGES``, chosen in this order: the signed-in client's stored choice
(``Client.language``), the language this browser chose (Django's language cookie), the
browser's Accept-Language, Dutch. Never a guess from a name or a nationality.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from loket.core import languages, translations
from loket.core.middleware import is_reporter_path

from .client_session import client_row, identity


def _match(code: str, allowed) -> str | None:
    """The allowed language for a code such as 'ar-SA', 'fa_IR' or 'TR', or None."""
    code = (code or "").strip().lower().replace("_", "-")
    if not code:
        return None
    if code in allowed:
        return code
    generic = code.split("-")[0]
    return generic if generic in allowed else None


def _stored_choice(request) -> str:
    """The signed-in client's preferred language, if one is stored."""
    if not hasattr(request, "session") or is_reporter_path(request.path_info):
        return ""  # a reporter is nobody's client: the reporting channel never reads the session
    who = identity(request)
    if who is None or who.client_id is None:
        return ""
    row = client_row(request, who.client_id)
    return (row.language if row is not None else "") or ""


def offered_languages(path: str) -> tuple[str, ...]:
    return languages.STAFF_LANGUAGES if languages.is_staff_path(path) else tuple(languages.CLIENT_LANGUAGES)


def choose_language(request) -> str:
    allowed = offered_languages(request.path_info)
    candidates = []
    if allowed is not languages.STAFF_LANGUAGES:
        candidates.append(_stored_choice(request))
    candidates.append(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
    candidates.extend(code for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")))
    for code in candidates:
        if code == "*":
            continue
        found = _match(code, allowed)
        if found:
            return found
    # Staff pages start in the configured staff language; client pages in Dutch.
    return settings.LANGUAGE_CODE if allowed is languages.STAFF_LANGUAGES else languages.DEFAULT


class AreaLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware with the language picked per area of the site (see above)."""

    def process_request(self, request):
        translations.reload_if_changed()  # a translator's correction, saved by any process
        language = choose_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.languages_offered = offered_languages(request.path_info)


def offered(request):
    """Context processor: the languages the language choice on this page offers, and whether
    the page is in a translation no qualified translator has reviewed yet."""
    path = getattr(request, "path_info", "/")
    return {
        "CLIENT_PAGE": not languages.is_staff_path(path),
        "LANGUAGES_OFFERED": getattr(request, "languages_offered", None) or offered_languages(path),
        "translation_unreviewed": not languages.is_staff_path(path)
        and languages.needs_review_notice(translation.get_language()),
    }
