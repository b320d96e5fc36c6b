"""A PostgreSQL 15 cluster that outlives one benchmark run, so that the million rows are loaded
once (bench/load.py, bench/faults.py). Started as scripts/with-postgres starts its throw-away
one (a dedicated OS user when run as root, a Unix socket only), but durable: fsync and
synchronous commit stay on, as in production, so that a kill -9 proves what it should.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OS_USER = os.environ.get("LOKET_PG_OS_USER", "loketpg")


def _bin() -> Path:
    for candidate in (Path("/usr/lib/postgresql/15/bin"),):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if not found:
        raise SystemExit("PostgreSQL 15 is not installed: apt-get install postgresql")
    return Path(os.path.realpath(found)).parent


def _as_pg(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.getuid() == 0:
        args = ["runuser", "-u", OS_USER, "--", *args]
    kwargs.setdefault("check", False)
    return subprocess.run(args, cwd="/", **kwargs)


class Cluster:
    """One cluster in ``folder`` (data/, its socket and its log)."""

    def __init__(self, folder: Path, port: int = 54340):
        self.folder, self.port = Path(folder).resolve(), port
        self.data, self.log = self.folder / "data", self.folder / "log"

    @property
    def url(self) -> str:
        return f"postgres://loket@/loket?host={self.folder}&port={self.port}"

    def pid(self) -> int | None:
        pidfile = self.data / "postmaster.pid"
        try:
            pid = int(pidfile.read_text().split()[0])
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError, IndexError):
            return None

    def ensure(self) -> bool:
        """Create (if need be) and start the cluster; True when it was created now."""
        created = False
        if not (self.data / "PG_VERSION").exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            if os.getuid() == 0:
                subprocess.run(["id", OS_USER], check=False, capture_output=True).returncode == 0 or subprocess.run(
                    [
                        "useradd",
                        "--system",
                        "--no-create-home",
                        "--home-dir",
                        "/nonexistent",
                        "--shell",
                        "/usr/sbin/nologin",
                        OS_USER,
                    ],
                    check=False,
                )
                shutil.chown(self.folder, OS_USER)
            self.folder.chmod(0o755)
            _as_pg(
                [
                    str(_bin() / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "loket",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                capture_output=True,
            )
            created = True
        if self.pid() is None:
            self.start()
        if created:
            _as_pg(
                [str(_bin() / "createdb"), "-h", str(self.folder), "-p", str(self.port), "-U", "loket", "loket"],
                check=True,
            )
        return created

    def start(self) -> None:
        opts = (
            f"-k {self.folder} -p {self.port} -c listen_addresses='' -c max_connections=200 "
            "-c shared_buffers=512MB -c work_mem=16MB -c maintenance_work_mem=256MB "
            "-c shared_preload_libraries=pg_stat_statements -c max_wal_size=4GB"
        )
        _as_pg(
            [str(_bin() / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120", "-o", opts, "start"],
            check=True,
            capture_output=True,
        )

    def kill9(self) -> int:
        """kill -9 of the postmaster and every backend at once (as a crash of the server would
        end them); returns how many processes were killed."""
        pid = self.pid()
        if not pid:
            return 0
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout.split()
        victims = [pid, *map(int, children)]
        for victim in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(victim, 9)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(v) for v in victims):
            time.sleep(0.1)
        return len(victims)

    def stop(self) -> None:
        _as_pg([str(_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"], check=False, capture_output=True)

    def psql(self, sql: str) -> str:
        out = _as_pg(
            [
                str(_bin() / "psql"),
                "-h",
                str(self.folder),
                "-p",
                str(self.port),
                "-U",
                "loket",
                "-d",
                "loket",
                "-AtX",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (killed, not yet reaped by its parent) counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def from_env(default: Path) -> tuple[str, Cluster | None]:
    """DATABASE_URL when given (a cluster somebody else runs), else our own under ``default``."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url, None
    cluster = Cluster(default)
    cluster.ensure()
    return cluster.url, cluster
