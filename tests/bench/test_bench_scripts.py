"""The benchmark scripts still run (at a tiny scale) and end with their figures as JSON: a
change to the code they drive must not break them unnoticed. Each builds its own SQLite
database in a temporary folder, whatever database the suite runs on, so they run once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the scripts use their own SQLite files"),
    pytest.mark.usefixtures("migrated_sqlite"),  # copied, not migrated again
]


def run(script, *args):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_contact_import_reports_both_imports_and_its_baseline():
    figures = run("contact_import.py", "--contacts", "300", "--baseline", "100")
    assert figures["first_import"]["stored"] == 300 and figures["second_import"]["duplicates"] == 300
    assert figures["baseline"]["one_by_one"]["questions_opened"] == figures["baseline"]["batched"]["questions_opened"]


def test_contact_matching_reports_quality_beside_its_baseline():
    figures = run(
        "contact_matching.py",
        "--persons",
        "80",
        *("--only", "client_linking", "--only", "question_grouping", "--only", "first_import"),
    )
    assert 0 < figures["client_linking"]["with_review_decided"]["recall"] <= 1
    assert "exact_match_baseline" in figures["client_linking"]
    assert 0 < figures["question_grouping"]["grouping"]["f1"] <= 1
    first = figures["first_import"]
    assert first["learned_from_the_file"]["learned_from"] == first["contacts"] >= 200  # enough to learn from
    assert first["prior_weights"]["learned_from"] == 0
    assert 0 < first["learned_from_the_file"]["after_relink"]["recall"] <= 1


def test_whistle_reports_intake_and_list_times():
    figures = run("whistle.py", "--reports", "50", "--n", "5")
    assert figures["reports_in_database"] >= 50
