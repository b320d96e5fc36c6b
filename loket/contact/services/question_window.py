"""How long a question stays open to new contacts on its topic: learned from the register.

A matter goes quiet and comes back: a client writes, waits, writes again or calls. How long
such a pause can be depends on the service and its clients, which no fixed number knows. The
register shows it without a label: an e-mail that answers an earlier e-mail on file
(In-Reply-To) is the same matter for certain, so the time between the two is a pause within
one question. The window is the 95th percentile of these pauses among the newest replies on
file, kept between a floor and a ceiling; it is learned again as the register grows (nightly,
``loket contact estimate-window``), and every estimate is kept (``QuestionWindow``).

A reply's pause spans every contact in between on other channels, so it is, if anything, longer
than the pause before a question's next contact; the window errs towards joining, which the
topic, the client and differing case references still hold in check.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery

from ..models import Contact, QuestionWindow

#: The share of same-matter pauses the window covers. Not 1.0: the longest pauses are the rare
#: reply to a months-old e-mail, and a window stretched to them joins separate matters of one
#: client on one topic; the 95th percentile follows the bulk of the register, not its tail.
QUANTILE = 0.95
#: Below this many replies a percentile says more about chance than about the register.
MIN_REPLIES = 50
#: The newest replies measured: enough for a steady percentile, one bounded query.
SAMPLE = 20_000
#: The longest window, whatever the register says: eight weeks, the period in which an
#: administrative body must decide where no other is set (Awb 4:13 lid 2). A client who comes
#: back on the same topic after longer has a new matter, not a pause in the old one.
CEILING_DAYS = 56
#: A running process reads the newest estimate at most this often (seconds).
REFRESH = 60
_current: dict = {"days": None, "checked": None}


def floor_days() -> float:
    """The shortest window, and the window before the register has shown enough replies:
    ``CONTACT_QUESTION_WINDOW_DAYS`` (default 14, two weeks: the longest default service norm,
    a letter's 10 working days, ``norms.DEFAULT_DAYS``). A client who comes back on the same
    topic while still owed an answer is asking after the same matter, however quickly the
    register's clients reply to each other."""
    return float(getattr(settings, "CONTACT_QUESTION_WINDOW_DAYS", 14))


@dataclass
class Learned:
    days: float
    replies: int
    quantile_days: float | None  # None: too few replies to say


def learn(gaps: Iterable[float]) -> Learned:
    """The window for these pauses (in days) between replies and the e-mails they answer."""
    gaps = sorted(g for g in gaps if g > 0)  # a reply stored before what it answers says nothing
    if len(gaps) < MIN_REPLIES:
        return Learned(floor_days(), len(gaps), None)
    quantile = statistics.quantiles(gaps, n=100, method="inclusive")[round(QUANTILE * 100) - 1]
    # whole days: a contact at the same hour of the last day still falls inside
    days = min(max(float(math.ceil(quantile)), floor_days()), float(CEILING_DAYS))
    return Learned(days, len(gaps), quantile)


def gaps_between(replies: Iterable[tuple[datetime, datetime]]) -> list[float]:
    return [(at - answered).total_seconds() / 86400 for at, answered in replies]


def gaps_on_file(limit: int = SAMPLE) -> list[float]:
    """The pauses, in days, before the newest ``limit`` replies whose e-mail is on file."""
    answered = Contact.objects.filter(message_id=OuterRef("in_reply_to")).order_by("received_at")
    rows = (
        Contact.objects.exclude(in_reply_to="")
        .annotate(answered_at=Subquery(answered.values("received_at")[:1]))
        .exclude(answered_at=None)
        .order_by("-received_at")
        .values_list("received_at", "answered_at")[:limit]
    )
    return gaps_between(rows)


def estimate_window(*, gaps: Iterable[float] | None = None) -> QuestionWindow | None:
    """Learn the window from ``gaps`` (default: the register) and store it; None, and the
    window in use stays, with fewer than ``MIN_REPLIES`` replies."""
    learned = learn(gaps_on_file() if gaps is None else gaps)
    if learned.quantile_days is None:
        return None
    row = QuestionWindow.objects.create(replies=learned.replies, quantile_days=learned.quantile_days, days=learned.days)
    forget_current()
    return row


def current_window() -> timedelta:
    """The newest estimate (within today's floor and the ceiling), else the floor."""
    now = time.monotonic()
    if _current["checked"] is None or now - _current["checked"] > REFRESH:
        _current["days"] = QuestionWindow.objects.order_by("-id").values_list("days", flat=True).first()
        _current["checked"] = now
    days = _current["days"]
    return timedelta(days=floor_days() if days is None else min(max(days, floor_days()), CEILING_DAYS))


def forget_current() -> None:
    _current.update(days=None, checked=None)
