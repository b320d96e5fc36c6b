"""My Loket at scale (issue 13): the page and its API for one client with 20 cases and 300
contacts, with a million clients and three million contacts on file, on PostgreSQL.

The cluster and the million clients and cases come from bench/pgcluster.py and
bench/bulkdata.py (COPY); bench/portal_data.py adds the contacts (in questions of three) and three million
audit entries (reads of files) by COPY, then the measured client through the ORM: 20 cases
(one suspended), 300 contacts in 30 questions, half of them answered, a file on each question,
and a staff read of each case in the audit log. Each request goes through Django's whole stack
in-process (middleware, DigiD session, templates); the baseline is the plain SQL of the same
reads, without the ORM or a page. Besides wall time it reports the CPU of this process and of
the PostgreSQL backend per request, which hold on a shared machine. JSON on its last line.
    .venv/bin/python bench/portal.py --build-only      # once: the data (about 25 min)
    .venv/bin/python bench/portal.py --requests 200    # the measurement
    .venv/bin/python bench/portal.py --profile page    # or --explain page / api
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import pgcluster  # noqa: E402  (a sibling module, found through the path set above)
from portal_data import load_audit, load_contacts, make_target, say  # noqa: E402  (a sibling)


def _backend_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend serving this connection has used (it runs on this
    machine: /proc), or None where that cannot be read."""
    from django.db import connection

    try:
        with connection.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            pid = c.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[int(q * (len(ordered) - 1))], 2)


def timed(fn, n: int) -> dict:
    for _ in range(max(5, n // 20)):  # warm-up: caches, the calendar, compiled templates
        fn()
    samples, cpu = [], []
    db_before = _backend_cpu()
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    db_after = _backend_cpu()
    return {
        "p50_ms": _pct(samples, 0.5),
        "p95_ms": _pct(samples, 0.95),
        "max_ms": round(max(samples), 2),
        # This process's CPU per request (Python: ORM, templates, serializers), without the
        # database's own time: on a shared machine wall time mostly measures the queue for a core.
        "cpu_min_ms": round(min(cpu), 2),  # the least disturbed by other processes' use of the core
        "cpu_p50_ms": _pct(cpu, 0.5),
        "cpu_p95_ms": _pct(cpu, 0.95),
        "cpu_mean_ms": round(statistics.fmean(cpu), 2),
        # The database backend's CPU per request (clock ticks of 10 ms: a mean over n requests).
        "db_cpu_mean_ms": round((db_after - db_before) * 1000 / n, 2) if db_before is not None else None,
    }


def baseline_sql(client_id: int):
    """The same reads as plain SQL, one cursor: the floor an ORM page cannot go under."""
    from django.db import connection

    def run():
        with connection.cursor() as c:
            c.execute("SELECT id, merged_into_id FROM clients_client WHERE merged_into_id = %s", [client_id])
            c.fetchall()
            c.execute(
                "SELECT c.*, (SELECT s.status FROM cases_casestatus s WHERE s.case_id = c.id ORDER BY s.id DESC LIMIT 1) "
                "FROM cases_case c WHERE c.client_id = %s",
                [client_id],
            )
            ids = [r[0] for r in c.fetchall()]
            c.execute("SELECT * FROM cases_caseevent WHERE case_id = ANY(%s)", [ids])
            c.fetchall()
            c.execute(
                "SELECT q.*, a.body, (SELECT count(*) FROM contact_contact k WHERE k.question_id = q.id) FROM contact_question q "
                "LEFT JOIN contact_answer a ON a.question_id = q.id WHERE q.client_id = %s",
                [client_id],
            )
            c.fetchall()
            c.execute(
                "SELECT t.id, t.name, t.size FROM contact_attachment t JOIN contact_contact k ON k.id = t.contact_id "
                "WHERE k.client_id = %s",
                [client_id],
            )
            c.fetchall()

    return run


def diagnose(fetch, n: int, *, explain: bool, save: str = "") -> None:
    """Where one request's time goes: a cProfile of ``n`` requests, or each query of one request
    with its plan (EXPLAIN ANALYZE) and time."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        fetch()
    if not explain:
        profile = cProfile.Profile(time.process_time)  # CPU, not the wait for the database or a core
        profile.runcall(lambda: [fetch() for _ in range(n)])
        if save:  # for a closer look: python -m pstats FILE
            profile.dump_stats(save)
        stats = pstats.Stats(profile).strip_dirs()
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
        return
    with CaptureQueriesContext(connection) as queries:
        fetch()
    for q in queries.captured_queries:
        say(f"--- {q['time']} s\n{q['sql'][:600]}")
        if q["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as c:
                c.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                say("\n".join("    " + r[0] for r in c.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", default=str(HERE.parent / "var" / "bench-pg-portal"))
    parser.add_argument("--port", type=int, default=54346)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--bulk-cases", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=3_000_000)
    parser.add_argument("--audit", type=int, default=3_000_000, help="audit entries on file (reads of files)")
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--client-contacts", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--build-only", action="store_true", help="load the data, measure nothing")
    parser.add_argument("--profile", choices=("page", "api"), help="cProfile these requests instead of timing")
    parser.add_argument("--explain", choices=("page", "api"), help="EXPLAIN ANALYZE each query of one request")
    parser.add_argument("--profile-file", default="", help="with --profile: also save the profile here")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        cluster = pgcluster.Cluster(Path(args.folder), port=args.port)
        cluster.ensure()
        url = cluster.url
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    os.environ.setdefault("LOKET_SECRET_KEY", "bench-portal-not-secret")
    os.environ.setdefault("LOKET_HTTPS", "0")  # in-process requests over plain HTTP, as bench/load.py
    import django

    django.setup()
    import bulkdata
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from loket.clients.models import Client as LoketClient
    from loket.contact.models import Contact
    from loket.core.audit_models import AuditEntry
    from loket.gunicorn_conf import post_worker_init
    from loket.portal.client_session import (
        SESSION_CLIENT,
        SESSION_GENERATION,
        SESSION_LAST_SEEN,
        SESSION_METHOD,
        SESSION_REPRESENTATIVE,
    )

    loaded = bulkdata.load(clients=args.clients, cases=args.bulk_cases)
    contacts = load_contacts(args.contacts)
    audit_entries = load_audit(args.audit)
    target = make_target(args.cases, args.client_contacts)
    if args.build_only:
        with connection.cursor() as c:  # visibility map and statistics, as autovacuum would leave them
            c.execute("VACUUM ANALYZE")
        print(
            json.dumps(
                {
                    "benchmark": "portal",
                    "built": True,
                    "load": {"bulk": loaded, "contacts": contacts, "audit": audit_entries},
                }
            )
        )
        return
    # the keys a DigiD sign-in leaves (client_session.sign_in): the idle timer and the
    # generation that "sign out everywhere" moves on are checked on every request
    session = SessionStore()
    session[SESSION_CLIENT], session[SESSION_REPRESENTATIVE], session[SESSION_METHOD] = target.pk, None, "digid"
    session[SESSION_LAST_SEEN] = int(time.time())
    session[SESSION_GENERATION] = {"c": target.session_generation}
    session.save()
    browser = Client(HTTP_ACCEPT_LANGUAGE="nl")
    browser.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    def get(path):
        def fetch():
            response = browser.get(path)
            assert response.status_code == 200, response.status_code

        return fetch

    paths = {"page": "/mijn/", "api": "/api/v1/portal/my-loket"}
    post_worker_init(None)  # as a gunicorn worker of scripts/prod does once it has loaded Loket
    if args.profile or args.explain:
        diagnose(
            get(paths[args.profile or args.explain]), args.requests, explain=bool(args.explain), save=args.profile_file
        )
        return
    results = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            get(path)()
        count = len(queries.captured_queries)
        results[name] = {**timed(get(path), args.requests), "queries": count}
        say(f"{name}: {results[name]}")
    results["baseline_sql"] = timed(baseline_sql(target.pk), args.requests)
    say(f"baseline: {results['baseline_sql']}")
    summary = {
        "benchmark": "portal",
        "loadavg": os.getloadavg()[0],  # the 1-minute load average at the end: wall times queue behind it
        "cores": os.cpu_count(),
        "clients_on_file": LoketClient.objects.count(),
        "contacts_on_file": Contact.objects.count(),
        "client_cases": args.cases,
        "client_contacts": args.client_contacts,
        "requests": args.requests,
        "audit_on_file": AuditEntry.objects.count(),
        "load": {"bulk": loaded, "contacts": contacts, "audit": audit_entries},
        **results,
        "target_p95_ms": 50,
        "met": results["page"]["p95_ms"] < 50 and results["api"]["p95_ms"] < 50,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
