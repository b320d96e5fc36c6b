"""Benchmark of issue 13 item 6: which language a client's text is written in, and its topic.

    PYTHONPATH=$PWD .venv/bin/python bench/language_detection.py

Two labelled sets: bench/independent_texts.py (a subject and body per topic in all ten
client languages, written apart from the detector; each text is read three ways: subject
and body, subject alone, body alone, plus the follow-up line) and bench/language_texts.py
(one-liners, formal letters, greetings only, Dutch mixed with Arabic; written by the
detector's author). Per language: precision and recall of ``loket.contact.language``
(unknown counts against recall, not precision) in lingua's low accuracy mode, which
Loket uses, and in its high accuracy mode; the share left unknown; and topic accuracy
of ``loket.contact.topics`` on the texts with a topic. Beside it, in the same run, the
function-word baseline it replaced (nl/en/ar only). Time per text after the models are
loaded (the first text of each language loads its model; that is timed apart). The
figures are printed as JSON on the last line of stdout.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from independent_texts import FOLLOW_UP, TEXTS  # noqa: E402
from language_texts import SETS  # noqa: E402

from loket.contact.language import CLIENT_CODES, detect_language  # noqa: E402
from loket.contact.topics import detect_topic  # noqa: E402

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


def baseline(text: str) -> str:
    """The function-word guess Loket had before (nl, en or ar), kept here to compare."""
    arabic = len(re.findall("[\u0600-\u06ff]", text))
    if arabic and arabic >= len(re.findall(r"[A-Za-z]", text)) / 2:
        return "ar"
    words = re.findall(r"[a-z]+", text.lower())
    nl, en = sum(w in _DUTCH for w in words), sum(w in _ENGLISH for w in words)
    if nl == en == 0:
        return ""
    return "nl" if nl > en else "en"


def independent() -> list[tuple[str, str | None, str, str]]:
    """(language, topic, subject, body) from the independent set."""
    items = []
    for topic, by_language in TEXTS.items():
        for lang, (subject, body) in by_language.items():
            items += [(lang, topic, subject, body), (lang, None, subject, ""), (lang, None, "", body)]
    items += [(lang, None, "", text) for lang, text in FOLLOW_UP.items()]
    return items


def score(items, guess) -> dict:
    """Per language precision, recall and unknown share, and over all."""
    said, right, labelled, unknown = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
    for lang, _topic, subject, body in items:
        got = guess(f"{subject}\n{body}".strip())
        labelled[lang] += 1
        if not got:
            unknown[lang] += 1
            continue
        said[got] += 1
        right[lang] += got == lang
    out = {}
    for lang in CLIENT_CODES:
        if not labelled[lang] and not said[lang]:
            continue
        out[lang] = {
            "n": labelled[lang],
            "precision": round(right[lang] / said[lang], 3) if said[lang] else None,
            "recall": round(right[lang] / labelled[lang], 3) if labelled[lang] else None,
            "unknown": round(unknown[lang] / labelled[lang], 3) if labelled[lang] else None,
        }
    total, answered = sum(labelled.values()), sum(said.values())
    out["all"] = {
        "n": total,
        "precision": round(sum(right.values()) / answered, 3) if answered else None,
        "recall": round(sum(right.values()) / total, 3) if total else None,
        "unknown": round(sum(unknown.values()) / total, 3) if total else None,
        "wrong": answered - sum(right.values()),
    }
    return out


def topics(items) -> dict:
    """Share of texts with a topic label whose topic is read right, per language."""
    hit, n = defaultdict(int), defaultdict(int)
    for lang, topic, subject, body in items:
        if topic:
            n[lang] += 1
            hit[lang] += detect_topic(subject, body) == topic
    out = {lang: round(hit[lang] / n[lang], 3) for lang in CLIENT_CODES if n[lang]}
    out["all"] = round(sum(hit.values()) / sum(n.values()), 3) if sum(n.values()) else None
    return out


def timing(items, guess) -> dict:
    texts = [f"{s}\n{b}".strip() for _l, _t, s, b in items]
    started = time.perf_counter()
    for text in texts:
        guess(text)
    first = time.perf_counter() - started  # includes loading the models
    runs = []
    for _ in range(5):
        for text in texts:
            t = time.perf_counter()
            guess(text)
            runs.append(time.perf_counter() - t)
    runs.sort()
    return {
        "first_pass_s": round(first, 2),
        "mean_ms": round(1000 * sum(runs) / len(runs), 3),
        "p95_ms": round(1000 * runs[int(0.95 * len(runs))], 3),
    }


def main() -> None:
    sets = {"independent": independent()}
    for name, entries in SETS.items():
        sets[name] = [(lang, topic, "", text) for lang, topic, text in entries]
    everything = [item for items in sets.values() for item in items]
    low = lambda t: detect_language(t).language  # noqa: E731
    high = lambda t: detect_language(t, high_accuracy=True).language  # noqa: E731
    result = {
        "sets": {},
        "speed_lingua": timing(everything, low),
        "speed_lingua_high_accuracy": timing(everything, high),
        "speed_baseline": timing(everything, baseline),
    }
    for name, items in sets.items():
        result["sets"][name] = {
            "lingua": score(items, low),
            "lingua_high_accuracy": score(items, high),
            "baseline": score(items, baseline),
            "topic_accuracy": topics(items),
        }
        row = result["sets"][name]
        print(
            f"{name:12} n={len(items):3}  lingua P={row['lingua']['all']['precision']} R={row['lingua']['all']['recall']}"
            f" wrong={row['lingua']['all']['wrong']}  high: R={row['lingua_high_accuracy']['all']['recall']}"
            f" wrong={row['lingua_high_accuracy']['all']['wrong']}  baseline P={row['baseline']['all']['precision']}"
            f" R={row['baseline']['all']['recall']}  topic={row['topic_accuracy']['all']}",
            file=sys.stderr,
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
