"""Every client-facing string of the appointments app is translated into the ten client
languages (nl, en as the source, ar, fa, ti, tr, uk, ru, so, fr), with the same
placeholders; messages go out in the client's language."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "loket" / "appointments" / "locale"
CLIENT_FILES = (
    "errors.py",
    "services/notify.py",
    "templates/appointments/portal/",
    "templates/appointments/hall/",
    "choices.py",
)
LANGUAGES = ["nl", "ar", "fa", "ti", "tr", "uk", "ru", "so", "fr"]


def _placeholders(text):
    return sorted(re.findall(r"%\(\w+\)s", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_client_strings_are_translated(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    client = [e for e in po if any(f.startswith(CLIENT_FILES) for f, _line in e.occurrences)]
    assert len(client) > 60
    staff_only = {
        "held while the client confirms",
        "offered to a waiting client",
        "waiting",
        "offered a seat",
        "left the list",
        "e-mail",
        "SMS",
    }
    untranslated = [e.msgid for e in client if not e.msgstr and e.msgid not in staff_only]
    assert not untranslated
    assert not [e.msgid for e in po if "fuzzy" in e.flags]
    assert [e.msgid for e in client if e.msgstr and _placeholders(e.msgid) != _placeholders(e.msgstr)] == []


def test_a_refusal_reads_in_arabic():
    from loket.appointments.errors import BookingError

    with translation.override("ar"):
        assert BookingError("slot_full").message == "هذا الموعد محجوز بالكامل. اختر وقتًا آخر."
