"""Production settings are the default (issue 12, item 2): with ``LOKET_DEBUG`` defaulting
to on, a public 500 showed Django's debug page, and ``POST /melden`` (no slash) was such a
500 (APPEND_SLASH cannot redirect a POST under DEBUG). Debugging is now off unless asked
for, and a POST without the slash is sent on with a 308, which keeps the method and body."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, debug: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LOKET_DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="loket.settings", LOKET_VAR_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    if debug is not None:
        env["LOKET_DEBUG"] = debug
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from django.test import Client; "
        "r = Client(raise_request_exception=False).post('/melden', {'description': 'x'}, secure=True); "
        "print(json.dumps({'debug': settings.DEBUG, 'status': r.status_code, 'location': r.get('Location'), "
        "'traceback': b'Traceback' in r.content}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("debug, expected", [(None, False), ("0", False), ("1", True)])
def test_debugging_is_off_unless_asked_and_post_without_slash_is_a_308(tmp_path, debug, expected):
    outcome = _run(tmp_path, debug)
    assert outcome == {"debug": expected, "status": 308, "location": "/melden/", "traceback": False}


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_the_308_carries_the_report_form_to_its_page(client, settings, debug):
    settings.DEBUG = debug
    response = client.post("/melden", {"description": ""}, HTTP_ACCEPT_LANGUAGE="nl")
    assert (response.status_code, response["Location"]) == (308, "/melden/")
    followed = client.post(response["Location"], {"description": ""}, HTTP_ACCEPT_LANGUAGE="nl")
    assert followed.status_code == 200  # the form again, with its messages: nothing lost, nothing stored


def test_a_get_without_slash_is_still_a_plain_redirect(client):
    response = client.get("/melden")
    assert (response.status_code, response["Location"]) == (301, "/melden/")


def test_the_reporters_address_is_removed_on_the_path_without_slash_too():
    from loket.core.middleware import is_reporter_path

    assert is_reporter_path("/melden") and is_reporter_path("/melden/") and not is_reporter_path("/meldenx")
