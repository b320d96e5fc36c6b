"""An e-mail backend for bench/faults.py: each message becomes one line (subject and
recipients, as JSON) appended and fsynced to the file in LOKET_BENCH_MAIL_LOG, so that
the benchmark can count how often a task's mail went out, across kill -9 of the worker."""

from __future__ import annotations

import json
import os

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["LOKET_BENCH_MAIL_LOG"]
        with open(path, "a", encoding="utf-8") as log:
            log.writelines(
                json.dumps({"subject": str(message.subject), "to": list(message.to)}) + "\n"
                for message in email_messages
            )
            log.flush()
            os.fsync(log.fileno())
        return len(email_messages)
