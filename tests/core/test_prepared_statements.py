"""PostgreSQL prepares the statements a connection repeats (README: LOKET_PG_PREPARED)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from loket.core.models import OrgUnit

ROOT = Path(__file__).resolve().parents[2]


def _options(prepared: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "LOKET_PG_PREPARED"}
    env.update(DJANGO_SETTINGS_MODULE="loket.settings", DATABASE_URL="postgres://u:p@db.example/loket")
    if prepared is not None:
        env["LOKET_PG_PREPARED"] = prepared
    code = "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_prepared_by_default_and_off_for_a_pooler():
    assert _options(None) == {"server_side_binding": True, "prepare_threshold": 5}
    assert "prepare_threshold" not in _options("0")


@pytest.mark.django_db
def test_a_statement_repeated_on_a_connection_is_prepared_once():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(6):
        list(OrgUnit.objects.filter(code="nobody").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ['%"core_orgunit"%'])
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) == 1 and '"code" = $1' in prepared[0]
