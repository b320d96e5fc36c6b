"""One locust run of bench/load.py (headless, one process, 127.0.0.1 only) and its figures:
requests per second, percentiles, failures, statuses, the server's CPU seconds; and the
slowest statements of PostgreSQL (pg_stat_statements) over the runs."""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from load_server import loadavg, tree_cpu_seconds

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


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
    settle: int = 0,
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
        LOKET_BENCH_SETTLE=str(settle),
    )
    start = users // spawn + 2 + settle  # seconds from the start to the first counted request
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
        f"{duration + start}s",
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
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    mark: dict = {}

    def steady():  # every user started and settled: from here on locust counts, and so do we
        mark["wall"], mark["cpu"] = time.monotonic(), [tree_cpu_seconds(r) for r in roots]

    timer = threading.Timer(start, steady)
    timer.start()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=duration + 300, check=False)
    after = loadavg()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
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
        # the load generator shares the 2 cores: its CPU over the whole run, ramp included
        "locust_cpu_s": round(used.ru_utime + used.ru_stime - children.ru_utime - children.ru_stime, 1),
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
