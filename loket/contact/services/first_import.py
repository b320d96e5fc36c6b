"""A first import learns from its own file what the register would have taught it.

Until the register has an estimate of the linkage weights (``loket clients
estimate-weights``, nightly), matching uses prior weights made by hand; until it has one of
the question window (``loket contact estimate-window``), a question stays open for the
floor of 14 days. A first import into an empty register would run on both: on an
independently made file of 7,634 contacts of 2,500 people, 23 % went to an agent and
recall was 0.59 (bench/RESULTS.md, issue 16). So before its first line is stored, such an
import reads the file's first ``SAMPLE`` lines, learns the weights from those contacts among
themselves (``clientlink.learn_weights``) and the window from the pauses between its
e-mails and the replies to them (``question_window.learn``), then reads the file again from
the start. Each is learned only where the register has no estimate of its own yet.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from loket.core import safejson

from .. import clientlink
from ..models import QuestionWindow
from .question_window import estimate_window, gaps_between
from .reading import Overlong, bounded_lines

#: Lines read to learn from: enough to see most names and details of the people who write
#: more than once, few enough that learning costs seconds, not minutes.
SAMPLE = 10_000
#: What is kept of a line to learn from: text fields of up to ``MAX_FIELD`` characters (a
#: longer one is no name, date or message id, and a field that is not text no identity: the
#: line's own check refuses both).
_KEPT = (*clientlink.IDENTITY_FIELDS, "received_at", "message_id", "in_reply_to")
MAX_FIELD = 1000


@dataclass
class LearnedFromFile:
    contacts: int = 0  # contacts the weights were learned from (0: not learned)
    seconds: float = 0.0
    window_days: float | None = None  # the question window learned from the file's replies
    replies: int = 0


def learn_if_first(stream, *, progress=None) -> LearnedFromFile:
    """Learn what the register has no estimate of yet from the first lines of ``stream``,
    when it can be read again from where it stands (a file); else do nothing."""
    weights, window = not clientlink.weights_learned(), not QuestionWindow.objects.exists()
    if not (weights or window) or not _rewindable(stream):
        return LearnedFromFile()
    started, start = time.perf_counter(), stream.tell()
    raws = _read(stream)
    stream.seek(start)
    learned = LearnedFromFile()
    if weights:
        learned.contacts = clientlink.learn_weights(raws, progress=progress)
    if window and (estimate := estimate_window(gaps=_reply_gaps(raws))) is not None:
        learned.window_days, learned.replies = estimate.days, estimate.replies
    learned.seconds = time.perf_counter() - started
    return learned


def _read(stream) -> list[dict]:
    """Of each line, only the short text fields learning reads: a line may be megabytes
    (a long e-mail), ten thousand of them must not be held at once."""
    raws = []
    for text in islice(bounded_lines(stream), SAMPLE):
        if isinstance(text, Overlong) or not text.strip():
            continue
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            raw = safejson.loads(text.removeprefix("\ufeff"))
        except ValueError:  # not UTF-8, not JSON, too deep: the import reports the line
            continue
        if isinstance(raw, dict):
            raws.append({f: v for f in _KEPT if isinstance(v := raw.get(f), str) and len(v) <= MAX_FIELD})
    return raws


def _reply_gaps(raws) -> list[float]:
    """The pauses, in days, between the sample's e-mails and the replies to them."""
    sent, replies = {}, []
    for raw in raws:
        if (at := _moment(raw.get("received_at", ""))) is None:
            continue
        if raw.get("message_id"):
            sent.setdefault(raw["message_id"], at)
        if raw.get("in_reply_to"):
            replies.append((at, raw["in_reply_to"]))
    return gaps_between((at, sent[answers]) for at, answers in replies if answers in sent)


def _moment(text: str) -> datetime | None:
    """An aware moment, or None for anything else (the line's check says why)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _rewindable(stream) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError, OSError):
        return False
