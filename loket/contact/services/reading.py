"""Reading an import file into checked contacts: the part of an import that needs no database.

``prepare`` turns numbered lines into checked contacts, or the reason a line is bad, and
reads each contact's topic and language from its text. It touches no database, so a large
import runs it in a second process (``Reader(workers=1)``), some lines ahead of the
linking and storing, which stay in one process and in the order of the file.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.core import safejson

from .. import clientlink
from ..inputs import ContactInput, clean_contact_with_identity, describe
from .intake import text_language, topic_for

#: Lines a worker may read ahead of the process that stores them, by default. Counted in
#: lines, not batches: while an import's batches grow (500, 1,000, 2,000 ...), two batches
#: ahead was too little, and the storing process waited some 5 s of 110 for the reading one
#: (bench/RESULTS.md, issue 16). The import asks for two of its largest batches.
READ_AHEAD = 40_000
#: The longest line an import reads, in bytes. A contact's longest text is cut at
#: ``inputs.MAX_BODY`` characters (at most 6 bytes each, as a JSON escape), so no line that
#: could be stored whole comes near it. A longer line is refused unread: reading it whole
#: took some 7 bytes of memory per byte (a 50 MB line: 370 MB; a file with no line end, all of it).
MAX_LINE = 8 * 2**20
_BOM = "\ufeff"  # a UTF-8 byte order mark, as Windows tools write at the start of a file


@dataclass(frozen=True)
class Overlong:
    """In place of a line longer than ``MAX_LINE``: its bytes are skipped, not kept."""

    limit: int

    def strip(self):
        return self  # not empty: the line is reported, not passed over


def bounded_lines(stream, limit: int | None = None):
    """The lines of ``stream``; from a file, each read in at most ``limit`` bytes (default
    ``MAX_LINE``), a longer one given as ``Overlong`` (other streams, such as a list, as they are)."""
    limit = MAX_LINE if limit is None else limit
    readline = getattr(stream, "readline", None)
    if readline is None:
        yield from stream
        return
    while line := readline(limit + 1):
        end = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) <= limit or line.endswith(end):
            yield from _at_bare_returns(line)
            continue
        while (rest := readline(limit)) and not rest.endswith(end):
            pass  # the rest of the line, dropped piece by piece
        yield Overlong(limit)


def _at_bare_returns(line):
    """A line split where a carriage return stands alone, as old Mac tools end lines: JSON
    cannot hold a raw one inside a line, so each ends a line."""
    cr, crlf = (b"\r", b"\r\n") if isinstance(line, bytes) else ("\r", "\r\n")
    body = line.rstrip(crlf)
    return body.split(cr) if cr in body else [line]


@dataclass
class Prepared:
    """One non-empty line: a checked contact, or why the line is bad."""

    number: int
    data: ContactInput | None = None
    error: str = ""
    topic: str = ""
    detected: bool = False  # the topic was read from the text
    language: str = ""  # the language the text is written in, as far as it tells
    identity: object = None  # the sender's identity as matching reads it (clientlink.parsed_identity)


def _read(number: int, text: str | bytes | Overlong, now: datetime) -> Prepared:
    if isinstance(text, Overlong):
        return Prepared(number, error=_("longer than %(limit)s: not read") % {"limit": filesizeformat(text.limit)})
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Prepared(number, error=_("not UTF-8 (byte %(byte)d)") % {"byte": exc.start + 1})
    if number == 1 and text.startswith(_BOM):  # not part of the first contact
        text = text[1:]
    try:
        raw = safejson.loads(text)
    except safejson.TooDeepError as exc:
        return Prepared(number, error=str(exc))
    except json.JSONDecodeError as exc:
        return Prepared(
            number, error=_("not valid JSON (%(detail)s, column %(column)d)") % {"detail": exc.msg, "column": exc.colno}
        )
    except ValueError as exc:  # a number of more than 4,300 digits, which Python will not read
        return Prepared(number, error=_("not valid JSON (%(detail)s)") % {"detail": str(exc)[:100]})
    try:
        data, checked = clean_contact_with_identity(raw, now=now)
    except ValidationError as exc:
        return Prepared(number, error=describe(exc))
    topic, detected = topic_for(data)
    language = "" if data.language else text_language(data)
    return Prepared(
        number,
        data,
        topic=topic,
        detected=detected,
        language=language,
        identity=clientlink.parsed_identity(data, checked),
    )


def prepare(lines: list[tuple[int, str | bytes]], language: str | None, now: datetime) -> list[Prepared]:
    """Check numbered lines; messages in ``language``, "the future" measured from ``now``."""
    with translation.override(language):
        return [_read(number, text, now) for number, text in lines]


class Reader:
    """Batches of numbered lines in, batches of ``Prepared`` out, in order; with a worker,
    up to ``ahead`` lines (and one batch more) are read before they are asked for."""

    def __init__(self, *, workers: int = 0, ahead: int = READ_AHEAD):
        self.workers, self.ahead = workers, ahead

    def batches(self, chunks: Iterable[list[tuple[int, str | bytes]]]) -> Iterator[list[Prepared]]:
        language, now = translation.get_language(), timezone.now()
        if not self.workers:
            for chunk in chunks:
                yield prepare(chunk, language, now)
            return
        # fork: the worker starts with Django set up; it never touches the database connection
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            waiting, lines = deque(), 0
            for chunk in chunks:
                waiting.append((len(chunk), pool.apply_async(prepare, (chunk, language, now))))
                lines += len(chunk)
                while lines > self.ahead:
                    size, result = waiting.popleft()
                    lines -= size
                    yield result.get()
            while waiting:
                yield waiting.popleft()[1].get()
