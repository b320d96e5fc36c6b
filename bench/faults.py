"""Fault benchmark (issue 12): kill -9 of a web worker, of the task worker and of PostgreSQL
(then restarted) while clients write, then count what survived.

Load: writer threads post the contact form (acknowledged by a 302 to the thanks page with
the question's reference) and file reports through the API (acknowledged by a 201 with
reference and receipt); a feeder enqueues the deadline watch (``check_deadlines_task``,
judged six days ahead so that every new report gets an acknowledgement reminder: a row, an
audit entry and a mail). Faults, in this order, during the load: kill -9 of one gunicorn
worker (its master starts another), of `loket worker` (restarted a second later, as a
supervisor would), and of the postmaster with every backend (restarted two seconds later).

Afterwards, once the queue has run dry and one last watch has run:
- every acknowledged write is there, once (a contact with its question; a report whose
  receipt opens it);
- nothing is half-written: every stored report has its sealed keys and its audit entry,
  every stored contact its question and its audit entry;
- every task's effect happened once: one reminder row and one audit entry per report and
  deadline, and the mails counted (a mail sent by a task killed before its commit goes out
  again: at most one extra per kill of the worker);
- `python -m loket audit verify` exits 0.

Prints its figures as JSON on the last line; exits 1 when a check fails.
    .venv/bin/python bench/faults.py                  # 60 s of load, 4 writers
    .venv/bin/python bench/faults.py --short          # 24 s, 2 writers (the test suite's version)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import pgcluster  # noqa: E402  (a sibling module, found through the path set above)
from load import Server, loadavg, server_env  # noqa: E402

THANKS = re.compile(r"[?&]ref=(KV-\d+)")


class Writers:
    """Threads that write and remember what the server acknowledged."""

    def __init__(self, base: str, count: int):
        self.base, self.count = base, count
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.contacts: list[tuple[str, str]] = []  # (token, question reference) acknowledged
        self.reports: list[tuple[str, str]] = []  # (reference, receipt) acknowledged
        self.attempts = Counter()
        self.outcomes = Counter()
        self.tokens: list[str] = []  # every contact token sent, acknowledged or not
        self.started = None
        self.run_id = format(int(time.time()), "x")  # tokens of an earlier run on the same cluster differ

    def run(self, n: int) -> None:
        session = requests.Session()
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                if i % 2:
                    self._contact(session, f"FAULT-{self.run_id}-{n}-{i}")
                else:
                    self._report(session, n, i)
            except requests.RequestException as exc:
                with self.lock:
                    self.outcomes[f"no answer ({type(exc).__name__})"] += 1
                session = requests.Session()
                time.sleep(0.2)

    def _contact(self, session, token: str) -> None:
        page = session.get(f"{self.base}/contact/", timeout=15)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.lock:
            self.attempts["contact"] += 1
            self.tokens.append(token)
        response = session.post(
            f"{self.base}/contact/",
            allow_redirects=False,
            timeout=15,
            data={
                "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
                "name": "Fout Tolerant",
                "email": "fout@bench.example",
                "topic": "status",
                "subject": f"Vraag {token}",
                "body": "Hoe staat het met mijn aanvraag?",
                "answer_channel": "email",
            },
        )
        found = THANKS.search(response.headers.get("Location", ""))
        with self.lock:
            self.outcomes[f"contact {response.status_code}"] += 1
            if response.status_code == 302 and found:
                self.contacts.append((token, found.group(1)))

    def _report(self, session, n: int, i: int) -> None:
        with self.lock:
            self.attempts["report"] += 1
        response = session.post(
            f"{self.base}/api/v1/whistle/reports",
            timeout=15,
            json={
                "description": f"Melding FAULT-{self.run_id}-{n}-{i}: dossiers verdwijnen.",
                "anonymity": "anonymous",
            },
        )
        with self.lock:
            self.outcomes[f"report {response.status_code}"] += 1
            if response.status_code == 201:
                body = response.json()
                self.reports.append((body["reference"], body["receipt"]))

    def start(self) -> list[threading.Thread]:
        from django.utils import timezone

        self.started = timezone.now()
        threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(self.count)]
        for thread in threads:
            thread.start()
        return threads


def _enqueue(today: str) -> bool:
    from django.db import DatabaseError, close_old_connections, connections

    from loket.whistle.tasks import check_deadlines_task

    try:
        check_deadlines_task.enqueue(today=today)
        return True
    except DatabaseError:  # the database is down: the feeder tries again later
        connections.close_all()
        close_old_connections()
        return False


def _gunicorn_worker(master: int) -> int | None:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True, check=False).stdout.split()
    return int(out[0]) if out else None


def run_faults(cluster, server: Server, base: str, *, seconds: int, writers: int, today: str) -> dict:
    load = Writers(base, writers)
    threads = load.start()
    events, enqueued, refused = [], 0, 0
    started = time.monotonic()
    schedule = [(0.2, "web worker"), (0.4, "task worker"), (0.6, "postgresql")]
    while time.monotonic() - started < seconds:
        elapsed = time.monotonic() - started
        if schedule and elapsed >= schedule[0][0] * seconds:
            _, what = schedule.pop(0)
            at = round(elapsed, 1)
            if what == "web worker":
                victim = _gunicorn_worker(server.procs[0].pid)
                os.kill(victim, 9)
                events.append({"at_s": at, "killed": what, "pid": victim})
            elif what == "task worker":
                victim = server.procs[1].pid
                os.killpg(victim, 9)
                server.procs[1].wait()
                time.sleep(1)
                server.start_worker()
                events.append({"at_s": at, "killed": what, "pid": victim, "restarted_after_s": 1})
            else:
                killed = cluster.kill9()
                time.sleep(2)
                cluster.start()
                events.append(
                    {
                        "at_s": at,
                        "killed": what,
                        "processes": killed,
                        "restarted_after_s": 2,
                        "back_after_s": round(time.monotonic() - started - elapsed, 1),
                    }
                )
        if _enqueue(today):
            enqueued += 1
        else:
            refused += 1
        if server.procs[1].poll() is not None:  # the worker ended by itself (e.g. its database went away)
            events.append(
                {"at_s": round(time.monotonic() - started, 1), "task worker exited": server.procs[1].returncode}
            )
            server.start_worker()
        time.sleep(1.0)
    load.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return {"load": load, "events": events, "enqueued": enqueued, "enqueue_refused": refused}


def drain(server: Server, today: str, since, timeout: float = 180) -> dict:
    """One last watch, then wait until no task is waiting."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    connections.close_all()
    while not _enqueue(today):
        time.sleep(1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.procs[1].poll() is not None:
            server.start_worker()
        if not DBTaskResult.objects.filter(status="READY").exists():
            break
        time.sleep(1)
    # a task whose worker was killed stays RUNNING: the queue does not take it up again
    return dict(Counter(DBTaskResult.objects.filter(enqueued_at__gte=since).values_list("status", flat=True)))


def verify(load: Writers, mail_log: Path, worker_kills: int) -> dict:
    from django.db.models import Count

    from loket.contact.models import Contact
    from loket.core.audit_models import AuditEntry
    from loket.whistle import services
    from loket.whistle.models import Reminder, Report

    # every acknowledged write is there, once
    mine = Contact.objects.filter(subject__startswith=f"Vraag FAULT-{load.run_id}-")
    subjects = Counter(mine.values_list("subject", flat=True))
    question_of = dict(mine.values_list("subject", "question_id"))
    contacts_lost = [t for t, _ in load.contacts if subjects[f"Vraag {t}"] == 0]
    contacts_doubled = [t for t, _ in load.contacts if subjects[f"Vraag {t}"] > 1]
    wrong_question = [
        t for t, ref in load.contacts if subjects[f"Vraag {t}"] and question_of[f"Vraag {t}"] != int(ref[3:])
    ]
    stored_unacknowledged = len(subjects) - len({t for t, _ in load.contacts})
    references = set(Report.objects.values_list("reference", flat=True))
    api_reports = set(
        Report.objects.filter(channel="api", received_at__gte=load.started).values_list("reference", flat=True)
    )
    reports_lost = [r for r, _ in load.reports if r not in references]
    receipts_failed = 0
    for reference, receipt in load.reports[:: max(1, len(load.reports) // 10)]:  # ten receipts, argon2id each
        try:
            if services.open_with_receipt(receipt).report.reference != reference:
                receipts_failed += 1
        except Exception:
            receipts_failed += 1
    # nothing half-written
    audited = {
        t: set(AuditEntry.objects.filter(action=a).values_list("object_id", flat=True))
        for t, a in (("report", "whistle.report.received"), ("contact", "contact.contact.received"))
    }
    reports = Report.objects.annotate(n_keys=Count("keys"))
    half_reports = [
        r.reference for r in reports if r.n_keys == 0 or not r.content_box or str(r.pk) not in audited["report"]
    ]
    half_contacts = [pk for pk in mine.values_list("pk", flat=True) if str(pk) not in audited["contact"]]
    # every task's effect once
    reminders = Counter(Reminder.objects.values_list("report__reference", "kind"))
    reminder_audits = Counter(
        AuditEntry.objects.filter(action="whistle.deadline.reminder").values_list("object_id", flat=True)
    )
    acked = {r for r, _ in load.reports}
    missed = [r for r in acked if not any(ref == r for ref, _ in reminders)]
    id_of = dict(Report.objects.values_list("reference", "pk"))
    audit_twice = [r for r in acked if reminder_audits[str(id_of.get(r))] > 1]
    mails = [json.loads(line)["subject"] for line in mail_log.read_text().splitlines()] if mail_log.exists() else []
    mails_per = Counter()
    ref_re = re.compile(r"M-\d{4}-[A-Z0-9]{6}")
    for subject in mails:
        for ref in ref_re.findall(subject):
            mails_per[ref] += 1
    mails_twice = sorted(r for r, n in mails_per.items() if n > 1 and r in acked)
    audit = subprocess.run(
        [sys.executable, "-m", "loket", "audit", "verify"],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return {
        "acknowledged": {"contacts": len(load.contacts), "reports": len(load.reports)},
        "attempts": dict(load.attempts),
        "outcomes": dict(load.outcomes),
        "lost": {"contacts": len(contacts_lost), "reports": len(reports_lost)},
        "doubled": {"contacts": len(contacts_doubled)},
        "contact_on_other_question": len(wrong_question),
        "stored_not_acknowledged": {
            "contacts": stored_unacknowledged,
            "reports": len(api_reports - {r for r, _ in load.reports}),
        },
        "receipts_checked": len(load.reports[:: max(1, len(load.reports) // 10)]),
        "receipts_failed": receipts_failed,
        "half_written": {"reports": len(half_reports), "contacts": len(half_contacts)},
        "reports_in_database": len(references),
        "contacts_of_this_run_in_database": sum(subjects.values()),
        "task_effects": {
            "reminder_rows": sum(reminders.values()),
            "reminder_rows_twice": sum(1 for n in reminders.values() if n > 1),
            "acknowledged_reports_without_reminder": len(missed),
            "reminder_audit_twice": len(audit_twice),
            "mails": len(mails),
            "mails_twice": len(mails_twice),
            "mails_twice_allowed": worker_kills,
        },
        "audit_verify": {"exit": audit.returncode, "output": (audit.stdout + audit.stderr).strip()[-400:]},
    }


def passed(result: dict) -> bool:
    effects = result["task_effects"]
    return (
        result["lost"] == {"contacts": 0, "reports": 0}
        and result["doubled"]["contacts"] == 0
        and result["contact_on_other_question"] == 0
        and result["receipts_failed"] == 0
        and result["half_written"] == {"reports": 0, "contacts": 0}
        and effects["reminder_rows_twice"] == 0
        and effects["acknowledged_reports_without_reminder"] == 0
        and effects["reminder_audit_twice"] == 0
        and effects["mails_twice"] <= effects["mails_twice_allowed"]
        and result["audit_verify"]["exit"] == 0
        and result["acknowledged"]["contacts"] > 0
        and result["acknowledged"]["reports"] > 0
    )


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--short", action="store_true", help="24 s and 2 writers")
    parser.add_argument("--folder", default=str(ROOT / "var" / "bench-faults-pg"))
    parser.add_argument("--port", type=int, default=8125)
    parser.add_argument("--pg-port", type=int, default=54342)
    parser.add_argument("--discard", action="store_true", help="stop the cluster and remove its folder at the end")
    args = parser.parse_args(argv)
    if args.short:
        args.seconds, args.writers = 24, 2
    cluster = pgcluster.Cluster(Path(args.folder), port=args.pg_port)
    cluster.ensure()
    work = Path(tempfile.mkdtemp(prefix="loket-faults-"))
    mail_log = work / "mail.jsonl"
    os.environ.update(server_env(cluster.url))
    os.environ.update(LOKET_BENCH_MAIL_LOG=str(mail_log), LOKET_EMAIL_BACKEND="bench.faultmail.EmailBackend")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from loket.core.models import User

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="handler").exists():
        call_command("seed", demo=True, stdout=io.StringIO())
    today = (timezone.localdate() + timedelta(days=6)).isoformat()
    server = Server(cluster.url, args.port, 2, work / "server.log")
    server.start()
    before = loadavg()
    try:
        run = run_faults(
            cluster, server, f"http://127.0.0.1:{args.port}", seconds=args.seconds, writers=args.writers, today=today
        )
        tasks = drain(server, today, run["load"].started)
    finally:
        server.stop()
    try:
        result = _verified(run, mail_log, today)
    finally:
        if args.discard:
            from django.db import connections

            connections.close_all()
            cluster.stop()
            shutil.rmtree(args.folder, ignore_errors=True)
    result.update(
        benchmark="faults",
        seconds=args.seconds,
        writers=args.writers,
        events=run["events"],
        tasks_enqueued=run["enqueued"],
        enqueue_refused_while_down=run["enqueue_refused"],
        task_results=tasks,
        loadavg_before=before,
        loadavg_after=loadavg(),
        server_log=str(work / "server.log"),
    )
    result["passed"] = passed(result)
    return result


def _verified(run, mail_log, today) -> dict:
    # a mail is sent before its task is marked done: a kill of the task worker, or of the
    # database the mark goes to, between the two sends it once more (at least once, never lost)
    worker_kills = sum(1 for e in run["events"] if e.get("killed") in ("task worker", "postgresql"))
    return verify(run["load"], mail_log, worker_kills)


if __name__ == "__main__":
    figures = main()
    print(json.dumps(figures, default=str))
    sys.exit(0 if figures["passed"] else 1)
