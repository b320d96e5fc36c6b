"""JSON from outside, with its nesting bounded before it is parsed.

Python's decoder recurses once per ``[`` or ``{``, so a body of 100,000 brackets ends in a
RecursionError (a 500) instead of a clear refusal. ``loads`` measures the nesting first,
without recursion, and refuses anything deeper than ``MAX_DEPTH`` with a ``ValueError``
like any other bad JSON. Every place that parses JSON it did not write uses it: the API's
parser (``BoundedJSONParser``, the default of every DRF view) and the line importers.

The parser also bounds the size, reading at most ``API_JSON_MAX_BYTES`` + 1 bytes of the
stream it is given, whatever the Content-Length says. (The body reaches it already read when
DRF reads ``request.body`` first: ``loket.core.request_size`` refuses a large one before that.)
"""

from __future__ import annotations

import json
import re
from itertools import accumulate

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No message Loket reads comes near this; it leaves the decoder far from Python's limit.
MAX_DEPTH = 64

# A JSON string, escapes included (the unrolled form: linear, no backtracking).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# Every byte but the four brackets (UTF-8 continuation bytes are never brackets): deleted in C.
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
# An opening bracket becomes the signed byte +1, a closing one -1: their running sum is the depth.
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_SAME = bytes.maketrans(b"{}", b"[]")


class TooDeepError(ValueError):
    """The JSON nests deeper than ``MAX_DEPTH``; a ValueError so callers treat it as bad JSON."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(_("JSON nested more than %(limit)d levels deep") % {"limit": limit})


class TooLargeError(ValueError):
    """The body is larger than the limit; refused after reading at most ``limit`` + 1 bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(_("The request body is larger than %(limit)s.") % {"limit": filesizeformat(limit)})


def read_bounded(stream, limit: int, chunk: int = 64 * 1024) -> bytes:
    """At most ``limit`` bytes of ``stream``; ``TooLargeError`` as soon as byte ``limit`` + 1 arrives."""
    parts, size = [], 0
    while size <= limit:
        part = stream.read(min(chunk, limit + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > limit:
        raise TooLargeError(limit)
    return b"".join(parts)


def _brackets(text: str) -> bytes:
    """The brackets of ``text`` outside its strings, in order."""
    return _STRING.sub("", text).encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKET)


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text`` (brackets inside strings do not count)."""
    if "[" not in text and "{" not in text:
        return 0
    brackets = _brackets(text)
    if not brackets:
        return 0
    return max(0, max(accumulate(memoryview(brackets.translate(_STEPS)).cast("b"))))


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    # Fewer opening brackets than the limit cannot nest deeper than it: the common case is one count.
    if text.count("[") + text.count("{") <= limit:
        return
    # Each pass of bytes.replace (C speed) removes the innermost pairs: balanced brackets no
    # deeper than the limit are gone within `limit` passes, however long the text.
    brackets = _brackets(text).translate(_SAME)
    for _pass in range(limit):
        shorter = brackets.replace(b"[]", b"")
        if not shorter:
            return
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    # Too deep or unbalanced: a run of more openers than the limit settles it at once, else measure.
    if b"[" * (limit + 1) in brackets or nesting_depth(text) > limit:
        raise TooDeepError(limit)


def loads(text: str | bytes, limit: int = MAX_DEPTH):
    """``json.loads`` that refuses nesting deeper than ``limit`` with a ``TooDeepError``."""
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    check_depth(text, limit)
    return json.loads(text)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with the size and the nesting bounded: too large or too deep is a 400
    with the reason (``detail``, as for any body that cannot be read), never a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        limit = settings.API_JSON_MAX_BYTES
        try:
            request = parser_context.get("request")
            declared = request.META.get("CONTENT_LENGTH") if request is not None else None
            if declared and declared.isdigit() and int(declared) > limit:
                raise TooLargeError(limit)  # said up front: refused without reading a byte
            text = read_bounded(stream, limit).decode(encoding) if stream is not None else ""
            check_depth(text)
            return json.loads(text, parse_constant=self._refuse_constant) if self.strict else json.loads(text)
        except (TooDeepError, TooLargeError) as exc:
            raise ParseError(str(exc)) from None
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise ParseError(_("JSON parse error - %(detail)s") % {"detail": exc}) from None

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not valid JSON")
