"""Reading RFC 5322 messages into what intake needs: who wrote, the thread, the text,
the attachments, and any V-number or case reference written in it.

Parsing uses the standard library (``email`` with ``policy.default``). A message is
refused as malformed when it has no usable sender, since then nobody can be answered;
everything else a real mail client sends (no Date, no Message-ID, HTML only, odd
charsets) is read as well as it can be.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from django.utils.translation import gettext as _

from ..core.filenames import safe_filename

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
#: The most header bytes a message may carry. The standard library reads a header in time
#: that grows faster than its length (a Subject of 1 MB: 30 s), so the listener could be
#: held up by one message; no mail client writes more than a few kilobytes of headers.
MAX_HEADER_BYTES = 256 * 1024
_MSGID = re.compile(r"<[^<>\s]+>")
_V_NUMBER = re.compile(
    r"(?i)\b(?:v[\s.-]?(?:nummer|number|nr|no)\.?|vreemdelingennummer|رقم\s*v)[\s:#.=]*"
    r"(?:(?:is|was)[\s:]*)?(\d(?:[\s.-]?\d){9})\b"
)
# Possessive spaces (``\s*+``): with two greedy runs around the optional colon, "zaak"
# followed by 40,000 spaces took 28 s (each split of the spaces tried in turn).
_CASE_REF = re.compile(
    r"(?i)\b(?:zaak(?:nummer)?|case(?:\s*(?:number|no|ref))?|dossier(?:nummer)?|kenmerk|"
    r"referen(?:ce|tie))\s*+[:#.]?\s*+([A-Z]{1,5}-?\d[\dA-Z-]{3,30})\b"
)


class MalformedMail(ValueError):
    """The bytes are not a message Loket can take in; the text says why."""


@dataclass
class Part:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    in_reply_to: str
    references: list[str]
    from_name: str
    from_address: str
    subject: str
    body: str
    sent_at: datetime | None
    attachments: list[Part] = field(default_factory=list)
    v_number_hint: str = ""
    case_ref_hint: str = ""


def _ids(value: str | None) -> list[str]:
    return _MSGID.findall(str(value or ""))


# Each pattern below is linear on any text: a tag cannot run past the next "<", and a
# script or style is cut by searching forward for its end once. (``<[^>]+>`` and
# ``<script.*?</script>`` go back over the rest of the text at each "<": a body of 40,000
# "<" took 3 s, 1 MB would take half an hour.)
_TAG = re.compile(r"<[^<>]*>")
_BREAK = re.compile(r"(?i)<br\s*/?>|</p>|</div>")
_HIDDEN = re.compile(r"(?i)<(script|style)\b")
_HIDDEN_END = {"script": re.compile(r"(?i)</script\s*>"), "style": re.compile(r"(?i)</style\s*>")}


def _without_hidden(markup: str) -> str:
    """The markup without its scripts and styles (an unclosed one hides the rest)."""
    kept, pos = [], 0
    while (start := _HIDDEN.search(markup, pos)) is not None:
        kept.append(markup[pos : start.start()])
        end = _HIDDEN_END[start.group(1).lower()].search(markup, start.end())
        if end is None:
            return " ".join(kept)
        kept.append(" ")
        pos = end.end()
    kept.append(markup[pos:])
    return "".join(kept)


def _html_to_text(markup: str) -> str:
    markup = _BREAK.sub("\n", _without_hidden(markup))
    return html.unescape(_TAG.sub("", markup)).strip()


def _text_of(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return _html_to_text(text) if part.get_content_type() == "text/html" else text.strip()


def _attachments(msg: EmailMessage) -> list[Part]:
    body = msg.get_body(preferencelist=("plain", "html"))
    parts = []
    for part in msg.walk():
        if part.is_multipart() or part is body:
            continue
        filename = part.get_filename()
        if part.get_content_disposition() != "attachment" and not filename:
            continue
        data = part.get_payload(decode=True) or b""
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise MalformedMail(
                _("The attachment %(name)s is larger than %(mb)d MB.")
                % {"name": filename or "?", "mb": MAX_ATTACHMENT_BYTES // 2**20}
            )
        parts.append(Part(name=safe_filename(filename), content_type=part.get_content_type(), data=data))
    return parts


def hints(text: str) -> tuple[str, str]:
    """A V-number and a case reference written in the text, as written ('' when none)."""
    v_match, case_match = _V_NUMBER.search(text or ""), _CASE_REF.search(text or "")
    return (v_match.group(1) if v_match else "", case_match.group(1).upper() if case_match else "")


def _header_bytes(raw: bytes) -> int:
    """The length of the header section: up to the first empty line (all of it without one)."""
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    return min(ends) if ends else len(raw)


def parse_message(raw: bytes) -> ParsedMail:
    """Parse one message; raise :class:`MalformedMail` when nobody could be answered."""
    if not raw or not raw.strip():
        raise MalformedMail(_("The message is empty."))
    if _header_bytes(raw) > MAX_HEADER_BYTES:
        raise MalformedMail(_("The message's headers are larger than %(kb)d KB.") % {"kb": MAX_HEADER_BYTES // 1024})
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    if not any(True for _k in msg):
        raise MalformedMail(_("The message has no headers."))
    try:
        from_header = msg.get("From")
        senders = getaddresses([str(from_header)]) if from_header is not None else []
    except (IndexError, ValueError, TypeError):
        senders = []
    senders = [(n, a) for n, a in senders if a and "@" in a and " " not in a.strip()]
    if not senders:
        raise MalformedMail(_("The message has no valid sender (From) address."))
    from_name, from_address = senders[0]
    try:
        sent_at = parsedate_to_datetime(str(msg["Date"])) if msg["Date"] is not None else None
    except (TypeError, ValueError, IndexError):
        sent_at = None
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)  # RFC 5322 "-0000": UTC, origin unknown
    message_ids = _ids(msg.get("Message-ID"))
    # No Message-ID: name the message by its bytes, so taking it in twice adds nothing.
    message_id = message_ids[0] if message_ids else f"<{hashlib.sha256(raw).hexdigest()[:40]}@loket.invalid>"
    try:
        subject = str(msg.get("Subject") or "").strip()
    except (ValueError, TypeError):
        subject = ""
    try:
        body = _text_of(msg)
        attachments = _attachments(msg)
    except MalformedMail:
        raise
    except (KeyError, ValueError, TypeError, LookupError) as exc:
        raise MalformedMail(_("The message body cannot be read: %(error)s") % {"error": exc}) from exc
    in_reply_to = _ids(msg.get("In-Reply-To"))
    v_hint, case_hint = hints(f"{subject}\n{body}")
    return ParsedMail(
        message_id=message_id[:300],
        in_reply_to=(in_reply_to[0] if in_reply_to else "")[:300],
        references=_ids(msg.get("References")),
        from_name=str(from_name).strip()[:200],
        from_address=from_address.strip()[:254],
        subject=subject[:300],
        body=body,
        sent_at=sent_at,
        attachments=attachments,
        v_number_hint=v_hint,
        case_ref_hint=case_hint,
    )
