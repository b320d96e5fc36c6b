"""scripts/prod, started for real on the PostgreSQL of the test run: it migrates a fresh
database, serves pages through gunicorn and static files through whitenoise with the
security headers, runs tasks in its workers, logs JSON lines, and stops cleanly on SIGTERM.
Runs in the PostgreSQL run of the suite (scripts/with-postgres); skipped on SQLite."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not URL.startswith(("postgres://", "postgresql://")),
    reason="starts scripts/prod on the PostgreSQL that scripts/with-postgres provides",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def fresh_database():
    """A database of its own in the run's cluster, dropped afterwards."""
    import psycopg

    name = f"loket_prod_{secrets.token_hex(4)}"
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(URL)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def output_of(tmp_path) -> str:
    return (tmp_path / "prod.log").read_text()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_scripts_prod_serves_and_stops_cleanly(fresh_database, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOKET_", "DJANGO_"))}
    env.update(DATABASE_URL=fresh_database, LOKET_VAR_DIR=str(tmp_path / "var"))
    log = (tmp_path / "prod.log").open("w+")
    prod = subprocess.Popen(
        [str(ROOT / "scripts" / "prod"), "--port", str(port), "--web-workers", "2", "--task-workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # Ready: the first start migrates and compresses the static files (a minute or two).
        deadline = time.monotonic() + 600
        health = None
        while time.monotonic() < deadline:
            assert prod.poll() is None, (tmp_path / "prod.log").read_text()
            try:
                status, _headers, body = _get(f"{base}/healthz")
                health = json.loads(body)
                if status == 200 and health["status"] == "ok":
                    break
            except (OSError, ValueError):
                pass
            time.sleep(2)
        assert health and health["status"] == "ok", (health, (tmp_path / "prod.log").read_text())
        assert health["checks"]["migrations"] == "ok"

        # The audit log is anchored from the start: a signed checkpoint is in the checkpoint file.
        checkpoints = tmp_path / "var" / "audit-checkpoints" / "checkpoints.jsonl"
        while time.monotonic() < deadline and not checkpoints.exists():
            time.sleep(1)
        assert json.loads(checkpoints.read_text().splitlines()[0])["sig"], output_of(tmp_path)

        # Plain HTTP is sent to HTTPS; through the proxy (X-Forwarded-Proto) the page is served.
        status, headers, _body = _get(f"{base}/account/sign-in/")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/account/sign-in/"
        status, headers, body = _get(f"{base}/account/sign-in/", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and b"<form" in body
        assert headers["Server"] == "gunicorn"
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
        assert "Secure" in headers["Set-Cookie"]

        # A static file: whitenoise's compressed copy, collected under var/static.
        status, headers, body = _get(
            f"{base}/static/vendor/utrecht-css/index.css", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        )
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert headers["Strict-Transport-Security"] and headers["X-Content-Type-Options"] == "nosniff"
        assert (tmp_path / "var" / "static" / "vendor" / "utrecht-css" / "index.css.gz").exists()

        # A task put on the queue is run by a `loket worker`.
        python = [sys.executable, "-m", "loket", "shell", "-v", "0", "-c"]
        task_env = {
            **env,
            "PYTHONPATH": str(ROOT),
            "LOKET_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOKET_SECRET_KEY": "x" * 50,
        }
        task_id = subprocess.run(
            python + ["from loket.whistle.tasks import check_deadlines_task as t; print(t.enqueue().id)"],
            cwd=ROOT,
            env=task_env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.strip()
        state = ""
        ask = f"from django_tasks_db.models import DBTaskResult as R; print(R.objects.get(id='{task_id}').status)"
        for _ in range(60):
            state = subprocess.run(
                python + [ask], cwd=ROOT, env=task_env, capture_output=True, text=True, check=True, timeout=120
            ).stdout.strip()
            if state in ("SUCCESSFUL", "FAILED"):
                break
            time.sleep(2)
        assert state == "SUCCESSFUL"

        gunicorn = int((tmp_path / "var" / "run" / "gunicorn.pid").read_text())
        worker = int((tmp_path / "var" / "run" / "worker-1.pid").read_text())
        assert _alive(gunicorn) and _alive(worker)
    finally:
        prod.send_signal(signal.SIGTERM)
        try:
            prod.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(prod.pid, signal.SIGKILL)
            raise
    output = (tmp_path / "prod.log").read_text()
    assert prod.returncode == 0, output
    assert "==> Stopping Loket" in output
    assert not _alive(gunicorn) and not _alive(worker)
    # One JSON line per request, by route: the sign-in page's line is there, /healthz's is not.
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    routes = [line.get("route") for line in lines if line.get("logger") == "loket.request"]
    assert "account/sign-in/" in routes and "healthz" not in routes
