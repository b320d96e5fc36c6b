"""Translations that can be trusted (issue 13, item 5): every catalogue is complete, current and
faithful to its source, by the rule in loket/core/languages.py.

- No catalogue holds a fuzzy entry (msgfmt leaves it out, so the page shows another language)
  or an obsolete one (#~: a text the source no longer has).
- Every language of an app holds the same entries as its Dutch catalogue (a language left
  behind when makemessages ran for the others is missing entries).
- A client-facing entry has a text in every client language (English may stay empty: the
  source is English); every entry has a Dutch text.
- A text keeps the placeholders (%(name)s, %s, {0}) and the markup (HTML tags) of its source.

The checks are functions over polib catalogues, so that the tests below can also show that each
one catches what it is for.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from loket.core.languages import CLIENT_LANGUAGES, CLIENT_MARK, CLIENT_SOURCES
from loket.core.translations import unfaithful

LOKET = Path(__file__).resolve().parents[2] / "loket"
SOURCE_LANGUAGE = "en"


def catalogues() -> dict[str, dict[str, Path]]:
    """app -> language -> path of its django.po."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(LOKET.glob("*/locale/*/LC_MESSAGES/django.po")):
        app, lang = path.parts[-5], path.parts[-3]
        found.setdefault(app, {})[lang] = path
    return found


def is_client_facing(app: str, entry: polib.POEntry) -> bool:
    if CLIENT_MARK in (entry.comment or ""):
        return True
    return any(f"{app}/{ref}".startswith(CLIENT_SOURCES) for ref, _line in entry.occurrences)


def key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def texts(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [t for _i, t in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def entry_problems(entry: polib.POEntry, lang: str, *, client: bool) -> list[str]:
    """What is wrong with one entry of a catalogue in ``lang``."""
    label = f"{entry.msgid[:60]!r}"
    if entry.obsolete:
        return [f"obsolete (#~), remove it: {label}"]
    if "fuzzy" in entry.flags:
        return [f"fuzzy: {label}"]
    problems = []
    written = [t for t in texts(entry) if t]
    needed = lang == "nl" or (client and lang in CLIENT_LANGUAGES and lang != SOURCE_LANGUAGE)
    if needed and len(written) < len(texts(entry)):
        problems.append(f"missing: {label}")
    for text in written:
        problems += [f"{p}: {label}" for p in unfaithful(entry.msgid, entry.msgid_plural, text)]
    return problems


def catalogue_problems(app: str, lang: str, po: polib.POFile, dutch_keys: set | None) -> list[str]:
    problems = []
    if po.metadata_is_fuzzy:
        problems.append("the header is fuzzy (msgfmt then drops it, and with it the plural rule)")
    if po.metadata.get("Language") != lang:
        problems.append(f"the header says Language: {po.metadata.get('Language')!r}")
    for entry in po:
        problems += entry_problems(entry, lang, client=not entry.obsolete and is_client_facing(app, entry))
    if dutch_keys is not None:
        keys = {key(e) for e in po if not e.obsolete}
        problems += [
            f"not in this language, run makemessages: {k[1][:60]!r}" for k in sorted(dutch_keys - keys, key=str)
        ]
        problems += [f"not in the Dutch catalogue: {k[1][:60]!r}" for k in sorted(keys - dutch_keys, key=str)]
    return problems


CATALOGUES = catalogues()


@pytest.mark.parametrize("app", sorted(CATALOGUES))
def test_every_catalogue_is_complete_current_and_faithful(app):
    by_lang = CATALOGUES[app]
    assert "nl" in by_lang, f"{app} has no Dutch catalogue"
    dutch = polib.pofile(str(by_lang["nl"]))
    dutch_keys = {key(e) for e in dutch if not e.obsolete}
    client_entries = [e for e in dutch if not e.obsolete and is_client_facing(app, e)]
    problems = []
    if client_entries:
        problems += [
            f"no catalogue in {lang}: run makemessages -l {lang}" for lang in CLIENT_LANGUAGES if lang not in by_lang
        ]
    for lang, path in sorted(by_lang.items()):
        po = dutch if lang == "nl" else polib.pofile(str(path))
        problems += [f"{path.relative_to(LOKET)}: {p}" for p in catalogue_problems(app, lang, po, dutch_keys)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["ti", "so"])
def test_djangos_form_messages_exist_where_django_has_no_catalogue(lang):
    """loket/locale holds Django's own form messages for the client languages Django lacks."""
    po = polib.pofile(str(LOKET / "locale" / lang / "LC_MESSAGES" / "django.po"))
    assert po.metadata["Language"] == lang and not po.metadata_is_fuzzy
    assert "This field is required." in {e.msgid for e in po}
    problems = [p for e in po for p in entry_problems(e, lang, client=True)]
    assert not problems, problems


def test_the_rule_tells_client_texts_from_staff_texts():
    """A label of the client's contact form (in a module shared with staff forms, marked) and the
    portal's texts are client-facing; a staff filter's label is not."""
    contact = {e.msgid: is_client_facing("contact", e) for e in polib.pofile(str(CATALOGUES["contact"]["nl"]))}
    assert contact["Your question"] and contact["Ask us a question"] and contact["status of an application"]
    assert contact["Only mine"] is False
    portal = polib.pofile(str(CATALOGUES["portal"]["nl"]))
    assert all(is_client_facing("portal", e) for e in portal)


# --- each check catches what it is for -------------------------------------------------------


def _entry(msgid, msgstr="", **kwargs) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("templates/portal/home.html", "1")], **kwargs)


@pytest.mark.parametrize(
    ("entry", "lang", "expected"),
    [
        (_entry("Your report %(reference)s", "تقريرك"), "ar", "placeholders"),
        (_entry("Your report %(reference)s", "Uw melding %(ref)s"), "nl", "placeholders"),
        (_entry("Unknown numbers: %s.", "Onbekend."), "nl", "placeholders"),
        (_entry("Item {0}", "Onderdeel"), "nl", "placeholders"),
        (_entry("Ref <strong>%(r)s</strong>.", "Kenmerk %(r)s."), "nl", "markup"),
        (_entry('See <a href="%(u)s">here</a>.', 'Zie <a href="%(u)s" onclick="x">hier</a>.'), "nl", "markup"),
        (_entry("Welcome", ""), "ti", "missing"),
        (_entry("Welcome", "Welkom", flags=["fuzzy"]), "nl", "fuzzy"),
        (_entry("Welcome", "Welkom", obsolete=True), "nl", "obsolete"),
        (
            polib.POEntry(
                msgid="%(n)d day left",
                msgid_plural="%(n)d days left",
                msgstr_plural={0: "%(n)d день", 1: "", 2: "%(n)d дней", 3: "%(n)d дня"},
                occurrences=[("report_views.py", "1")],
            ),
            "ru",
            "missing",
        ),
    ],
)
def test_the_checks_find_what_is_wrong(entry, lang, expected):
    problems = entry_problems(entry, lang, client=True)
    assert problems and problems[0].startswith(expected), problems


def test_the_checks_pass_a_faithful_translation_in_another_word_order():
    entry = _entry(
        'Not sure? <a class="utrecht-link" href="%(adviser_url)s">Talk to an adviser</a> first.',
        'لست متأكدًا؟ <a class="utrecht-link" href="%(adviser_url)s">تحدث أولًا إلى مستشار</a>.',
    )
    assert entry_problems(entry, "ar", client=True) == []
    # A staff-only entry may stay empty in a client language, and English is the source.
    assert entry_problems(_entry("Only mine", ""), "ar", client=False) == []
    assert entry_problems(_entry("Welcome", ""), "en", client=True) == []


def test_a_language_left_behind_is_caught():
    po = polib.POFile()
    po.metadata = {"Language": "so"}
    po.append(_entry("Welcome", "Soo dhawoow"))
    dutch_keys = {(None, "Welcome", None), (None, "Ask us a question", None)}
    problems = catalogue_problems("portal", "so", po, dutch_keys)
    assert problems == ["not in this language, run makemessages: 'Ask us a question'"]
