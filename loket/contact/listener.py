"""The SMTP/LMTP listener for live mail (aiosmtpd): each message it accepts is stored as
an e-mail contact before the sender is told 250; a malformed one is refused with 550 and
nothing is stored. In production it sits behind the mail relay (DESIGN.md).
"""

from __future__ import annotations

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from .mail import MalformedMail

log = logging.getLogger(__name__)


def _store(raw: bytes) -> str:
    from .services.mail_in import ingest_message, refusal

    close_old_connections()
    try:
        result = ingest_message(raw)
    except (MalformedMail, ValidationError) as exc:
        return refusal(exc)
    finally:
        close_old_connections()
    log.info("mail stored as contact %s (new: %s)", result.contact.ref, result.created)
    return "250 2.0.0 OK"


class MailHandler:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        try:
            return await sync_to_async(_store, thread_sensitive=False)(raw)
        except Exception:  # tell the relay to retry; the message is not lost
            log.exception("could not store a message")
            return "451 4.3.0 Temporary failure: please try again later"


class LMTPController(Controller):
    def factory(self):
        return LMTP(self.handler, **self.SMTP_kwargs)


def controller(*, host: str = "127.0.0.1", port: int = 8025, lmtp: bool = False) -> Controller:
    cls = LMTPController if lmtp else Controller
    return cls(MailHandler(), hostname=host, port=port)
