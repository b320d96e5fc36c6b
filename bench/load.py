"""Load benchmark (issue 12): the service's mix against the production start on PostgreSQL
with 1,000,000 clients and 1,000,000 cases on file.

1. A PostgreSQL cluster under var/bench-pg (or DATABASE_URL), migrated, with the demo staff
   and the bulk rows (bench/bulkdata.py; loaded once, a re-run finds them).
2. The production start: scripts/prod when the branch has it, else gunicorn (sync workers)
   and one `loket worker`, with LOKET_DEBUG=0.
3. Locust, headless, one process, against 127.0.0.1 only: the mix of bench/locustfile.py at
   each number of users, then the baseline (one static file through the same gunicorn)
   at the same numbers. Statistics are reset once every user has started (sign-ins and
   ramp-up are not counted).
4. The slowest statements by mean time (pg_stat_statements), and the load average.

Prints its figures as JSON on the last line.
    .venv/bin/python bench/load.py                     # 50 and 200 users, 60 s each
    .venv/bin/python bench/load.py --users 50 --duration 30 --clients 20000 --cases 20000 --folder var/bench-pg-small
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import pgcluster  # noqa: E402  (a sibling module, found through the path set above)

MIX = ["ClientUser", "AgentUser", "OfficerUser", "ReporterUser"]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _ticks(pid: int, with_reaped: bool) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    # utime, stime (and cutime, cstime: the children it has reaped) after the command name
    return sum(int(f) for f in fields[11 : 15 if with_reaped else 13])


def tree_cpu_seconds(root: int | None) -> float:
    """CPU time of ``root`` and everything under it, reaped children included: the server's
    own cost, whatever else the shared machine runs."""
    if not root:
        return 0.0
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _ticks(pid, True)
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout.split()
        todo.extend(int(c) for c in children)
    return total / os.sysconf("SC_CLK_TCK")


def server_env(url: str) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        LOKET_DEBUG="0",
        PYTHONPATH=str(ROOT),
        LOKET_SECRET_KEY=os.environ.get("LOKET_SECRET_KEY") or secrets.token_urlsafe(50),
        LOKET_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        DJANGO_SETTINGS_MODULE="loket.settings",
        LOKET_HTTPS="0",
    )  # plain HTTP on 127.0.0.1: a closed load test
    return env


class ProdServer:
    """scripts/prod (gunicorn, `loket worker` under its supervisor, migrations, collected
    static files), given our DATABASE_URL; SIGTERM stops it and everything it started."""

    def __init__(self, url: str, port: int, workers: int, log: Path):
        self.url, self.port, self.workers, self.log = url, port, workers, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115  (handed to the child process, which keeps it)
        self.proc = subprocess.Popen(
            [
                str(ROOT / "scripts" / "prod"),
                "--port",
                str(self.port),
                "--web-workers",
                str(self.workers),
                "--task-workers",
                "1",
            ],
            cwd=ROOT,
            env=server_env(self.url),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        deadline = time.monotonic() + 900  # the first start collects and compresses the static files
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"scripts/prod ended (exit {self.proc.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise SystemExit(f"scripts/prod did not answer on 127.0.0.1:{self.port}; see {self.log}")

    def root(self) -> int | None:
        return self.proc.pid if self.proc else None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()


class Server:
    """gunicorn and one task worker, started and ended by us (by process group): for
    bench/faults.py, which must know their process ids."""

    def __init__(self, url: str, port: int, workers: int, log: Path):
        self.url, self.port, self.workers, self.log = url, port, workers, log
        self.procs: list[subprocess.Popen] = []

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115  (handed to the child process, which keeps it)
        self.procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "loket.wsgi",
                    "-w",
                    str(self.workers),
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=server_env(self.url),
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        )
        self.start_worker()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{self.port}; see {self.log}")

    def root(self) -> int | None:
        return self.procs[0].pid if self.procs else None

    def start_worker(self) -> None:
        """`loket worker` (again, after it was killed): procs[1]."""
        out = open(self.log, "ab")  # noqa: SIM115  (handed to the child process, which keeps it)
        worker = subprocess.Popen(
            [sys.executable, "-m", "loket", "worker"],
            cwd=ROOT,
            env=server_env(self.url),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        if len(self.procs) > 1:
            self.procs[1] = worker
        else:
            self.procs.append(worker)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
        self.procs = []


def run_locust(
    *,
    port: int,
    users: int,
    duration: int,
    classes: list[str],
    prefix: Path,
    env: dict,
    roots: list[int | None] = (),
    model: str = "capacity",
    rate: float = 0,
) -> dict:
    spawn = 5  # users started per second: 200 argon2 sign-ins at once would swamp 2 cores
    counts = Path(f"{prefix}_status.json")
    counts.unlink(missing_ok=True)
    env = dict(
        env,
        LOKET_BENCH_MODEL=model,
        LOKET_BENCH_RATE=str(rate),
        LOKET_BENCH_USERS=str(users),
        LOKET_BENCH_COUNTS=str(counts),
    )
    args = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(spawn),
        "-t",
        f"{duration + users // spawn + 2}s",
        "--reset-stats",
        "--only-summary",
        "--csv",
        str(prefix),
        "-H",
        f"http://127.0.0.1:{port}",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    before = loadavg()
    mark: dict = {}

    def steady():  # every user started: from here on locust counts (--reset-stats), and so do we
        mark["wall"], mark["cpu"] = time.monotonic(), [tree_cpu_seconds(r) for r in roots]

    import threading

    timer = threading.Timer(users // spawn + 2, steady)
    timer.start()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=duration + 300, check=False)
    after = loadavg()
    timer.join()
    wall = time.monotonic() - mark["wall"]
    cpu = [round(tree_cpu_seconds(r) - b, 1) for r, b in zip(roots, mark["cpu"])]
    if not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust gave no figures:\n{done.stderr[-3000:]}")
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))

    def ms(value: str) -> float:
        return float(value) if value not in ("", "N/A") else 0.0

    per = {}
    for row in rows:
        per[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": ms(row["50%"]),
            "p95_ms": ms(row["95%"]),
            "p99_ms": ms(row["99%"]),
        }
    failures = (
        [dict(r) for r in csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines())]
        if Path(f"{prefix}_failures.csv").exists()
        else []
    )
    total = per.pop("Aggregated", {})
    statuses = json.loads(counts.read_text()) if counts.exists() else {}
    return {
        "users": users,
        "model": model,
        "offered_rps": rate if model == "offered" else None,
        "seconds": duration,
        "total": total,
        "per_request": per,
        "failures": [{"name": f["Name"], "error": f["Error"][:200], "count": int(f["Occurrences"])} for f in failures][
            :10
        ],
        # every response by request and status: a 403, 404 or a redirect to the sign-in page
        # would show here (and counts as a failure above), never as a fast success
        "statuses": statuses,
        "loadavg_before": before,
        "loadavg_after": after,
        "locust_exit": done.returncode,
        "server_cpu_s": cpu,
        "wall_s": round(wall, 1),
    }


def settle(port: int, timeout: float = 120) -> None:
    """Wait until /healthz answers within a second (the last run's queue worked off)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10):
                pass
        except OSError:
            time.sleep(1)
            continue
        if time.monotonic() - started < 1:
            return
        time.sleep(1)


def slowest_statements(cluster_url: str, limit: int = 8) -> list[dict]:
    import psycopg

    with psycopg.connect(cluster_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        rows = conn.execute(
            "SELECT calls, round(mean_exec_time::numeric, 2), round(total_exec_time::numeric), "
            "left(regexp_replace(query, '\\s+', ' ', 'g'), 300) FROM pg_stat_statements "
            "WHERE query NOT ILIKE '%%pg_stat_statements%%' ORDER BY total_exec_time DESC LIMIT %s",
            (limit,),
        ).fetchall()
    return [{"calls": c, "mean_ms": float(m), "total_ms": float(t), "query": q} for c, m, t, q in rows]


def reset_statements(cluster_url: str) -> None:
    import psycopg

    with psycopg.connect(cluster_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        conn.execute("SELECT pg_stat_statements_reset()")


def prepare(url: str, clients: int, cases: int) -> tuple[dict, int]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    import django

    django.setup()
    import bulkdata

    from loket.cases.models import Case

    loaded = bulkdata.load(clients=clients, cases=cases, out=sys.stderr)
    # Sign a checkpoint of the audit log now: scripts/prod signs one as it starts, which walks
    # the chain from the last checkpoint (1,000,000 draws' entries after the bulk load: minutes of
    # CPU inside the measured runs); from here it covers only the entries since.
    from django.core.management import call_command

    started = time.monotonic()
    call_command("audit", "checkpoint", stdout=sys.stderr)
    loaded["checkpoint_s"] = round(time.monotonic() - started, 1)
    first = Case.objects.filter(reference="BULK-0000000").values_list("pk", flat=True).first() or 1
    from django.db import connections

    connections.close_all()
    return loaded, first


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
        "started_by": "scripts/prod" if prod else "gunicorn",
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
