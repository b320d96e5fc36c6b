"""Reading the topic (onderwerp) of an e-mail or letter from its text.

E-mails and letters arrive without a topic; the web form and the agent choose one. The
topic decides the service norm and which contacts join one question, so it is read from
the subject and body by keyword lists per topic and language: Dutch, English and Arabic
here, the other client languages (Persian, Tigrinya, Turkish, Ukrainian, Russian, Somali,
French) in ``topic_words``.
A keyword is written in one of four ways:

* ``word``   - a token that begins with it (``verhuis`` finds ``verhuisd``);
* ``*word``  - a token that contains it (Dutch compounds: ``*vergunning``);
* ``=word``  - exactly that token;
* ``two words`` - the phrase, beginning at a word boundary.

Arabic text is normalised first (diacritics and tatweel removed, alef forms unified,
taa marbuta and alef maqsura folded, Persian ye and kaf folded to the Arabic letters
so that Persian typed on an Arabic keyboard reads the same) and leading clitics (و ف ب ل ك ال) are stripped
from each token, so ``والتجنس`` is found by ``تجنس``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .topic_words import WORDS

TOPICS = ("status", "document", "family", "address", "appointment", "naturalisation", "fees", "other")

# (weight, keywords): a strong keyword decides more than a weak one that many texts share.
KEYWORDS: dict[str, dict[str, list[tuple[int, str]]]] = {
    "status": {
        "en": [
            (3, "status"),
            (3, "progress"),
            (2, "pending"),
            (2, "waiting"),
            (2, "how long"),
            (2, "still no"),
            (2, "processing time"),
            (2, "decision"),
            (1, "delay"),
            (1, "when will"),
            (1, "=application"),
        ],
        "nl": [
            (3, "status"),
            (3, "stand van zaken"),
            (2, "*wacht"),
            (2, "beslistermijn"),
            (2, "beslissing"),
            (2, "besluit"),
            (2, "hoe lang"),
            (2, "nog steeds"),
            (2, "voortgang"),
            (1, "behandel"),
            (1, "=aanvraag"),
            (1, "vertraging"),
        ],
        "ar": [
            (3, "حاله"),
            (2, "انتظار"),
            (2, "انتظر"),
            (2, "قرار"),
            (2, "تاخير"),
            (1, "متي"),
            (1, "مده"),
            (1, "معالجه"),
            (1, "طلبي"),
        ],
    },
    "document": {
        "en": [
            (3, "document"),
            (3, "passport"),
            (3, "residence card"),
            (3, "id card"),
            (2, "lost"),
            (2, "stolen"),
            (2, "card"),
            (2, "pick up"),
            (2, "collect"),
            (2, "certificate"),
            (1, "copy"),
            (2, "legalis"),
        ],
        "nl": [
            (3, "*document"),
            (3, "paspoort"),
            (3, "verblijfspas"),
            (3, "pasje"),
            (2, "kwijt"),
            (2, "gestolen"),
            (2, "ophalen"),
            (2, "*akte"),
            (2, "legalis"),
            (1, "kopie"),
            (2, "=pas"),
        ],
        "ar": [
            (3, "وثيق"),
            (3, "وثائق"),
            (3, "جواز"),
            (3, "بطاق"),
            (3, "مستند"),
            (2, "فقد"),
            (2, "ضاع"),
            (2, "سرق"),
            (2, "استلام"),
            (2, "شهاد"),
            (1, "نسخ"),
        ],
    },
    "family": {
        "en": [
            (3, "family"),
            (3, "reunification"),
            (3, "spouse"),
            (2, "wife"),
            (2, "husband"),
            (2, "child"),
            (2, "=son"),
            (2, "daughter"),
            (2, "partner"),
            (2, "mother"),
            (2, "father"),
            (2, "parents"),
            (2, "marri"),
        ],
        "nl": [
            (3, "*gezin"),
            (3, "familie"),
            (3, "nareis"),
            (3, "echtgeno"),
            (2, "=vrouw"),
            (2, "=kind"),
            (2, "kinderen"),
            (2, "zoon"),
            (2, "dochter"),
            (2, "partner"),
            (2, "moeder"),
            (2, "vader"),
            (2, "ouders"),
            (2, "huwelijk"),
            (2, "getrouwd"),
        ],
        "ar": [
            (3, "عائل"),
            (3, "اسره"),
            (3, "لم الشمل"),
            (3, "لم شمل"),
            (3, "شمل"),
            (2, "زوج"),
            (2, "اطفال"),
            (2, "ابن"),
            (2, "اولاد"),
            (2, "طفل"),
            (2, "والد"),
            (2, "زواج"),
        ],
    },
    "address": {
        "en": [
            (3, "address"),
            (3, "moved"),
            (3, "moving"),
            (2, "relocat"),
            (2, "new home"),
            (2, "postcode"),
            (2, "zip code"),
            (1, "street"),
        ],
        "nl": [
            (3, "adres"),
            (3, "verhuis"),
            (2, "postcode"),
            (2, "straat"),
            (2, "woonplaats"),
            (2, "=brp"),
            (1, "nieuwe woning"),
        ],
        "ar": [(3, "عنوان"), (3, "انتقل"), (3, "انتقال"), (2, "سكن"), (2, "الرمز البريدي"), (2, "شارع")],
    },
    "appointment": {
        "en": [
            (3, "appointment"),
            (2, "booking"),
            (2, "=book"),
            (2, "reschedul"),
            (2, "cancel"),
            (2, "counter"),
            (1, "visit"),
            (2, "biometric"),
        ],
        "nl": [
            (3, "afspra"),
            (2, "boeken"),
            (2, "verzetten"),
            (2, "annuler"),
            (2, "afzeggen"),
            (2, "=loket"),
            (2, "balie"),
            (1, "langskomen"),
            (2, "biometri"),
        ],
        "ar": [(3, "موعد"), (3, "مواعيد"), (2, "حجز"), (2, "الغاء"), (2, "تاجيل"), (1, "زياره"), (2, "بصمات")],
    },
    "naturalisation": {
        "en": [
            (4, "naturalis"),
            (4, "naturaliz"),
            (3, "citizenship"),
            (3, "dutch nationality"),
            (2, "civic integration"),
            (2, "integration exam"),
            (2, "ceremony"),
            (2, "option procedure"),
        ],
        "nl": [
            (4, "*naturalis"),
            (3, "nederlanderschap"),
            (3, "staatsburger"),
            (2, "*inburger"),
            (2, "=optie"),
            (2, "*ceremonie"),
            (2, "afstand doen"),
        ],
        "ar": [(4, "تجنس"), (4, "تجنيس"), (3, "جنسيه"), (2, "مواطن"), (2, "اندماج"), (1, "امتحان")],
    },
    "fees": {
        "en": [
            (3, "=fee"),
            (3, "=fees"),
            (2, "=cost"),
            (2, "costs"),
            (2, "=pay"),
            (2, "paid"),
            (2, "payment"),
            (3, "refund"),
            (2, "invoice"),
            (1, "bank"),
            (1, "euro"),
            (1, "money"),
            (1, "charge"),
        ],
        "nl": [
            (3, "leges"),
            (2, "kosten"),
            (2, "*betaal"),
            (2, "*betaling"),
            (2, "betaald"),
            (3, "terugbetal"),
            (2, "factuur"),
            (1, "rekening"),
            (1, "=bank"),
            (1, "euro"),
            (1, "=geld"),
            (2, "restitutie"),
        ],
        "ar": [
            (3, "رسوم"),
            (2, "دفع"),
            (2, "مبلغ"),
            (2, "تكلف"),
            (2, "فاتور"),
            (3, "استرداد"),
            (1, "بنك"),
            (1, "يورو"),
            (1, "مال"),
        ],
    },
}

for _topic, _by_language in WORDS.items():
    for _language, _by_weight in _by_language.items():
        KEYWORDS[_topic][_language] = [(weight, word) for weight, words in _by_weight.items() for word in words]

_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_TOKEN = re.compile(r"\w+")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def normalise(text: str) -> str:
    """Lower case, Latin accents removed, Arabic letter forms folded."""
    text = unicodedata.normalize("NFKD", text or "").lower()
    text = "".join(ch for ch in text if not (unicodedata.combining(ch) and not "\u064b" <= ch <= "\u0670"))
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text))
    for src, dst in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ة", "ه"), ("ى", "ي"), ("ی", "ي"), ("ک", "ك")):
        text = text.replace(src, dst)
    return text


def _token_forms(token: str) -> tuple[str, ...]:
    """The token, and for Arabic the token without each leading clitic that leaves a stem."""
    if not ARABIC_LETTER.match(token):
        return (token,)
    forms = [token]
    for clitic in _ARABIC_CLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= 2:
            forms.append(token[len(clitic) :])
    return tuple(forms)


@lru_cache(maxsize=1)
def _compiled():
    """Keywords by how they match, normalised like the text: prefixes and exact words in
    dictionaries (a token is looked up, never compared with every keyword)."""
    prefix: dict[str, list[tuple[str, int]]] = {}
    exact: dict[str, list[tuple[str, int]]] = {}
    inner, phrases = [], []
    for topic, by_language in KEYWORDS.items():
        for keywords in by_language.values():
            for weight, raw in keywords:
                word = normalise(raw.lstrip("=*"))
                if " " in word:
                    phrases.append((" " + word, topic, weight))
                elif raw.startswith("="):
                    exact.setdefault(word, []).append((topic, weight))
                elif raw.startswith("*"):
                    inner.append((word, topic, weight))
                else:
                    prefix.setdefault(word, []).append((topic, weight))
    lengths = sorted({len(w) for w in prefix})
    return prefix, lengths, exact, inner, phrases


def _hits(norm: str) -> set[tuple[str, str, int]]:
    """(keyword, topic, weight) found in a normalised text; each keyword counts once."""
    prefix, lengths, exact, inner, phrases = _compiled()
    tokens = _TOKEN.findall(norm)
    hits = set()
    for token in tokens:
        for form in _token_forms(token):
            for topic, weight in exact.get(form, ()):
                hits.add((form, topic, weight))
            for n in lengths:
                if n > len(form):
                    break
                for topic, weight in prefix.get(form[:n], ()):
                    hits.add((form[:n], topic, weight))
            for word, topic, weight in inner:
                if word in form:
                    hits.add((word, topic, weight))
    padded = " " + " ".join(tokens) + " "
    for phrase, topic, weight in phrases:
        if phrase in padded:
            hits.add((phrase, topic, weight))
    return hits


def topic_scores(subject: str = "", body: str = "") -> dict[str, int]:
    """Points per topic; a keyword in the subject counts double."""
    scores = dict.fromkeys(TOPICS, 0)
    for text, factor in ((subject, 2), (body, 1)):
        for _word, topic, weight in _hits(normalise(text)) if text else ():
            scores[topic] += weight * factor
    return scores


def detect_topic(subject: str = "", body: str = "") -> str:
    """The topic with the most points; ``other`` when nothing matched. Ties go to the
    topic listed first in ``TOPICS`` (the more specific work comes later, so a tie
    between ``status`` and ``naturalisation`` is rare: naturalisation words weigh 4)."""
    scores = topic_scores(subject, body)
    best = max(TOPICS, key=lambda t: (scores[t], -TOPICS.index(t)))
    return best if scores[best] > 0 else "other"
