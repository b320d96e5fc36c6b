"""Wrong receipts, counted per client in memory and for everyone in the database.

The README promises that nothing identifying a reporter's device is stored or logged, and
one person guessing must not lock every reporter out. So:

* Per client: the privacy middleware hands over only ``request.reporter_client``, a keyed
  hash of the address under a random key that lives in this process's memory and is
  replaced every window. Failures are counted here, in a dict of this process, under
  that tag, and the dict is dropped when the window ends. Nothing reaches the database,
  a log or a cache shared with anything; after the window even this process cannot link
  a tag to an address or to the next window's tag. A client gets
  ``WHISTLE_RECEIPT_FAILURES_PER_CLIENT`` wrong tries per window (per process: with N
  web processes a guesser gets at most N times that).
* For everyone: ``ReceiptFailureWindow`` counts failures per window across all nodes
  (a number, nothing else). Past ``WHISTLE_RECEIPT_FAILURES_PER_WINDOW``, far above one
  client's rate, only clients that already failed in the window are stopped; a client
  with a clean window still gets its try, so a right receipt opens while others guess,
  and a botnet gets one try per address per window beyond the ceiling.

Every try costs an argon2id run (``crypto.RECEIPT_MEMORY_KIB``) and a receipt is one of
10^16, so the limits guard the server's CPU more than the receipts. Proof of work was
weighed and left out: it needs script in the reporter's browser (the pages work without),
and it costs a reporter on an old phone more than a guesser with a server. Clients behind
one address (an office's NAT) share a bucket; the ceiling does not touch their first try.
"""

from __future__ import annotations

import threading

MAX_CLIENTS = 100_000  # tags kept per window; past it a new client falls back to the ceiling alone

_lock = threading.Lock()
_window: object = None
_failures: dict[str, int] = {}


def _roll(window) -> None:
    global _window, _failures
    if window != _window:
        _window, _failures = window, {}


def failures(client: str | None, window) -> int | None:
    """Wrong tries of ``client`` in ``window``; ``None`` when the client is unknown."""
    if not client:
        return None
    with _lock:
        _roll(window)
        return _failures.get(client, 0)


def count(client: str | None, window) -> None:
    if not client:
        return
    with _lock:
        _roll(window)
        if client in _failures or len(_failures) < MAX_CLIENTS:
            _failures[client] = _failures.get(client, 0) + 1


def forget() -> None:
    """Drop every count (tests, and a window's end)."""
    with _lock:
        _roll(object())
