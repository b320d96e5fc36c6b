"""What the keyed audit chain costs a write (issue 12, item 5).

    python bench/audit_write.py [--entries 3000]

Appends entries with :func:`loket.core.audit.record` to a fresh SQLite database (its own
folder under a temporary directory, ``migrate`` first), once with the keyed HMAC-SHA256
chain and once with the old unkeyed SHA-256 as the baseline, alternating three rounds;
then times ``loket audit verify``'s walk and one checkpoint. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["LOKET_VAR_DIR"] = str(folder)
    os.environ["LOKET_DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _round(n: int, keyed: bool) -> float:
    from loket.core import audit

    real = audit.digest
    if not keyed:
        audit.digest = lambda key, *, key_id, **fields: audit.legacy_digest(**fields)
    try:
        start = time.perf_counter()
        for i in range(n):
            audit.record(
                actor="agent",
                action="contact.contact.received",
                object_type="contact.contact",
                object_id=i,
                data={"channel": "web", "question": i},
            )
        return (time.perf_counter() - start) / n * 1e6
    finally:
        audit.digest = real


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(Path(folder))
        from loket.core import audit, audit_checkpoints

        keyed, unkeyed = [], []
        for _ in range(3):
            unkeyed.append(_round(args.entries, keyed=False))
            keyed.append(_round(args.entries, keyed=True))
        # The baseline's entries are not keyed: verify only the timing of a keyed log.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry")
            cursor.execute("DELETE FROM core_audithead")
        _round(args.entries, keyed=True)
        start = time.perf_counter()
        findings = audit.check()
        verify_s = time.perf_counter() - start
        start = time.perf_counter()
        audit_checkpoints.write(mail=False)
        checkpoint_s = time.perf_counter() - start
    result = {
        "entries_per_round": args.entries,
        "record_us_keyed_median": round(statistics.median(keyed), 1),
        "record_us_unkeyed_median": round(statistics.median(unkeyed), 1),
        "keyed_over_unkeyed": round(statistics.median(keyed) / statistics.median(unkeyed), 3),
        "verify_s": round(verify_s, 3),
        "verified_entries": findings.entries,
        "first_checkpoint_s": round(checkpoint_s, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
