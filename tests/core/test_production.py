"""Production settings and what an operator relies on: `check --deploy` is clean under the
production environment, every page carries the security headers, /healthz tells the truth
without a sign-in, and the request log holds no personal data."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from loket.core.audit_models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    """The environment scripts/prod runs Loket in (without a database: checks need none)."""
    # Not the test run's own settings (LOKET_*, DJANGO_*: the browser tests allow async-unsafe calls).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOKET_", "DJANGO_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        LOKET_DEBUG="0",
        LOKET_SECRET_KEY=secrets.token_urlsafe(50),
        LOKET_ALLOWED_HOSTS="loket.example.org",
        LOKET_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOKET_STATIC_FINDERS="0",
        # Production never runs on generated demo keys of the audit log (issue 12, item 5).
        LOKET_AUDIT_DEMO_KEYS="0",
        **extra,
    )
    return env


def deploy_check(env):
    return subprocess.run(
        [sys.executable, "-m", "loket", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_in_production():
    result = deploy_check(production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_refuses_the_demo_secret_key():
    env = production_env()
    del env["LOKET_SECRET_KEY"]
    result = deploy_check(env)
    assert result.returncode != 0
    assert "loket.E001" in result.stderr and "LOKET_SECRET_KEY is not set" in result.stderr


def test_check_deploy_without_https_says_what_is_missing():
    # LOKET_HTTPS=0 (a closed load test) is not a production set-up, and the check says so.
    result = deploy_check(production_env(LOKET_HTTPS="0"))
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    response = client.get("/account/sign-in/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_no_template_has_inline_script_or_style(client):
    # What the browser test checks page by page, checked here for every template at once.
    offenders = []
    for template in sorted(ROOT.glob("loket/*/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        # Three stand-alone documents (a downloaded export, the re-audit report file, and
        # SIGNALS.html written by `loket integrity signals`, which is sent around as one
        # file) are opened from disk, where no policy applies; they keep their styles inline.
        if template.name in ("export_document.html", "audit_report.html", "signals_report.html"):
            continue
        for needle in (
            "<script>",
            "<style",
            " style=",
            " onclick=",
            " onchange=",
            " onsubmit=",
            " onload=",
            "javascript:",
        ):
            if needle in text:
                offenders.append(f"{template.relative_to(ROOT)}: {needle.strip()}")
    assert not offenders, offenders


# /healthz


@pytest.mark.django_db
def test_healthz_answers_without_a_sign_in_and_writes_no_audit_entry(client):
    before = AuditEntry.objects.count()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "task_backlog_seconds": None},
    }
    assert AuditEntry.objects.count() == before
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_fails_while_migrations_are_pending(client, monkeypatch):
    from loket.core import health

    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: ["one", "two"])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["migrations"] == "2 pending"


@pytest.mark.django_db
def test_healthz_fails_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import OperationalError

    from loket.core import health

    class Broken:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "checks": {"database": "unreachable (OperationalError)"}}


@pytest.mark.django_db
def test_healthz_reports_how_long_the_oldest_due_task_has_waited(client, settings):
    from loket.whistle.tasks import check_deadlines_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        check_deadlines_task.enqueue()
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        check_deadlines_task.enqueue()
        body = client.get("/healthz").json()
    assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "task_backlog_seconds": 300.0}}
    # No worker took them for 20 minutes: the node still serves, but says the queue lags.
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["task_backlog_seconds"] == 1200.0


# The request log

PERSONAL = ["1234567890", "Fatima", "Yilmaz", "fatima.yilmaz@example.org", "K7Q2-M9XP-4TZD-8RWN", "1987-03-14"]


@pytest.fixture
def log_lines():
    """What the configured console handler writes, as it would reach the log collector."""
    stream = io.StringIO()
    console = logging.getLogger("loket").handlers[0]
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for f in console.filters:
        handler.addFilter(f)
    loggers = [logging.getLogger(name) for name in ("loket", "django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_request_is_one_json_line_without_personal_data(client, log_lines):
    client.get("/contact/", {"naam": "Fatima Yilmaz", "v": "1234567890", "mail": "fatima.yilmaz@example.org"})
    client.post("/melden/terugkomen/", {"receipt": "K7Q2-M9XP-4TZD-8RWN", "born": "1987-03-14"})
    client.get("/desk/clients/1234567890/Fatima-Yilmaz/")  # no such page: a 404 names its path
    client.get("/healthz")
    lines = log_lines()
    text = json.dumps(lines)
    assert not [value for value in PERSONAL if value in text], text
    requests = [line for line in lines if line["logger"] == "loket.request"]
    # The reporting channel's request is not in the log at all (its time could name the reporter).
    assert [(r["method"], r["route"], r["status"]) for r in requests] == [("GET", "contact/", 200), ("GET", None, 404)]
    assert all(len(r["request_id"]) == 32 and r["duration_ms"] >= 0 for r in requests)
    # Django's own "Not Found" line keeps its reason and status, not the path.
    assert any(
        line["logger"] == "django.request"
        and line["message"] == "Not Found: [path withheld]"
        and line["status_code"] == 404
        for line in lines
    )


@pytest.mark.django_db
def test_a_proxy_request_id_is_kept_and_echoed(client, log_lines):
    response = client.get("/contact/", HTTP_X_REQUEST_ID="edge-4f2a9c1e")
    assert response["X-Request-ID"] == "edge-4f2a9c1e"
    assert log_lines()[-1]["request_id"] == "edge-4f2a9c1e"
    # Anything else the proxy sends in its place is not copied into the log.
    response = client.get("/contact/", HTTP_X_REQUEST_ID="fatima.yilmaz@example.org")
    assert response["X-Request-ID"] != "fatima.yilmaz@example.org"


def test_a_traceback_keeps_where_it_failed_but_not_the_message(log_lines):
    logger = logging.getLogger("loket.test")
    vnumber, name = PERSONAL[0], PERSONAL[1]
    try:
        raise ValueError(f"client {vnumber} {name}")
    except ValueError:
        logger.exception("import failed")
    line = log_lines()[-1]
    assert line["message"] == "import failed"
    assert "builtins.ValueError" in line["exc_info"] and "test_production.py" in line["exc_info"]
    assert "1234567890" not in json.dumps(line) and "Fatima" not in json.dumps(line)
