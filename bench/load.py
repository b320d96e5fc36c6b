"""Load benchmark (issue 12): the service's mix against the production start on PostgreSQL
with 1,000,000 clients and 1,000,000 cases on file.

1. A PostgreSQL cluster under var/bench-pg (or DATABASE_URL), migrated, with the demo staff
   and the bulk rows (bench/bulkdata.py; loaded once, a re-run finds them).
2. The production start: scripts/prod when the branch has it, else gunicorn (sync workers)
   and one `loket worker`, with LOKET_DEBUG=0.
3. Locust, headless, one process, against 127.0.0.1 only: the mix of bench/locustfile.py at
   each number of users, then the baseline (one static file through the same gunicorn)
   at the same numbers. Statistics are reset once every user has started (sign-ins and
   ramp-up are not counted), and again --settle seconds later: the ramp signs in every member
   of staff within seconds (argon2, 100 MiB each), a storm no steady day has, whose queue
   must not be counted as the steady state. Before the first run, --warmup seconds of the mix at the
   offered rate, not counted: a server in production is not measured in its first minute
   (its PostgreSQL buffers, prepared statements and Python caches still empty); the
   warm-up's own figures are kept in the JSON beside the runs.
4. The slowest statements by mean time (pg_stat_statements), and the load average.

The server and its CPU time are in bench/load_server.py, one locust run and its figures in
bench/load_locust.py, the mix in bench/locustfile.py, the data in bench/bulkdata.py.

Prints its figures as JSON on the last line.
    .venv/bin/python bench/load.py                     # 50 and 200 users, 60 s each
    .venv/bin/python bench/load.py --users 50 --duration 30 --clients 20000 --cases 20000 --folder var/bench-pg-small
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import pgcluster  # noqa: E402  (a sibling module, found through the path set above)
from load_locust import reset_statements, run_locust, settle, slowest_statements  # noqa: E402
from load_server import ProdServer, Server, loadavg, server_env  # noqa: E402, F401  (bench/faults.py imports these from here)

MIX = ["ClientUser", "AgentUser", "OfficerUser", "ReporterUser"]


def prepare(url: str, clients: int, cases: int) -> tuple[dict, int]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    import django

    django.setup()
    import bulkdata

    from loket.cases.models import Case

    loaded = bulkdata.load(clients=clients, cases=cases, out=sys.stderr)
    # Clients whose blocking keys an older recipe made are not matched at all (a contact is
    # then kept without a client): a cluster loaded before the recipe changed would measure a
    # contact form that skips matching. Made anew once (about 17 min for 1M at load 5).
    from django.core.management import call_command

    from loket.clients.services import keys

    if keys.stale_count():
        started = time.monotonic()
        call_command("clients", "rebuild-keys", stdout=sys.stderr)
        loaded["keys_rebuilt_s"] = round(time.monotonic() - started, 1)
    # Sign a checkpoint of the audit log now: scripts/prod signs one as it starts, which walks
    # the chain from the last checkpoint (1,000,000 draws' entries after the bulk load: minutes of
    # CPU inside the measured runs); from here it covers only the entries since.
    started = time.monotonic()
    call_command("audit", "checkpoint", stdout=sys.stderr)
    loaded["checkpoint_s"] = round(time.monotonic() - started, 1)
    loaded["earlier_questions_closed"] = close_earlier_questions()
    first = Case.objects.filter(reference="BULK-0000000").values_list("pk", flat=True).first() or 1
    from django.db import connections

    connections.close_all()
    return loaded, first


def close_earlier_questions() -> int:
    """Answer the questions that earlier runs' contact forms left open, so that every run
    starts from the same queue: left open, each run added contacts to them, and the agents'
    first page came to hold questions of 50 contacts and more (one of 1,382), every run
    slower than the one before. Bench data only: the bench's contacts write from
    @bench.example."""
    from django.utils import timezone

    from loket.contact.choices import QuestionStatus
    from loket.contact.models import Contact, Question

    earlier = Contact.objects.filter(email__endswith="@bench.example").values("question_id")
    return Question.objects.filter(status=QuestionStatus.OPEN, pk__in=earlier).update(
        status=QuestionStatus.ANSWERED, answered_at=timezone.now()
    )


def server_python() -> str:
    """The interpreter scripts/prod runs the server with (LOKET_PYTHON, else .venv's): the
    figures depend on it (under callgrind, the mix took 46.0 M instructions per request on
    pyenv's plain build of 3.11.7 and 41.4 M on Debian's optimised 3.11.2)."""
    python = os.environ.get("LOKET_PYTHON") or str(ROOT / ".venv" / "bin" / "python")
    found = subprocess.run(
        [python, "-c", "import sys; print(sys._base_executable, sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or python


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--duration", type=int, default=60, help="seconds measured per run")
    parser.add_argument(
        "--models",
        nargs="+",
        choices=["capacity", "offered"],
        default=["capacity", "offered"],
        help="capacity: each user clicks again 0.5-1.5 s after an answer; offered: all users together offer --rate",
    )
    parser.add_argument("--rate", type=float, default=60, help="requests/s the mix offers in the offered model")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (scripts/prod's default on 2 cores)")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--folder", default=str(ROOT / "var" / "bench-pg"), help="the cluster's folder")
    parser.add_argument("--warmup", type=int, default=30, help="seconds of the mix before the first run, not counted")
    parser.add_argument(
        "--settle",
        type=int,
        default=20,
        help="seconds after the last user started before counting (the ramp's sign-ins worked off)",
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args(argv)

    url, cluster = pgcluster.from_env(Path(args.folder))
    # a checkpoint signs one database's chain: keep the cluster's own beside it (another
    # cluster's, in the shared var/audit-checkpoints, would not match and fail the start)
    os.environ.setdefault("LOKET_AUDIT_CHECKPOINT_DIR", str(Path(args.folder).resolve() / "audit-checkpoints"))
    loaded, first_case = prepare(url, args.clients, args.cases)
    if args.prepare_only:
        return {"prepared": loaded}
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    prod = (ROOT / "scripts" / "prod").exists()
    server = (ProdServer if prod else Server)(url, args.port, args.workers, out / "load-server.log")
    env = dict(os.environ, LOKET_BENCH_CASES=str(args.cases), LOKET_BENCH_FIRST_CASE=str(first_case))
    figures = {
        "benchmark": "load",
        "clients": args.clients,
        "cases": args.cases,
        "data": loaded,
        "gunicorn_workers": args.workers,
        "warmup_s": args.warmup,
        "settle_s": args.settle,
        "started_by": "scripts/prod" if prod else "gunicorn",
        "server_python": server_python(),
        "cores": os.cpu_count(),
        "runs": [],
        "baseline": [],
        "models": {
            "capacity": "closed loop: each user waits 0.5-1.5 s after every answer (as fast as they can click); "
            "finds what the server serves, and overloads it with many users",
            "offered": f"the users together offer {args.rate:g} requests/s (exponential gaps per request, "
            "users/rate seconds on average per user): the sizing rate, with realistic pauses",
        },
    }
    server.start()
    postmaster = cluster.pid() if cluster else None
    roots = [server.root(), postmaster]
    try:
        if args.warmup:
            print(f"==> warm-up, {args.users[0]} users, offered {args.rate:g}, {args.warmup} s", file=sys.stderr)
            figures["warmup"] = run_locust(
                port=args.port,
                users=args.users[0],
                duration=args.warmup,
                classes=MIX,
                prefix=out / "load-warmup",
                env=env,
                roots=roots,
                model="offered",
                rate=args.rate,
            )["total"]
        reset_statements(url)
        for users in args.users:
            # the baseline first, then the mix, at the same number of users; between runs the
            # server works off what the last run left queued before the next one starts
            if not args.no_baseline:
                settle(args.port)
                print(f"==> baseline, {users} users (load {loadavg()})", file=sys.stderr)
                figures["baseline"].append(
                    run_locust(
                        port=args.port,
                        users=users,
                        duration=args.duration,
                        classes=["BaselineUser"],
                        prefix=out / f"load-base-{users}",
                        env=env,
                        roots=roots,
                    )
                )
                print(f"    {json.dumps(figures['baseline'][-1]['total'])}", file=sys.stderr)
            for model in args.models:
                settle(args.port)
                offered = args.rate if model == "offered" else 0
                print(
                    f"==> mix, {users} users, {model} {offered or ''}, {args.duration} s (load {loadavg()})",
                    file=sys.stderr,
                )
                figures["runs"].append(
                    run_locust(
                        port=args.port,
                        users=users,
                        duration=args.duration,
                        classes=MIX,
                        prefix=out / f"load-mix-{model}-{users}",
                        env=env,
                        settle=args.settle,
                        roots=roots,
                        model=model,
                        rate=offered,
                    )
                )
                print(f"    {json.dumps(figures['runs'][-1]['total'])}", file=sys.stderr)
        figures["slowest_statements"] = slowest_statements(url)
    finally:
        server.stop()
    for run in figures["runs"] + figures["baseline"]:
        # CPU seconds of the server (web + workers, PostgreSQL) per request, and what two
        # cores given to it alone would serve at that cost
        cpu, requests = sum(run["server_cpu_s"]), run["total"].get("requests", 0) if run["total"] else 0
        if cpu and requests:
            run["server_cpu_ms_per_request"] = round(1000 * cpu / requests, 1)
            run["rps_on_2_free_cores"] = round(2 / (cpu / requests), 1)
    figures["target"] = {"rps": 47, "p95_ms": 300, "errors": 0}
    figures["target_met"] = {
        f"{r['model']} {r['users']} users": bool(
            r["total"] and r["total"]["rps"] >= 47 and r["total"]["p95_ms"] < 300 and r["total"]["failures"] == 0
        )
        for r in figures["runs"]
    }
    return figures


if __name__ == "__main__":
    print(json.dumps(main(), default=str))
