"""Sending a text message (SMS) to a client: a small backend interface, like Django's e-mail
backends, chosen by ``PORTAL_SMS_BACKEND``. The default writes to the log (the embedded
setup has no SMS gateway); tests use ``MemoryBackend``; production plugs in its gateway."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)
outbox: list[tuple[str, str]] = []  # what MemoryBackend sent: (number, text)


class LogBackend:
    def send(self, number: str, text: str) -> None:
        log.info("SMS to %s: %s", number, text)


class MemoryBackend:
    def send(self, number: str, text: str) -> None:
        outbox.append((number, text))


def send(number: str, text: str) -> None:
    backend = import_string(getattr(settings, "PORTAL_SMS_BACKEND", "loket.portal.sms.LogBackend"))
    backend().send(number, text)
