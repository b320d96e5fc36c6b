"""My Loket at scale (issue 13): the page and its API for one client with 20 cases and 300
contacts, with a million clients and three million contacts on file, on PostgreSQL.

The cluster and the million clients and cases come from bench/pgcluster.py and
bench/bulkdata.py (COPY); this adds the contacts (in questions of three) and three million
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import pgcluster  # noqa: E402  (a sibling module, found through the path set above)

TARGET_V = "8000000001"  # the measured client (bulk clients have V-numbers from 9000000000)
PER_QUESTION = 3


def _say(text: str) -> None:
    print(text, flush=True)


def load_contacts(total: int) -> dict:
    """Questions of ``PER_QUESTION`` contacts each, spread over the bulk clients (COPY)."""
    import bulkdata
    from django.db import DatabaseError, connection, transaction

    from loket.clients.models import Client
    from loket.contact.models import Contact, Question

    have = Contact.objects.filter(ref__startswith="bulk-").count()
    if have >= total:
        _say(f"==> bulk contacts present: {have:,}")
        return {"loaded": False, "contacts": have, "seconds": 0}
    if have:
        raise SystemExit(f"a partial contact load ({have:,}): remove the cluster folder and run again")
    started = time.monotonic()
    ids = list(Client.objects.filter(v_number__startswith="9").order_by("pk").values_list("pk", flat=True))
    questions = total // PER_QUESTION
    now = datetime.now(UTC)
    q_base = (Question.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    c_base = (Contact.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    _say(f"==> bulk load: {questions:,} questions, {total:,} contacts (COPY)")
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        try:
            with transaction.atomic():
                wrapper.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass

        def question_rows():
            for i in range(questions):
                at = now - timedelta(minutes=i % 500_000)
                yield {
                    "id": q_base + i,
                    "client_id": ids[(i * 7919) % len(ids)],
                    "topic": "status",
                    "case_ref": "",
                    "subject": "Waar blijft mijn vergunning?",
                    "channel": "email",
                    "language": "nl",
                    "opened_at": at,
                    "last_contact_at": at,
                    "norm_days": 5,
                    "due_on": (at + timedelta(days=7)).date(),
                    "status": "answered" if i % 2 else "open",
                }

        def contact_rows():
            for i in range(questions * PER_QUESTION):
                q = i // PER_QUESTION
                yield {
                    "id": c_base + i,
                    "ref": f"bulk-{i}",
                    "channel": "email",
                    "received_at": now - timedelta(minutes=q % 500_000),
                    "client_id": ids[(q * 7919) % len(ids)],
                    "question_id": q_base + q,
                    "topic": "status",
                    "topic_detected": True,
                    "body": "Ik wacht al lang op een besluit.",
                    "match_reasons": "[]",
                    "match_candidates": "[]",
                    "created_at": now,
                }

        bulkdata._copy(cursor, Question, question_rows(), questions, sys.stdout, "questions")
        bulkdata._copy(cursor, Contact, contact_rows(), questions * PER_QUESTION, sys.stdout, "contacts")
    with connection.cursor() as c:
        c.execute("ANALYZE contact_question; ANALYZE contact_contact")
    return {"loaded": True, "contacts": questions * PER_QUESTION, "seconds": round(time.monotonic() - started, 1)}


AUDIT_SEQ = 10**12  # bulk audit entries are numbered apart from the chain audit.record keeps
READ_ACTIONS = [
    ("cases.case.viewed", "cases.case"),
    ("contact.question.viewed", "contact.question"),
    ("clients.client.read", "clients.client"),
    ("cases.case.updated", "cases.case"),
]


def load_audit(total: int) -> dict:
    """A production-sized audit log (every read of a file is an entry): ``total`` entries by
    the demo staff about the bulk cases, questions and clients, by COPY. They stand outside
    the keyed chain (numbered from AUDIT_SEQ, hashes left blank): `loket audit verify` does
    not hold for this database, the query plans of "who opened my file" do."""
    import bulkdata
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from loket.core.audit_models import AuditEntry

    have = AuditEntry.objects.filter(seq__gte=AUDIT_SEQ).count()
    if have >= total:
        _say(f"==> bulk audit entries present: {have:,}")
        return {"loaded": False, "entries": have, "seconds": 0}
    if have:
        raise SystemExit(f"a partial audit load ({have:,}): remove the cluster folder and run again")
    started = time.monotonic()
    actors = list(get_user_model().objects.filter(employee__isnull=False).values_list("username", flat=True))
    with connection.cursor() as c:
        c.execute("SELECT min(id), max(id) FROM cases_case WHERE reference LIKE 'BULK-%'")
        case_lo, case_hi = c.fetchone()
        c.execute("SELECT min(id), max(id) FROM contact_question")
        q_lo, q_hi = c.fetchone()
        c.execute("SELECT min(id), max(id) FROM clients_client WHERE v_number LIKE '9%'")
        client_lo, client_hi = c.fetchone()
    spans = {
        "cases.case": (case_lo, case_hi),
        "contact.question": (q_lo, q_hi),
        "clients.client": (client_lo, client_hi),
    }
    base = (AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = datetime.now(UTC)
    _say(f"==> bulk load: {total:,} audit entries (COPY)")

    def rows():
        for i in range(total):
            action, object_type = READ_ACTIONS[i % len(READ_ACTIONS)]
            lo, hi = spans[object_type]
            yield {
                "id": base + i,
                "seq": AUDIT_SEQ + i,
                "at": now - timedelta(seconds=(total - i) * 10),
                "actor": actors[i % len(actors)],
                "action": action,
                "object_type": object_type,
                "object_id": str(lo + (i * 7919) % (hi - lo + 1)),
            }

    with transaction.atomic(), connection.cursor() as wrapper:
        bulkdata._copy(wrapper.cursor, AuditEntry, rows(), total, sys.stdout, "audit entries")
    with connection.cursor() as c:
        c.execute("ANALYZE core_auditentry")
    return {"loaded": True, "entries": total, "seconds": round(time.monotonic() - started, 1)}


def make_target(cases: int, contacts: int):
    """The measured client, made once: ``cases`` cases and ``contacts`` contacts."""
    from django.db import transaction

    from loket.clients.models import Client

    client = Client.objects.filter(v_number=TARGET_V).first()
    if client is not None:
        return client
    with transaction.atomic():  # all or nothing: a second run finds the whole client or none
        return _make_target(cases, contacts)


def _make_target(cases: int, contacts: int):
    from django.contrib.auth import get_user_model

    from loket.cases import services as case_services
    from loket.clients.models import Client, ClientEmail
    from loket.contact.models import Answer, Attachment, Contact, Question
    from loket.core import audit
    from loket.core.models import OrgUnit

    client = Client.objects.create(v_number=TARGET_V, display_name="Amal Haddad", language="nl")
    ClientEmail.objects.create(client=client, address="amal.bench@example.org")
    officer = get_user_model().objects.get(username="objection")
    team = OrgUnit.objects.get(code="OBJ1")
    today = datetime.now(UTC).date()
    for n in range(cases):
        case = case_services.open_case(
            actor=officer,
            kind="objection" if n % 4 == 0 else "application",
            track="regular",
            team=team,
            client=client,
            received_on=today - timedelta(days=5 + n),
            contested_decided_on=today - timedelta(days=40) if n % 4 == 0 else None,
            contested_notified_on=today - timedelta(days=39) if n % 4 == 0 else None,
            contested_author_ref="E0902" if n % 4 == 0 else "",
            contested_signatory_ref="E0901" if n % 4 == 0 else "",
        )
        # need to know: only the assigned officer records events (the draw never picks the opener)
        case_services.assign(case=case, officer=officer, via="bench")
        if n == 0:
            case_services.record_event(case=case, actor=officer, type="suspended", on=today - timedelta(days=2))
        audit.record(actor=officer, action="cases.case.viewed", obj=case)
    start = datetime.now(UTC) - timedelta(days=60)
    for q in range(contacts // 10):
        answered = q % 2 == 0
        question = Question.objects.create(
            client=client,
            subject=f"Vraag {q}",
            channel="email",
            opened_at=start,
            last_contact_at=start,
            norm_days=5,
            due_on=today,
            status="answered" if answered else "open",
            answered_at=start if answered else None,
        )
        if answered:
            Answer.objects.create(
                question=question,
                channel="email",
                language="nl",
                subject="Re",
                body="Ons antwoord.",
                sent_at=start + timedelta(days=1),
                within_norm=True,
            )
        made = Contact.objects.bulk_create(
            Contact(
                ref=f"target-{q}-{i}",
                channel="email",
                received_at=start + timedelta(minutes=i),
                client=client,
                question=question,
                body="Mijn vraag.",
            )
            for i in range(10)
        )
        Attachment.objects.create(
            contact=made[0], name="scan.pdf", content_type="application/pdf", size=4, data=b"%PDF"
        )
    return client


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
        _say(f"--- {q['time']} s\n{q['sql'][:600]}")
        if q["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as c:
                c.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                _say("\n".join("    " + r[0] for r in c.fetchall()))


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
        _say(f"{name}: {results[name]}")
    results["baseline_sql"] = timed(baseline_sql(target.pk), args.requests)
    _say(f"baseline: {results['baseline_sql']}")
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
