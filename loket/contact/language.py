"""Recognising the language an e-mail, letter or form text is written in, among the ten
client languages (loket/core/languages.py), so that a client who has no preferred
language yet is answered in the language they wrote in.

The statistical work is done by ``lingua-language-detector``, restricted to the client
languages plus their closest neighbours (German and Afrikaans beside Dutch, Spanish,
Italian and Portuguese beside French, Azerbaijani beside Turkish, Belarusian and
Bulgarian beside Ukrainian and Russian, Urdu beside Arabic and Persian, Swahili beside
Somali): a German letter is then "German, not served", not a poor Dutch guess.

Lingua knows neither Tigrinya nor Amharic. Both are written in Ge'ez script, so a text in
that script is told apart by the letters and words only Tigrinya uses (ኣ for the
glottal a where Amharic writes አ, the ቐ and ኸ rows, words such as ኣብ, እዩ, ናብ) against
Amharic ones (ነው, እና, ውስጥ). That is a rule of thumb, not a model: it is measured in
bench/language_detection.py and its figures are in bench/RESULTS.md.

A text is left unknown ('') rather than guessed when it has fewer than ``MIN_LETTERS``
letters, when no script holds ``MIN_SCRIPT_SHARE`` of its letters (Dutch and Arabic
mixed), or when the best language has less than ``MIN_CONFIDENCE`` of lingua's
probability or less than ``MIN_LEAD`` times the runner-up's. Only the first ``MAX_CHARS`` characters are read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Below this many letters a text (a greeting, "ok", a V-number) is not guessed at.
MIN_LETTERS = 10
#: Lingua's relative confidence (its values over all weighed languages sum to 1) the best
#: language needs, and how many times the runner-up's it must be; else the text stays unknown.
MIN_CONFIDENCE = 0.4
MIN_LEAD = 2.0
#: The share of the Tigrinya-or-Amharic evidence (see ``_geez``) the winner needs.
MIN_GEEZ_SHARE = 0.75
#: The share of the letters the main script must hold; below it the text is mixed.
MIN_SCRIPT_SHARE = 0.7
#: Enough text to tell; the rest of a long letter adds time, not certainty.
MAX_CHARS = 2000

CLIENT_CODES = ("nl", "en", "ar", "fa", "ti", "tr", "uk", "ru", "so", "fr")
#: Languages lingua weighs beside the client languages, so that a neighbour is not taken
#: for a client language. A text in one of them is unknown ("not a client language").
NEIGHBOURS = ("de", "af", "es", "it", "pt", "az", "be", "bg", "ur", "sw")

# Words written apart by spaces, one string each: ``split`` makes the set.
_TIGRINYA = (
    "ኣብ ናብ ካብ እዩ እያ እዮም እየ ኣለኹ ኣሎ ኣለዉ ኣለዎ ከመይ እንታይ መዓስ ዶ ምስ ኣይ ንስኻ ንስኺ ኣነ ኣየናይ ክንደይ ክኸውን ክረክብ ይኽእል ክኽእል መንበሪ መንበሪየ ሓድሽ"
)
_AMHARIC = "ነው ናቸው ነኝ እና ላይ ውስጥ ይህ ይህን የእኔ እንዴት መቼ ምን አለ አለኝ ወደ እኔ እባክዎ ነበር"
_TIGRINYA_WORDS = frozenset(_TIGRINYA.split())
_AMHARIC_WORDS = frozenset(_AMHARIC.split())
_TIGRINYA_ONLY = re.compile("[\u12a3\u1250-\u125d\u12b8-\u12c5]")  # ኣ, the ቐ and ኸ rows
_AMHARIC_A = "\u12a0"  # አ
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Detection:
    """The language found ('' when unknown), how sure, and why (for staff and the bench)."""

    language: str
    confidence: float
    reason: str  # "detected", "too short", "mixed scripts", "uncertain", "not a client language: de", ...


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "Arab"
    if 0x0400 <= code <= 0x052F:
        return "Cyrl"
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
        return "Ethi"
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "Latn"
    return "other"


@lru_cache(maxsize=2)
def _detector(high_accuracy: bool = False):
    """Built once per process; lingua loads each language's model the first time it is
    needed. Low accuracy mode (trigrams only) by default: its models take ~45 MB and a
    second to load, against ~430 MB and many seconds for the high accuracy mode, in every
    web and import process, for a few points of recall on short texts and no loss of
    precision (bench/language_detection.py measures both)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in (*CLIENT_CODES, *NEIGHBOURS) if c != "ti"]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    return (builder if high_accuracy else builder.with_low_accuracy_mode()).build()


def _geez(text: str) -> Detection:
    """Tigrinya or Amharic, by the letters and words each uses and the other does not."""
    words = _WORD.findall(text)
    tigrinya = len(_TIGRINYA_ONLY.findall(text)) + 3 * sum(w in _TIGRINYA_WORDS for w in words)
    amharic = text.count(_AMHARIC_A) + 3 * sum(w in _AMHARIC_WORDS for w in words)
    if tigrinya + amharic == 0:
        return Detection("", 0.0, "uncertain")
    share = tigrinya / (tigrinya + amharic)
    if share >= MIN_GEEZ_SHARE:
        return Detection("ti", round(share, 3), "detected")
    if 1 - share >= MIN_GEEZ_SHARE:
        return Detection("", round(1 - share, 3), "not a client language: am")
    return Detection("", round(max(share, 1 - share), 3), "uncertain")


def _words(text: str, script: str) -> list[str]:
    """The words lingua should weigh: those in the main script, so that a Dutch street name
    in an Arabic letter does not pull it towards Dutch; and in Latin script not the
    capitalised words inside a sentence (names of people, streets and towns), unless
    little else is left."""
    words = [m for m in _WORD.finditer(text) if _script(m.group()[0]) == script]
    if script == "Latn":
        plain = [m for m in words if not (m.group()[0].isupper() and not _sentence_start(text, m.start()))]
        if sum(len(m.group()) for m in plain) >= MIN_LETTERS:
            words = plain
    return [m.group() for m in words]


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 8) : at].rstrip(" \t\"'(")  # a few characters back is enough
    return not before or before[-1] in ".!?:;\n"


def detect_language(text: str, *, high_accuracy: bool = False) -> Detection:
    """The client language ``text`` is written in, or '' with the reason it stays unknown.
    ``high_accuracy`` is for the benchmark (see ``_detector``)."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_CHARS])
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = _script(ch)
            counts[script] = counts.get(script, 0) + 1
    letters = sum(counts.values())
    if letters < MIN_LETTERS:
        return Detection("", 0.0, "too short")
    script, most = max(counts.items(), key=lambda kv: kv[1])
    if most / letters < MIN_SCRIPT_SHARE:
        return Detection("", round(most / letters, 3), "mixed scripts")
    if script == "other":
        return Detection("", 0.0, "not a client script")
    if script == "Ethi":
        return _geez(text)
    values = _detector(high_accuracy).compute_language_confidence_values(" ".join(_words(text, script)))
    if not values:
        return Detection("", 0.0, "uncertain")
    best, runner_up = values[0], values[1].value if len(values) > 1 else 0.0
    code = best.language.iso_code_639_1.name.lower()
    confidence = round(best.value, 3)
    if confidence < MIN_CONFIDENCE or best.value < MIN_LEAD * runner_up:
        return Detection("", confidence, "uncertain")
    if code not in CLIENT_CODES:
        return Detection("", confidence, f"not a client language: {code}")
    return Detection(code, confidence, "detected")


def guess_language(text: str) -> str:
    """The client language of ``text``, or '' when it cannot tell (see :func:`detect_language`)."""
    return detect_language(text).language
