"""The short fault benchmark (bench/faults.py --short): kill -9 of a web worker, of the task
worker and of PostgreSQL while clients write; every acknowledged contact and report is
there, nothing is half-written, the deadline watch's effect happens once, and the audit log
verifies. It starts its own PostgreSQL cluster (it must kill and restart it), so it runs
once, in the PostgreSQL run of the suite."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="kills and restarts a PostgreSQL cluster of its own: runs in the PostgreSQL run",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_acknowledged_writes_survive_kill_9_of_web_worker_task_worker_and_postgresql():
    folder = Path(tempfile.mkdtemp(prefix="loket-faults-test-", dir="/tmp"))
    folder.chmod(0o755)  # the cluster's own OS user must reach its folder
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    try:
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "faults.py"),
                "--short",
                "--discard",
                "--folder",
                str(folder / "pg"),
                "--port",
                str(free_port()),
                "--pg-port",
                str(free_port()),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert [e.get("killed") for e in figures["events"] if e.get("killed")] == [
        "web worker",
        "task worker",
        "postgresql",
    ]
    assert figures["acknowledged"]["contacts"] > 0 and figures["acknowledged"]["reports"] > 0
    assert figures["lost"] == {"contacts": 0, "reports": 0}
    assert figures["doubled"] == {"contacts": 0} and figures["contact_on_other_question"] == 0
    assert figures["receipts_failed"] == 0
    assert figures["half_written"] == {"reports": 0, "contacts": 0}
    effects = figures["task_effects"]
    assert effects["acknowledged_reports_without_reminder"] == 0
    assert effects["reminder_rows_twice"] == 0 and effects["reminder_audit_twice"] == 0
    assert effects["mails_twice"] <= effects["mails_twice_allowed"]
    assert figures["audit_verify"]["exit"] == 0, figures["audit_verify"]["output"]
    assert done.returncode == 0 and figures["passed"]
