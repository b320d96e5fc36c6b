"""Finding people in free text and replacing them by their role (anonimiseren).

The oversight report that reached parliament in the case this system was built for was
redacted by hand. Here a :class:`Redactor` is told who the people around a report are
(the reporter, the persons named, the handlers, everyone in the organisation chart) and
replaces every mention of them by a label such as ``[witness 1]``.

Matching works on words, not on characters: the text is split into words, every word is
folded to lower-case ASCII (``anyascii``: "Élise" and "elise" are one word), and a name
matches as a run of whole words separated by at most a space, a full stop, a hyphen or an
apostrophe. A person is found by the full name, by the surname with its particles
("van der Berg"), and for people tied to the report by any part of the name of three
letters or more. For the rest of the organisation chart a lone name part counts only when
written with a capital, so that a colleague called Meer does not black out the Dutch word
"meer"; full names count in any case.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from anyascii import anyascii

#: Name particles (tussenvoegsels and their kin) never match on their own.
PARTICLES = frozenset(
    {
        "van",
        "der",
        "den",
        "de",
        "het",
        "ter",
        "ten",
        "te",
        "op",
        "in",
        "t",
        "s",
        "von",
        "zu",
        "vom",
        "del",
        "della",
        "da",
        "das",
        "dos",
        "du",
        "di",
        "le",
        "la",
        "les",
        "el",
        "al",
        "bin",
        "ibn",
        "ben",
        "bint",
        "abu",
        "mac",
        "mc",
        "st",
    }
)
MIN_PART = 3
WORD = re.compile(r"\w+")
NAME_GAP = re.compile(r"[\s.\-'\u2019]{1,3}")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
GENERIC_NAME = "[name]"


def fold(text: str) -> str:
    """Lower-case ASCII: diacritics, case and script differences do not hide a name."""
    return anyascii(unicodedata.normalize("NFC", text)).casefold()


def words(text: str) -> list[str]:
    return [fold(m.group()) for m in WORD.finditer(unicodedata.normalize("NFC", text or ""))]


@dataclass
class Person:
    """Someone to find. ``label`` None means: numbered on first appearance."""

    kind: str  # what the label stands for, e.g. "witness" (for the list)
    priority: int  # lower wins when two people share a name
    label: str | None = None
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # employee numbers
    parts: bool = True  # every name part of 3+ letters counts
    parts_need_capital: bool = False
    number_prefix: str | None = None  # for labels given on first appearance


@dataclass(frozen=True)
class Entry:
    person: Person
    what: str  # "name", "name part", "employee number"
    needs_capital: bool = False


@dataclass
class Redaction:
    label: str
    kind: str
    what: str
    occurrences: int


def _phone_pattern(phone: str) -> re.Pattern | None:
    """A pattern for one phone number in any of its usual spellings: +31 6 1234 5678,
    0612345678, 06-12 34 56 78 (the last nine digits, with the country or trunk prefix)."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 6:
        return None
    core = digits[-9:]
    sep = r"[\s\-.()]{0,2}"
    prefix = r"(?:(?:\+|00)\d{1,3}" + sep + r"(?:\(0\)" + sep + r")?|0" + sep + r")?"
    return re.compile(r"(?<![\d+])" + prefix + sep.join(re.escape(d) for d in core) + r"(?!\d)")


class Redactor:
    """Replaces the people it knows of by their labels, and counts what it replaced."""

    def __init__(
        self,
        people: list[Person],
        *,
        generic_email_label: str,
        generic_email_kind: str,
        generic_name_label: str = GENERIC_NAME,
        what_labels: dict[str, str] | None = None,
    ):
        self.people = sorted(people, key=lambda p: p.priority)
        self.generic_name_label = generic_name_label
        self.generic_email_label = generic_email_label
        self.generic_email_kind = generic_email_kind
        self.what_labels = what_labels or {}
        self.counts: Counter = Counter()
        self._numbered: Counter = Counter()
        self._index: dict[str, dict[tuple[str, ...], list[Entry]]] = {}
        self._emails: dict[str, Person] = {}
        self._phones: list[tuple[re.Pattern, Person]] = []
        for person in self.people:
            self._add(person)
        self._lengths = {first: sorted({len(seq) for seq in seqs}, reverse=True) for first, seqs in self._index.items()}

    # --- building the index -------------------------------------------------------
    def _put(self, seq: tuple[str, ...], entry: Entry) -> None:
        if seq:
            bucket = self._index.setdefault(seq[0], {}).setdefault(seq, [])
            if all(e.person is not entry.person for e in bucket):
                bucket.append(entry)

    def _add(self, person: Person) -> None:
        for name in person.names:
            seq = tuple(words(name))
            if not seq:
                continue
            self._put(seq, Entry(person, "name"))
            if len(seq) > 1:  # an initial with the surname: "O. Ambtenaar", "J. van der Berg"
                self._put((seq[0][0], *seq[1:]), Entry(person, "name"))
                self._put((seq[0][0], seq[-1]), Entry(person, "name"))
            # The surname with its particles ("van der Berg"), and without them when it is
            # more than one word; a one-word surname is a name part (below).
            surname = seq[1:]
            while surname:
                if len(surname) > 1 and any(w not in PARTICLES for w in surname):
                    self._put(surname, Entry(person, "name"))
                if surname[0] not in PARTICLES:
                    break
                surname = surname[1:]
            if person.parts:
                for word in seq:
                    if len(word) >= MIN_PART and word not in PARTICLES and not word.isdigit():
                        self._put((word,), Entry(person, "name part", person.parts_need_capital))
        for number in person.numbers:
            seq = tuple(words(number))
            if len("".join(seq)) >= 4 and any(ch.isdigit() for ch in "".join(seq)):
                self._put(seq, Entry(person, "employee number"))
        for email in person.emails:
            if email:
                self._emails.setdefault(fold(email.strip()), person)
        for phone in person.phones:
            pattern = _phone_pattern(phone)
            if pattern is not None:
                self._phones.append((pattern, person))

    # --- labels -------------------------------------------------------------------
    def _label(self, person: Person) -> str:
        if person.label is None:
            self._numbered[person.number_prefix] += 1
            person.label = f"[{person.number_prefix} {self._numbered[person.number_prefix]}]"
        return person.label

    def _count(self, label: str, kind: str, what: str) -> str:
        self.counts[(label, kind, what)] += 1
        return label

    def _resolve(self, entries: list[Entry], original: str) -> tuple[str, str, str] | None:
        usable = [e for e in entries if not e.needs_capital or original[:1].isupper()]
        if not usable:
            return None
        best = min(e.person.priority for e in usable)
        top = [e for e in usable if e.person.priority == best]
        labelled = {e.person.label for e in top if e.person.label is not None}
        if len(top) > 1 and (len(labelled) != 1 or any(e.person.label is None for e in top)):
            return self.generic_name_label, top[0].person.kind, top[0].what
        return self._label(top[0].person), top[0].person.kind, top[0].what

    # --- redacting ----------------------------------------------------------------
    def redact(self, text: str) -> str:
        if not text:
            return text or ""
        text = unicodedata.normalize("NFC", text)
        spans: list[tuple[int, int, str]] = []
        taken = [False] * (len(text) + 1)

        def claim(start: int, end: int, label: str) -> None:
            spans.append((start, end, label))
            for i in range(start, end):
                taken[i] = True

        for match in EMAIL.finditer(text):
            person = self._emails.get(fold(match.group()))
            if person is not None:
                label = self._count(self._label(person), person.kind, "e-mail address")
            else:
                label = self._count(self.generic_email_label, self.generic_email_kind, "e-mail address")
            claim(match.start(), match.end(), label)
        for pattern, person in self._phones:
            for match in pattern.finditer(text):
                if not any(taken[match.start() : match.end()]):
                    claim(match.start(), match.end(), self._count(self._label(person), person.kind, "phone number"))
        tokens = [m for m in WORD.finditer(text) if not taken[m.start()]]
        folded = [fold(m.group()) for m in tokens]
        i = 0
        while i < len(tokens):
            hit = self._match_at(tokens, folded, i, text)
            if hit is None:
                i += 1
                continue
            length, (label, kind, what) = hit
            claim(tokens[i].start(), tokens[i + length - 1].end(), self._count(label, kind, what))
            i += length
        if not spans:
            return text
        out, pos = [], 0
        for start, end, label in sorted(spans):
            out.append(text[pos:start])
            out.append(label)
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _match_at(self, tokens, folded, i, text):
        seqs = self._index.get(folded[i])
        if not seqs:
            return None
        for length in self._lengths[folded[i]]:
            if i + length > len(tokens):
                continue
            seq = tuple(folded[i : i + length])
            entries = seqs.get(seq)
            if not entries:
                continue
            gaps_ok = all(
                NAME_GAP.fullmatch(text[tokens[k].end() : tokens[k + 1].start()]) for k in range(i, i + length - 1)
            )
            if not gaps_ok:
                continue
            resolved = self._resolve(entries, tokens[i].group())
            if resolved is not None:
                return length, resolved
        return None

    def redactions(self) -> list[Redaction]:
        """What was replaced: label, kind, what it was and how often. Never the name."""
        rows = [
            Redaction(label=label, kind=kind, what=self.what_labels.get(what, what), occurrences=n)
            for (label, kind, what), n in self.counts.items()
        ]
        return sorted(rows, key=lambda r: (r.label, r.what))
