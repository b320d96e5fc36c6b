"""Settings read from the environment (see the README's table)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _language(value: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LOKET_LANGUAGE"}
    if value is not None:
        env["LOKET_LANGUAGE"] = value
    env["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.utils.translation import gettext as _; "
        "print(settings.LANGUAGE_CODE, _('line %(number)d: %(reason)s') % {'number': 3, 'reason': '…'})"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_commands_speak_dutch_unless_told_otherwise():
    assert _language(None).stdout.split("\n")[0] == "nl regel 3: …"
    assert _language("en").stdout.split("\n")[0] == "en line 3: …"


def test_an_unknown_language_is_refused_with_the_choices():
    done = _language("fr")
    assert done.returncode != 0
    assert "LOKET_LANGUAGE is 'fr'; use one of nl, en." in done.stderr
