"""Dutch is the default language and must be complete (issue 2, foundation item 6).

Three checks, cheapest first:

1. Every app's Dutch catalogue has a Dutch text for every message, and no fuzzy entry
   (``msgfmt`` leaves a fuzzy entry out, so the page would show English).
2. The catalogue is not behind its source: every message the app's Python code and
   templates mark for translation is in the catalogue. Extraction follows ``makemessages``
   (Python: the gettext calls with literal strings; templates: Django's own ``templatize``)
   without running xgettext, so a forgotten ``makemessages`` fails here.
3. Rendered: the portal's home page, the report form and the staff's report list, read
   in Dutch, show none of the headings, labels and buttons they show in English.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.services import ReportInput
from tests.desk.report_fixtures import _cheap_handler_keys, signed_in  # noqa: F401  (fixtures)

LOKET = Path(__file__).resolve().parents[2] / "loket"
APPS = ["core", "whistle", "portal", "desk", "api"]


# --- the catalogue ----------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: {"ctx", "id", "plural", "strs", "fuzzy", "line"}; obsolete (#~) entries are skipped."""
    entries, entry, field = [], None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#~") or not line.strip():
            continue
        starts = line.startswith(("#", "msgctxt ", "msgid "))
        if starts and (entry is None or entry.get("strs")):
            entry = {"ctx": None, "id": None, "plural": None, "strs": {}, "fuzzy": False, "line": number}
            entries.append(entry)
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = _unquote(line)
            if field[0] == "strs":
                entry["strs"][field[1]] += value
            else:
                entry[field[0]] = (entry[field[0]] or "") + value
        else:
            keyword, _, rest = line.partition(" ")
            value = _unquote(rest)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                field = ("strs", index)
                entry["strs"][index] = value
            else:
                field = ({"msgctxt": "ctx", "msgid": "id", "msgid_plural": "plural"}[keyword],)
                entry[field[0]] = value
    return entries


def catalogue(app: str) -> Path:
    return LOKET / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"


# --- what the source marks for translation -----------------------------------------------

# Keyword -> (index of the context argument or None, index of the message argument), as makemessages passes them to xgettext.
KEYWORDS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in KEYWORDS:
                ctx_at, id_at = KEYWORDS[name]
                args = [
                    a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
                ]
                if len(args) > id_at and args[id_at] is not None and (ctx_at is None or args[ctx_at] is not None):
                    yield (args[ctx_at] if ctx_at is not None else None, args[id_at])


_TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)")
_LITERAL = re.compile(r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


def source_messages(app: str) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> where it is used, for every literal message in the app's code and templates."""
    found = {}
    root = LOKET / app
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for key in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            found.setdefault(key, str(path.relative_to(LOKET)))
    for path in sorted(root.rglob("templates/**/*.html")) + sorted(root.rglob("templates/**/*.txt")):
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for name, args in _TEMPLATE_CALL.findall(text):
            literals = [ast.literal_eval(m.group(1)) for m in _LITERAL.finditer(args)]
            key = (literals[0], literals[1]) if name.startswith(("pgettext", "npgettext")) else (None, literals[0])
            found.setdefault(key, str(path.relative_to(LOKET)))
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_message_has_a_dutch_text_and_none_is_fuzzy(app):
    path = catalogue(app)
    if not source_messages(app):
        assert not path.exists() or all(e["id"] == "" for e in read_po(path)), f"{app}: a catalogue without source"
        return  # nothing to translate (the API app only mounts the others' API views)
    assert path.exists(), f"{app} has no Dutch catalogue: run makemessages -l nl in loket/{app}"
    entries = read_po(path)
    header = [e for e in entries if e["id"] == "" and e["ctx"] is None]
    assert header and "Language: nl" in header[0]["strs"][0], f"{app}: the header does not say Language: nl"
    problems = []
    for entry in entries:
        where = f"{path.relative_to(LOKET)}:{entry['line']}"
        if entry["fuzzy"]:
            problems.append(f"{where} fuzzy: {entry['id']!r}")
        elif entry["id"] and not all(text.strip() for text in entry["strs"].values()):
            problems.append(f"{where} untranslated: {entry['id']!r}")
        elif entry["plural"] is not None and sorted(entry["strs"]) != [0, 1]:
            problems.append(f"{where} needs two plural forms: {entry['id']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("app", APPS)
def test_the_catalogue_holds_every_message_of_the_source(app):
    in_source = source_messages(app)
    in_catalogue = {(e["ctx"], e["id"]) for e in read_po(catalogue(app))} if catalogue(app).exists() else set()
    missing = [
        f"{where}: {msgid!r}"
        for (ctx, msgid), where in sorted(in_source.items(), key=lambda kv: kv[1])
        if (ctx, msgid) not in in_catalogue
    ]
    assert not missing, f"run makemessages -l nl in loket/{app} and translate; not in the catalogue:\n" + "\n".join(
        missing
    )


def test_the_extraction_finds_what_makemessages_finds():
    """The check above is only as good as its extraction: every message in the portal's
    catalogue (which makemessages wrote) is found in the source, plurals and templates included."""
    catalogued = {(e["ctx"], e["id"]) for e in read_po(catalogue("portal")) if e["id"]}
    found = set(source_messages("portal"))
    assert catalogued and catalogued <= found, sorted(catalogued - found)
    assert (None, "%(n)d day left") in found  # ngettext in Python
    assert (None, "Report suspected wrongdoing") in found  # {% translate %}


# --- rendered pages -----------------------------------------------------------------------


class _Texts(HTMLParser):
    """The visible text of each heading, label, legend, button, table header and caption."""

    TAGS = {"title", "h1", "h2", "h3", "h4", "label", "legend", "button", "th", "caption", "summary"}

    def __init__(self):
        super().__init__()
        self.open: list[list[str]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            # A row header holds data (a report's reference), not a text of the page.
            self.open.append(None if ("scope", "row") in attrs else [])

    def handle_endtag(self, tag):
        if tag in self.TAGS and self.open:
            parts = self.open.pop()
            text = " ".join("".join(parts).split()) if parts is not None else ""
            if text:
                self.texts.append(text)

    def handle_data(self, data):
        for parts in self.open:
            if parts is not None:
                parts.append(data)


def texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


#: English texts that are also the right Dutch ("Filter": Django admin's catalogue gives it, and it is good Dutch).
SAME_IN_DUTCH = {"Filter"}


def english_left_in_dutch(english_html: str, dutch_html: str) -> list[str]:
    assert '<html lang="en"' in english_html and '<html lang="nl"' in dutch_html
    dutch = texts(dutch_html)
    english = [t for t in texts(english_html) if t not in SAME_IN_DUTCH]
    assert len(english) >= 3, english  # the page has headings and labels to compare
    return [t for t in english if t in dutch]


@pytest.mark.parametrize("path", ["/", "/melden/"])
def test_the_portal_speaks_dutch(client, db, path):
    english_html = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    dutch_html = client.get(path).content.decode()  # no cookie, no Accept-Language: the default
    assert english_left_in_dutch(english_html, dutch_html) == []


def test_the_staff_report_list_speaks_dutch(db, make_user, org, signed_in):
    handler = make_user(Role.REPORT_HANDLER, unit=org["other"])
    client = signed_in(handler)  # signing in makes the handler's key pair, so the report is sealed for them
    services.submit_report(ReportInput(description="The counter was closed for weeks.", anonymity="anonymous"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english_html = client.get("/desk/reports/").content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    dutch_html = client.get("/desk/reports/").content.decode()
    assert "<table" in dutch_html  # the list with its column headers, not an empty state
    assert english_left_in_dutch(english_html, dutch_html) == []
