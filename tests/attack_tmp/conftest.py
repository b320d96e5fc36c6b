"""Helpers for the concurrency attacks: staff work on another connection, in a thread,
started while the import's batch is open (not joined at once: staff may wait on a lock the
batch holds, as they would in real life)."""

import threading

from django.db import connection, connections, transaction


class Elsewhere:
    def __init__(self, work, *, lock_timeout="20s"):
        self.failures, self.results, self.done = [], [], threading.Event()

        def run():
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET lock_timeout = '{lock_timeout}'")
                with transaction.atomic():
                    self.results.append(work())
            except Exception as exc:  # reported by the test
                self.failures.append(exc)
            finally:
                self.done.set()
                connections.close_all()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def wait(self, seconds=3.0) -> bool:
        """True when the work ended (committed or failed) within ``seconds``."""
        return self.done.wait(seconds)

    def join(self, seconds=30.0):
        self.thread.join(seconds)
        assert not self.thread.is_alive(), "staff work still hanging"
        return self
