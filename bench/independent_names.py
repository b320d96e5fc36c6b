"""Names for the independent labelled contact set (bench/independent_contacts.py, issue 16).

Written apart from bench/contact_names.py on purpose: the names come from real frequency
lists (the ``names-dataset`` package: the most frequent first and last names per country, in
the scripts people typed them in), not from a hand-made pool; Latin spellings come from a
transliteration model of its own (several romanisation habits per script, a vocalisation
table for the commonest Arabic names) and typing errors from a keyboard and OCR model.

The lists are read once from the package (about 2 GB of memory for half a minute) and kept
in ``var/bench/independent-names.json``.
"""

from __future__ import annotations

import json
import random
import unicodedata
from functools import cache
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent / "var" / "bench" / "independent-names.json"
TOP = 300

# country of origin -> where its names come from. names-dataset has no Eritrea, Somalia or
# Ukraine: Eritreans get Ethiopia's list (Tigrinya and Amharic names overlap), Somalis
# Djibouti's (Somali-speaking), Ukrainians Faker's uk_UA provider.
SOURCES = {
    "SY": "nd:SY", "IQ": "nd:IQ", "YE": "nd:YE", "SD": "nd:SD", "AF": "nd:AF", "IR": "nd:IR",
    "ER": "nd:ET", "SO": "nd:DJ", "TR": "nd:TR", "RU": "nd:RU", "MA": "nd:MA", "DZ": "nd:DZ",
    "UA": "faker:uk_UA",
}  # fmt: skip
# Entries of the lists that are not names (kunya and title fragments, initials, countries).
NOT_NAMES = {"ابو", "أبو", "ام", "أم", "بت", "انا", "Md", "Sy", "Sk", "El", "Ben", "Abo", "Abou", "Um", "Om", "Oum",
             "Ana", "Sh", "Gh", "Haji", "Sayed", "Simo", "Fati", "Abdo", "Sousou", "Afghan", "العراقي", "الشام",
             "اليماني", "البصراوي", "ልጅ", "አላህ", "Jan"}  # fmt: skip


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            for script in ("ARABIC", "CYRILLIC", "ETHIOPIC"):
                if name.startswith(script):
                    return script.title()
            return "Latin"
    return "Latin"


def script_of(text: str) -> str:
    return _script(text)


def _from_names_dataset(codes: set[str]) -> dict:
    from names_dataset import NameDataset

    nd = NameDataset()
    out = {}
    for code in codes:
        first = nd.get_top_names(n=TOP, country_alpha2=code).get(code, {})
        last = nd.get_top_names(n=TOP, country_alpha2=code, use_first_names=False).get(code, [])
        out[f"nd:{code}"] = {"M": first.get("M", []), "F": first.get("F", []), "last": last}
    return out


def _from_faker(locale: str) -> dict:
    from collections import Counter

    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(16)
    pools = {"M": Counter(), "F": Counter(), "last": Counter()}
    for _ in range(20_000):
        pools["M"][fake.first_name_male()] += 1
        pools["F"][fake.first_name_female()] += 1
        pools["last"][fake.last_name_male()] += 1
    return {f"faker:{locale}": {k: [n for n, _c in v.most_common(TOP)] for k, v in pools.items()}}


@cache
def pools() -> dict[str, dict[str, list[str]]]:
    """source -> {"M": [...], "F": [...], "last": [...]}, most frequent first, non-names out."""
    if not CACHE.exists():
        data = _from_names_dataset({s[3:] for s in SOURCES.values() if s.startswith("nd:")})
        for s in SOURCES.values():
            if s.startswith("faker:"):
                data.update(_from_faker(s[6:]))
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(data, ensure_ascii=False))
    data = json.loads(CACHE.read_text())
    return {
        src: {k: [n for n in v if n not in NOT_NAMES and len(n) > 1 and " " not in n] for k, v in lists.items()}
        for src, lists in data.items()
    }


def draw(rng: random.Random, names: list[str], skew: float = 1.05) -> str:
    """A name by its rank: Zipf-like, so a few names are very common, as in the lists' source."""
    weights = [1 / (rank + 1) ** skew for rank in range(len(names))]
    return rng.choices(names, weights)[0]


# --- transliteration ----------------------------------------------------------------------

# How the commonest Arabic-script names are written in Latin letters, most usual first.
VOCALISED = {
    "محمد": ["Mohammed", "Muhammad", "Mohamed", "Mohamad", "Mohammad", "Mouhamed"],
    "احمد": ["Ahmed", "Ahmad", "Achmed"], "أحمد": ["Ahmed", "Ahmad"], "علي": ["Ali", "Aly", "Alee"],
    "حسن": ["Hassan", "Hasan"], "حسين": ["Hussein", "Hussain", "Husain", "Hussien", "Houssein"],
    "محمود": ["Mahmoud", "Mahmud", "Mahmood"], "عبدالله": ["Abdullah", "Abdallah", "Abdulla", "Abd Allah"],
    "خالد": ["Khaled", "Khalid", "Chaled"], "عمر": ["Omar", "Umar", "Omer"], "ابراهيم": ["Ibrahim", "Ebrahim"],
    "يوسف": ["Youssef", "Yusuf", "Yousef", "Youssouf"], "مصطفى": ["Mustafa", "Moustafa", "Mostafa"],
    "فاطمة": ["Fatima", "Fatma", "Fatemeh"], "فاطمه": ["Fatima", "Fatemeh"], "نور": ["Nour", "Noor", "Nur"],
    "زهرة": ["Zahra", "Zahraa", "Zohra"], "زهره": ["Zahra", "Zohreh"], "مريم": ["Maryam", "Mariam", "Meryem"],
    "عبدالرحمن": ["Abdulrahman", "Abdelrahman", "Abdul Rahman"], "عبدالعزيز": ["Abdulaziz", "Abdelaziz"],
    "عبدالكريم": ["Abdulkarim", "Abdelkarim"], "عبدالقادر": ["Abdulkader", "Abdelkader"], "عباس": ["Abbas"], "حيدر": ["Haider", "Hayder", "Heidar"], "صالح": ["Saleh", "Salih", "Salah"],
    "ياسمين": ["Yasmin", "Yasmine", "Jasmin"], "امل": ["Amal"], "حنان": ["Hanan"], "عمار": ["Ammar"],
    "وردة": ["Warda", "Wardeh"], "ورده": ["Warda"], "زهراء": ["Zahraa", "Zahra"], "عطر": ["Atr", "Itr"],
    "ادم": ["Adam", "Adem"], "عبد": ["Abd", "Abed"], "اميرة": ["Amira", "Ameera"], "اميره": ["Amira"],
    "محمدی": ["Mohammadi", "Mohamadi"], "احمدی": ["Ahmadi"], "مریم": ["Maryam", "Mariam"],
    "فرشته": ["Fereshteh", "Fereshta"], "بهار": ["Bahar"], "العلي": ["Al-Ali", "Alali", "El Ali"],
    "الجبوري": ["Al-Jubouri", "Aljbouri", "Al Jaburi"], "الشمري": ["Al-Shammari", "Alshamari", "Al Chammari"],
}  # fmt: skip

# Consonants of the Arabic script in three romanisation habits: English, French, German.
_AR = {
    "ب": ("b", "b", "b"), "ت": ("t", "t", "t"), "ث": ("th", "th", "ss"), "ج": ("j", "dj", "dsch"),
    "ح": ("h", "h", "h"), "خ": ("kh", "kh", "ch"), "د": ("d", "d", "d"), "ذ": ("dh", "dh", "s"),
    "ر": ("r", "r", "r"), "ز": ("z", "z", "s"), "س": ("s", "s", "s"), "ش": ("sh", "ch", "sch"),
    "ص": ("s", "s", "s"), "ض": ("d", "d", "d"), "ط": ("t", "t", "t"), "ظ": ("z", "z", "s"),
    "ع": ("", "", ""), "غ": ("gh", "gh", "gh"), "ف": ("f", "f", "f"), "ق": ("q", "k", "k"),
    "ك": ("k", "k", "k"), "ک": ("k", "k", "k"), "گ": ("g", "g", "g"), "ل": ("l", "l", "l"),
    "م": ("m", "m", "m"), "ن": ("n", "n", "n"), "ه": ("h", "h", "h"), "ة": ("a", "a", "a"),
    "پ": ("p", "p", "p"), "چ": ("ch", "tch", "tsch"), "ژ": ("zh", "j", "sch"), "ء": ("", "", ""),
    "ئ": ("", "", ""), "ؤ": ("", "", ""),
}  # fmt: skip
_AR_LONG = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ى": "a", "و": ("u", "ou", "u"), "ي": ("i", "i", "i"), "ی": "i"}
_SHORT = ("a", "e", "a")  # the vowel a writer guesses where the script writes none


def _arabic_word(word: str, habit: int, rng: random.Random) -> str:
    if word in VOCALISED:
        spellings = VOCALISED[word]
        return spellings[min(len(spellings) - 1, int(rng.expovariate(1.2)))]
    out, previous_consonant = [], False
    article = word.startswith("ال") and len(word) > 3
    body = word[2:] if article else word
    for i, ch in enumerate(body):
        if ch in _AR_LONG:
            v = _AR_LONG[ch]
            out.append(v[habit] if isinstance(v, tuple) else v)
            previous_consonant = False
        elif ch in _AR:
            if previous_consonant and i < len(body) - 1:
                out.append(_SHORT[habit] if rng.random() < 0.8 else "o")
            out.append(_AR[ch][habit])
            previous_consonant = True
    latin = "".join(out).capitalize() or word
    if article:
        latin = rng.choice(["Al-", "Al ", "El-", "Al", "El "] if habit != 1 else ["El-", "El ", "Al-"]) + latin
    return latin


_CYR = {
    # letter: (passport/ICAO, BGN-PCGN, German, French)
    "а": ("a",) * 4, "б": ("b",) * 4, "в": ("v", "v", "w", "v"), "г": ("g", "g", "g", "g"), "ґ": ("g",) * 4,
    "д": ("d",) * 4, "е": ("e", "ye", "e", "e"), "є": ("ie", "ye", "je", "ie"), "ё": ("e", "yo", "jo", "io"),
    "ж": ("zh", "zh", "sch", "j"), "з": ("z", "z", "s", "z"), "и": ("i", "i", "i", "i"), "і": ("i",) * 4,
    "ї": ("i", "yi", "ji", "i"), "й": ("i", "y", "j", "i"), "к": ("k",) * 4, "л": ("l",) * 4, "м": ("m",) * 4,
    "н": ("n",) * 4, "о": ("o",) * 4, "п": ("p",) * 4, "р": ("r",) * 4, "с": ("s", "s", "ss", "s"),
    "т": ("t",) * 4, "у": ("u", "u", "u", "ou"), "ф": ("f",) * 4, "х": ("kh", "kh", "ch", "kh"),
    "ц": ("ts", "ts", "z", "ts"), "ч": ("ch", "ch", "tsch", "tch"), "ш": ("sh", "sh", "sch", "ch"),
    "щ": ("shch", "shch", "schtsch", "chtch"), "ъ": ("ie", "", "", ""), "ы": ("y",) * 4, "ь": ("", "", "", ""),
    "э": ("e",) * 4, "ю": ("iu", "yu", "ju", "iou"), "я": ("ia", "ya", "ja", "ia"),
}  # fmt: skip


def _cyrillic_word(word: str, habit: int) -> str:
    out = "".join(_CYR.get(ch.lower(), (ch,) * 4)[habit] for ch in word)
    return out.capitalize()


def romanise(name: str, rng: random.Random, habit: int | None = None) -> str:
    """One Latin spelling of ``name`` as a writer with one romanisation habit makes it."""
    script = script_of(name)
    if script == "Arabic":
        h = rng.randrange(3) if habit is None else habit % 3
        return " ".join(_arabic_word(w, h, rng) for w in name.split())
    if script == "Cyrillic":
        h = rng.randrange(4) if habit is None else habit % 4
        return " ".join(_cyrillic_word(w, h) for w in name.split())
    if script == "Ethiopic":
        return name  # kept as written: the lists hold very few Ge'ez names
    return name


# --- spelling variation and typing errors -------------------------------------------------

_LATIN_HABITS = [("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("mm", "m"), ("ss", "s"), ("e", "a"),
                 ("o", "u"), ("kh", "ch"), ("y", "i"), ("dj", "j"), ("ph", "f"), ("q", "k"), ("ie", "i")]  # fmt: skip
_DIACRITICS = {"ş": ["s", "sh"], "ç": ["c", "ch"], "ı": ["i"], "ğ": ["g", ""], "ö": ["o", "oe"], "ü": ["u", "ue"],
               "é": ["e"], "è": ["e"], "ë": ["e"], "ï": ["i"], "â": ["a"], "İ": ["I"], "Ş": ["S", "Sh"]}  # fmt: skip
_QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_OCR = [("rn", "m"), ("m", "rn"), ("cl", "d"), ("l", "1"), ("O", "0"), ("h", "b"), ("e", "c")]


def _neighbour(ch: str, rng: random.Random) -> str:
    for row in _QWERTY:
        i = row.find(ch.lower())
        if i >= 0:
            j = min(len(row) - 1, max(0, i + rng.choice((-1, 1))))
            return row[j] if ch.islower() else row[j].upper()
    return ch


def respell(name: str, rng: random.Random) -> str:
    """Another spelling a clerk or the client might use (not a typing error)."""
    for old, new in rng.sample(_LATIN_HABITS, 3):
        if old in name.lower():
            i = name.lower().index(old)
            return name[:i] + (new if not name[i].isupper() else new.capitalize()) + name[i + len(old) :]
    return name


def strip_diacritics(name: str, rng: random.Random) -> str:
    return "".join(rng.choice(_DIACRITICS[ch]) if ch in _DIACRITICS else ch for ch in name)


def typo(name: str, rng: random.Random, *, ocr: bool = False) -> str:
    """One typing (or, for scanned letters, reading) error."""
    if ocr:
        for old, new in rng.sample(_OCR, len(_OCR)):
            if old in name:
                return name.replace(old, new, 1)
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 4:
        return name
    i = rng.choice(letters[1:])
    kind = rng.random()
    if kind < 0.35:
        return name[:i] + _neighbour(name[i], rng) + name[i + 1 :]
    if kind < 0.6:
        return name[:i] + name[i + 1 :]
    if kind < 0.8:
        return name[:i] + name[i] + name[i:]
    j = i + 1 if i + 1 < len(name) and name[i + 1].isalpha() else i - 1
    a, b = sorted((i, j))
    return name[:a] + name[b] + name[a] + name[b + 1 :]
