"""E-mail in: a message from a .eml file, an mbox file or the SMTP/LMTP listener becomes
an e-mail contact, threaded by its Message-ID, In-Reply-To and References, with its
attachments. The same message twice adds nothing (its ref is its Message-ID).
"""

from __future__ import annotations

import mailbox
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import clientlink
from ..choices import Channel
from ..inputs import EARLIEST, MAX_WRITTEN, ContactInput, describe, storable, within_limit
from ..mail import MalformedMail, parse_message
from .intake import Received, Upload, mail_ref, receive_contact

ACTOR = "mail"


def _optional(parse, value: str) -> str:
    """A hint read from free text: kept when it parses, dropped when it does not."""
    if not value:
        return ""
    try:
        return parse(value)
    except ValueError:
        return ""


def mail_to_input(raw: bytes, *, received_at: datetime | None = None) -> tuple[ContactInput, list[Upload]]:
    """Parse and check one message; raise MalformedMail saying why it cannot be taken in."""
    mail = parse_message(raw)
    # A sender's address that is doubtful (valid under RFC 6531 only, or odd) does not
    # refuse the message: it is kept as written and marked, as on every other channel.
    written = storable(mail.from_address)
    sender = clientlink.read_email(written)
    email = sender.value
    # an address that held NUL or a broken character could not be read as it was sent
    reason = clientlink.UNREADABLE if written != mail.from_address else sender.doubt
    doubts = {"email": {"written": sender.value, "reason": reason}} if reason else {}
    # NUL (which PostgreSQL refuses) or a broken character in a header or the text: replaced
    # and marked, as on every other channel; the message is kept.
    texts = {"name": mail.from_name, "subject": mail.subject, "body": mail.body}
    for name, text in texts.items():
        if (kept := storable(text)) != text:
            texts[name] = kept
            doubts[name] = {"written": kept[:MAX_WRITTEN], "reason": clientlink.UNREADABLE}
    texts["body"] = within_limit("body", texts["body"], doubts)  # as on every other channel
    now = timezone.now()
    if received_at is None:  # the Date the sender wrote, unless it cannot be true
        plausible = mail.sent_at is not None and EARLIEST <= mail.sent_at <= now
        received_at = mail.sent_at if plausible else now
    message_id = storable(mail.message_id)
    data = ContactInput(
        channel=Channel.EMAIL,
        received_at=received_at,
        ref=mail_ref(message_id),
        name="" if "name" in doubts else texts["name"],
        email=email,
        v_number=_optional(clientlink.parse_v_number, mail.v_number_hint),
        case_ref=_optional(clientlink.parse_case_ref, mail.case_ref_hint),
        subject=texts["subject"],
        body=texts["body"],
        message_id=message_id,
        in_reply_to=storable(mail.in_reply_to),
        references=[storable(r) for r in mail.references[-50:]],
        doubts=doubts,
    )
    uploads = [Upload(p.name, p.content_type, p.data) for p in mail.attachments if p.data]
    return data, uploads


def ingest_message(raw: bytes, *, actor=ACTOR, received_at: datetime | None = None) -> Received:
    data, uploads = mail_to_input(raw, received_at=received_at)
    return receive_contact(data=data, actor=actor, uploads=uploads)


@dataclass
class MailboxReport:
    stored: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def ingest_files(paths, *, actor=ACTOR, mbox: bool = False, progress=None) -> MailboxReport:
    """Take in .eml files, or every message of mbox files; report each bad message by
    its number (1-based, across the files) and go on with the rest."""
    report, number = MailboxReport(), 0
    for path in paths:
        messages = mailbox.mbox(str(path), create=False) if mbox else None
        items = ((k, messages.get_bytes(k)) for k in messages.iterkeys()) if mbox else [(0, Path(path).read_bytes())]
        for _key, raw in items:
            number += 1
            try:
                result = ingest_message(raw, actor=actor)
            except MalformedMail as exc:
                report.errors.append((number, str(exc)))
                continue
            except ValidationError as exc:
                report.errors.append((number, describe(exc)))
                continue
            if result.created:
                report.stored += 1
            else:
                report.duplicates += 1
            if progress:
                progress(number)
    return report


def refusal(exc: Exception) -> str:
    """The SMTP reply for a message we cannot take in (permanent: resending will not help)."""
    text = describe(exc) if isinstance(exc, ValidationError) else str(exc)
    return "550 5.6.0 " + (_("Message refused: %(reason)s") % {"reason": text}).replace("\r", " ").replace("\n", " ")
