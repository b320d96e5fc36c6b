"""The server side of bench/load.py (and bench/faults.py): the production start
(scripts/prod) or gunicorn and a task worker started by us, their environment, and the CPU
time of a process tree, the figure the shared machine's load does not change."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


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
