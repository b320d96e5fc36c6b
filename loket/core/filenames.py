"""A file name that came from outside, made safe to show and to send back in a header.

Names arrive from e-mail (``filename*=utf-8''evil%0D%0AX.txt``) and uploads, and go out in
``Content-Disposition``; a CR or LF there made Django refuse the header (a 500), and a
right-to-left override can make ``txt.exe`` look like ``exe.txt``. The name stays
recognisable for the agent: each such character becomes U+FFFD, the usual mark of a
character that cannot be shown.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"
# Bidirectional overrides and isolates: they reorder how the rest of the name is shown.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
MAX_LENGTH = 255


def safe_filename(name: str | None, default: str = "attachment") -> str:
    """``name`` without control characters, path or bidi tricks; ``default`` when nothing is left."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(REPLACEMENT if unicodedata.category(c) == "Cc" else c for c in name)
    name = _BIDI.sub(REPLACEMENT, name).strip()
    return name[:MAX_LENGTH] or default
