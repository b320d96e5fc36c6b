"""Which languages the waiting-room screen speaks.

The called numbers and desks need no language, but the words around them do, and the
clients in the hall read many. The screen shows the page's language (Dutch by default)
and the language of the client just called, then those of the clients now waiting there
(checked in, not yet called), the most common first; two at a time beside the first, taking turns every ``ROTATE_SECONDS`` when
more are waiting (the screen reloads itself every five seconds). Nobody waiting in another
language: English beside it.
"""

from __future__ import annotations

from datetime import datetime

from ..core.languages import CLIENT_LANGUAGES

ROTATE_SECONDS = 10
AT_ONCE = 2  # languages beside the first


def languages(*, first: str, waiting: list[str], now: datetime) -> list[str]:
    """``first``, then up to ``AT_ONCE`` of ``waiting`` (most common first), in turns."""
    others = [code for code in dict.fromkeys(waiting) if code != first and code in CLIENT_LANGUAGES]
    if not others:
        others = ["en"] if first != "en" else ["nl"]
    if len(others) > AT_ONCE:
        start = (int(now.timestamp()) // ROTATE_SECONDS * AT_ONCE) % len(others)
        others = [others[(start + i) % len(others)] for i in range(AT_ONCE)]
    return [first, *others]
