"""Guessing the language (nl, en or ar) an e-mail or letter is written in, from its text:
Arabic letters, or the more common of a few Dutch and English function words. Used to
answer a new client who has no preferred language yet in the language they wrote in;
apart from ``topics`` because it answers another question about the same text."""

from __future__ import annotations

import re

from .topics import ARABIC_LETTER

_DUTCH = {
    "de",
    "het",
    "een",
    "ik",
    "mijn",
    "niet",
    "wij",
    "en",
    "van",
    "dat",
    "is",
    "op",
    "met",
    "voor",
    "graag",
    "mijnheer",
    "mevrouw",
    "geachte",
    "vriendelijke",
    "groet",
    "ben",
    "heb",
    "hoe",
    "wanneer",
}
_ENGLISH = {
    "the",
    "a",
    "an",
    "i",
    "my",
    "not",
    "we",
    "and",
    "of",
    "that",
    "is",
    "on",
    "with",
    "for",
    "please",
    "dear",
    "sir",
    "madam",
    "regards",
    "am",
    "have",
    "how",
    "when",
    "your",
}


def guess_language(text: str) -> str:
    """nl, en or ar from the text itself; '' when it cannot tell. Used to answer a new
    client who has no preferred language yet in the language they wrote in."""
    text = text or ""
    arabic = len(ARABIC_LETTER.findall(text))
    if arabic and arabic >= len(re.findall(r"[A-Za-z]", text)) / 2:
        return "ar"
    words = re.findall(r"[a-z]+", text.lower())
    nl, en = sum(w in _DUTCH for w in words), sum(w in _ENGLISH for w in words)
    if nl == en == 0:
        return ""
    return "nl" if nl > en else "en"
