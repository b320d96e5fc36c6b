"""Staff at work on another database connection while the code under test runs (PostgreSQL)."""

import threading

from django.db import connection, connections, transaction


class Elsewhere:
    """``work`` in a transaction of its own on another connection (a thread), started now and
    not waited for: it may wait for a lock the code under test holds, as staff would."""

    def __init__(self, work, *, lock_timeout: str = "20s"):
        self.failures, self.results, self.done = [], [], threading.Event()

        def run():
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('lock_timeout', %s, false)", [lock_timeout])
                with transaction.atomic():
                    self.results.append(work())
            except Exception as exc:  # reported by the test
                self.failures.append(exc)
            finally:
                self.done.set()
                connections.close_all()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def wait(self, seconds: float = 3.0) -> bool:
        """True when the work ended (committed or failed) within ``seconds``."""
        return self.done.wait(seconds)

    def join(self, seconds: float = 30.0) -> "Elsewhere":
        self.thread.join(seconds)
        assert not self.thread.is_alive(), "the work on the other connection still hangs"
        return self
