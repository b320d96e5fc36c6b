"""Names in any script brought to forms that can be compared.

A client called محمد may write Mohammed on one form, Muhammad on the next and Mohamad
Al-Hassan on a third, with the family name first or last. Two forms are kept per name:

* the *folded* form: Latin letters (via anyascii), lower case, particles (al-, el-, bin,
  van, de ...) dropped, ``abd`` split off (Abdulrahman = Abd al-Rahman), tokens sorted;
* the *skeleton* of each token: a phonetic key that folds the usual transliteration
  variants (ou/u, ee/i, kh/h, q/k, dh/z, j/g, doubled letters) and drops vowels, so that
  Latin spellings meet the vowel-less Arabic script: Mohammed, Muhammad, Mohamad and محمد
  all become ``mhmd``.

``similarity.py`` compares both (for ``scoring.py``); blocking keys (``blocking.py``) use the skeletons.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii

#: Name particles that do not tell people apart: articles, "son of", Dutch/Romance prepositions.
PARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "il",
        "ad",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "an",
        "ed",
        "er",
        "es",
        "ez",
        "bin",
        "ben",
        "bint",
        "ibn",
        "ould",
        "walad",
        "van",
        "von",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "op",
        "in",
        "t",
        "da",
        "das",
        "di",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "la",
        "le",
        "los",
        "y",
    }
)
#: Scripts written without (most) vowels: their transliteration is a consonant skeleton.
ABJAD_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})
_UNICODE_SCRIPT_WORDS = {
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "ETHIOPIC": "Ethi",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "TAMIL": "Taml",
    "THAI": "Thai",
    "CJK": "Hani",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "HANGUL": "Hang",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "TIGRINYA": "Ethi",
}
_SPLIT = re.compile(r"[\s\-‐‑_'’`ʿʾ.,/]+")
_NON_LETTER = re.compile(r"[^a-z]")
# Transliteration equivalences, applied in order to a lower-case Latin token.
_DIGRAPHS = (
    # Slavic sounds in English, Dutch and German spelling: ш sh/sj/sch, ч ch/tsj/tsch, ж zh/zj
    ("tsch", "h"),
    ("tsj", "h"),
    ("tch", "h"),
    ("sch", "s"),
    ("sj", "s"),
    ("zj", "s"),
    ("zh", "s"),
    # Arabic consonants written with two letters; Dutch ch = kh (Achmed, Chaled)
    ("kh", "h"),
    ("gh", "g"),
    ("dj", "j"),
    ("ch", "h"),
    ("sh", "s"),
    ("th", "t"),
    ("dh", "z"),
    ("ph", "f"),
    ("ck", "k"),
    # vowels spelled in several ways: Youssef, Yusuf, Joesoef; Hussein, Husain
    ("ou", "u"),
    ("oo", "u"),
    ("oe", "u"),
    ("ee", "i"),
    ("ie", "i"),
    ("ei", "i"),
    ("ai", "i"),
    ("ay", "i"),
    ("ey", "i"),
    ("x", "ks"),
)
_LETTER_CLASS = str.maketrans(
    {
        "q": "k",
        "c": "k",
        "g": "k",
        "j": "k",
        "z": "s",
        "t": "d",
        "p": "b",
        "v": "f",
    }
)
_VOWELS = frozenset("aeiouy")
_ARTICLE_ONLY = re.compile(r"^[aeiou]{1,2}[lrsnzdt]$")
_FRENCH_CH = re.compile(r"(?<![st])ch")


def script_of(text: str) -> str:
    """The ISO 15924 code of the first letter's script (``Latn`` for Latin or unknown)."""
    for ch in text:
        if ch.isalpha():
            try:
                word = unicodedata.name(ch).split()[0]
            except ValueError:
                return "Zyyy"
            return _UNICODE_SCRIPT_WORDS.get(word, "Latn")
    return "Latn"


def _strip_article(token: str) -> str:
    """Drop an Arabic article written in Arabic script (الـ) before transliteration."""
    return token[2:] if token.startswith("ال") and len(token) > 3 else token


def _split_abd(token: str) -> list[str]:
    """Abdulrahman, Abdurrahman, Abdelrahman -> ['abd', 'rahman'] (Abd al-Rahman); the two
    are joined again in ``tokens`` so that every spelling ends as 'abdrahman'."""
    if not token.startswith("abd"):
        return [token]
    rest = token[3:]
    if _ARTICLE_ONLY.match(rest):
        return ["abd"]  # "Abdul Karim": the article written onto abd
    if len(token) <= 5:
        return [token]
    if rest[0] in "aeiou" and len(rest) > 3:
        rest = rest[1:]  # the vowel of the article: Abd-ul-, Abd-el-
    if len(rest) > 3 and (rest[0] == "l" or rest[0] == rest[1]):
        rest = rest[1:]  # the article's l, or its assimilation: Abdurrahman
    return ["abd", rest] if len(rest) >= 2 else [token]


def _strip_joined_article(token: str) -> str:
    """Alhassan, Elhassan -> hassan: an article written together with the name."""
    if len(token) >= 6 and token[:2] in ("al", "el") and token[2] not in _VOWELS:
        return token[2:]
    return token


@lru_cache(maxsize=200_000)
def tokens(name: str) -> tuple[str, ...]:
    """The meaningful tokens of a name in Latin lower case, in the order given first, family
    name last: "Konovalov, Denis Andreyevich" (the family name first and a comma, as forms
    and letters have it) is Denis Andreyevich Konovalov, so that a middle name stays in the
    middle."""
    out: list[str] = []
    family, comma, given = name.strip().partition(",")
    if comma and family.strip() and given.strip() and "," not in given:
        name = f"{given} {family}"
    for part in _SPLIT.split(name.strip()):
        if not part:
            continue
        latin = anyascii(_strip_article(part)).lower()
        if latin[:1] in ("'", "`"):
            latin = "a" + latin[1:]  # hamza or ayn carrying a vowel: أيمن = Ayman, علي = Ali
        latin = _NON_LETTER.sub("", latin)
        if not latin or latin in PARTICLES:
            continue
        for piece in _split_abd(_strip_joined_article(latin)):
            if piece not in PARTICLES:
                out.append(piece)
    joined: list[str] = []
    for piece in out:  # "abd" belongs to the name after it: Abd al-Rahman is one name
        if joined and joined[-1] == "abd":
            joined[-1] += piece
        else:
            joined.append(piece)
    return tuple(joined)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The phonetic key of one token: transliteration variants folded, vowels dropped."""
    s = token
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    # v and w inside a name are half vowels across transliterations: Kovalenko ~ Kowalenko,
    # Dawud ~ داود (dwd), Marwan ~ مروان (mrwn)
    s = s[:1] + s[1:].replace("v", "").replace("w", "")
    s = s.translate(_LETTER_CLASS)
    if s[:1] == "y":
        s = "k" + s[1:]  # initial y, j, g, dj: Yusuf ~ Joesoef, Yasmin ~ Jasmin, Jamal ~ Gamal
    kept = []
    for _i, ch in enumerate(s):
        if ch in "aeiou":
            continue
        if ch == "y":
            continue  # y inside a name is a vowel
        if kept and kept[-1] == ch:
            continue  # doubled letters: Mohammed ~ Mohamed
        kept.append(ch)
    if len(kept) > 1 and kept[-1] == "h":
        kept.pop()  # final h (ta marbuta): Fatimah ~ Fatima ~ فاطمة
    return "".join(kept) or token[:1]


@lru_cache(maxsize=200_000)
def skeleton_variants(token: str) -> tuple[str, ...]:
    """The token's skeleton, and others when its spelling is ambiguous: ch is kh in Dutch
    spelling (Achmed, Chaled) but sh in French (Chami, Aicha); dh is the Arabic ذ (z:
    Dhakir ~ ذاكر) but a plain d in Tigrinya, Amharic and Somali spelling (Gebremedhin ~
    Gebremedin, Abdirashiid ~ Cabdirashiidh)."""
    spellings = [token]
    if "ch" in token:
        spellings.append(_FRENCH_CH.sub("sh", token))
    if "dh" in token:
        spellings += [s.replace("dh", "d") for s in spellings]
    return tuple(dict.fromkeys(skeleton(s) for s in spellings))


@dataclass(frozen=True, slots=True)
class NameForms:
    """The comparable forms of one written name."""

    written: str
    script: str
    tokens: tuple[str, ...]  # Latin, lower case, particles dropped, written order
    skeletons: tuple[str, ...]  # one per token, same order
    variants: tuple[tuple[str, ...], ...] = ()  # every skeleton of each token, same order
    #: One string per token naming it with its skeletons: what comparing two tokens depends
    #: on (a plain string caches its hash: comparisons met before are cheap to look up).
    token_keys: tuple[str, ...] = field(init=False, compare=False)
    #: Written in a script without (most) vowels: its transliteration is a consonant skeleton.
    vowelless: bool = field(init=False, compare=False)
    #: All that comparing this name with another depends on, as one string: its token keys
    #: and whether it is vowelless (names written differently often compare the same).
    key: str = field(init=False, compare=False)

    def __post_init__(self):
        token_keys = tuple("\x00".join((t, *v)) for t, v in zip(self.tokens, self.variants))
        vowelless = self.script in ABJAD_SCRIPTS
        object.__setattr__(self, "token_keys", token_keys)
        object.__setattr__(self, "vowelless", vowelless)
        object.__setattr__(self, "key", "\x01".join(token_keys) + ("\x02" if vowelless else ""))

    @property
    def folded(self) -> str:
        return " ".join(sorted(self.tokens))

    @property
    def skeleton_key(self) -> str:
        return " ".join(sorted(self.skeletons))


#: Arabic letters read as z in Persian (and Turkish, Urdu) but as d/dh in Arabic: رضا is
#: Reza and Rida, رمضان Ramazan and Ramadan.
_PERSIAN_Z = str.maketrans({"ض": "ز", "ظ": "ز", "ذ": "ز"})


#: The forms of names met before, by the name as given (emptied when full): a name is
#: compared again and again, and a client's names are the names of its contacts.
_FORMS: dict[str, NameForms] = {}
KEPT_FORMS = 100_000


def forms(name: str) -> NameForms:
    """The comparable forms of a written name (kept: a name met again costs a lookup)."""
    made = _FORMS.get(name)
    if made is None:
        if len(_FORMS) >= KEPT_FORMS:
            _FORMS.clear()
        made = _FORMS[name] = _forms(name)
    return made


def adopt(name: str, made: NameForms) -> NameForms:
    """Keep the forms of ``name`` made in another process (an import's reading process), so
    that this one need not make them again; forms already kept here win."""
    kept = _FORMS.get(name)
    if kept is None:
        if len(_FORMS) >= KEPT_FORMS:
            _FORMS.clear()
        kept = _FORMS[name] = made
    return kept


def _forms(name: str) -> NameForms:
    toks = tokens(name)
    variants = [skeleton_variants(t) for t in toks]
    if any(ch in name for ch in "ضظذ"):
        other = tokens(name.translate(_PERSIAN_Z))
        if len(other) == len(toks):
            variants = [tuple(dict.fromkeys(v + skeleton_variants(o))) for v, o in zip(variants, other)]
    return NameForms(name.strip(), script_of(name), toks, tuple(skeleton(t) for t in toks), tuple(variants))


def folded(name: str) -> str:
    """The stored search form of a name (sorted Latin tokens)."""
    return forms(name).folded
