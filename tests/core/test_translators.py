"""A translator corrects a client text without a code change or a deployment (issue 13, item 5):
django-rosetta at /desk/translations/, for the translator role only, on the catalogues in
settings.TRANSLATIONS_DIR; every correction is in the audit log and served at once."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import polib
import pytest

from loket.core import translations
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role

WELCOME = "Welcome to %(name)s"
SHIPPED_AR = "مرحبًا بك في %(name)s"
CORRECTED_AR = "أهلًا وسهلًا بك في %(name)s"
# As the home page shows them, with the site's name filled in.
SHOWN_AR = SHIPPED_AR % {"name": "Loket"}
CORRECTED_SHOWN_AR = CORRECTED_AR % {"name": "Loket"}


@pytest.fixture
def catalogues(settings, tmp_path):
    settings.TRANSLATIONS_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path]
    settings.TRANSLATIONS_CHECK_SECONDS = 0
    translations.prepare(["ar"])
    yield tmp_path / "ar" / "LC_MESSAGES" / "django.po"
    translations.reload_translations()


def _md5(entry) -> str:
    return hashlib.md5((entry.msgid + entry.msgstr + (entry.msgctxt or "")).encode()).hexdigest()


def _correct(client, path: Path, msgid: str, text: str):
    entry = polib.pofile(str(path)).find(msgid)
    return client.post("/desk/translations/files/project/ar/0/", {f"m_{_md5(entry)}": text})


def test_a_translator_corrects_a_text_and_it_is_served_and_logged(client, db, make_user, catalogues):
    assert SHOWN_AR in client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    translator = make_user(Role.TRANSLATOR, username="vertaler")
    client.force_login(translator)
    listing = client.get("/desk/translations/files/project/")
    assert listing.status_code == 200 and "/desk/translations/files/project/ar/0/" in listing.content.decode()
    assert client.get("/desk/translations/files/project/ar/0/").status_code == 200

    response = _correct(client, catalogues, WELCOME, CORRECTED_AR)
    assert response.status_code == 302

    assert polib.pofile(str(catalogues)).find(WELCOME).msgstr == CORRECTED_AR
    entry = AuditEntry.objects.get(action="translation.corrected")
    assert entry.actor == "vertaler"
    assert entry.data["language"] == "ar" and entry.data["msgid"] == WELCOME
    assert entry.data["old"] == SHIPPED_AR and entry.data["new"] == CORRECTED_AR
    client.logout()
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert CORRECTED_SHOWN_AR in page and SHOWN_AR not in page

    # The next deployment keeps the correction.
    assert translations.prepare(["ar"]) == {"ar": 1}
    assert polib.pofile(str(catalogues)).find(WELCOME).msgstr == CORRECTED_AR


@pytest.mark.parametrize("roles", [(), (Role.CONTACT_AGENT,), (Role.ADMINISTRATOR,), (Role.TEAM_LEAD,)])
def test_only_the_translator_role_opens_the_catalogues(client, db, make_user, catalogues, roles):
    client.force_login(make_user(*roles, username="medewerker"))
    for url in ("/desk/translations/files/project/", "/desk/translations/files/project/ar/0/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")
    _correct(client, catalogues, WELCOME, "gehackt")
    assert polib.pofile(str(catalogues)).find(WELCOME).msgstr == SHIPPED_AR
    assert not AuditEntry.objects.filter(action="translation.corrected").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db, catalogues):
    response = client.get("/desk/translations/files/project/")
    assert response.status_code == 302 and response["Location"].startswith("/account/sign-in/")


def test_a_correction_saved_by_another_process_is_served_without_a_restart(client, db, catalogues):
    """Another gunicorn worker (or node) saved the catalogue: this process notices the newer
    compiled file and drops its cached translations."""
    assert SHOWN_AR in client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    po = polib.pofile(str(catalogues))
    po.find(WELCOME).msgstr = CORRECTED_AR
    po.save(str(catalogues))
    mo = catalogues.with_suffix(".mo")
    po.save_as_mofile(str(mo))
    later = mo.stat().st_mtime_ns + 2_000_000_000
    os.utime(mo, ns=(later, later))
    assert CORRECTED_SHOWN_AR in client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()


def test_a_release_text_comes_through_where_nobody_corrected_it(db, catalogues):
    po = polib.pofile(str(catalogues))
    entry = po.find("Make a report")
    entry.msgstr = "نص قديم"  # as if shipped by an earlier release: its digest comment matches
    entry.tcomment = translations.SHIPPED + translations._digest(entry)
    po.save(str(catalogues))
    assert translations.prepare(["ar"]) == {"ar": 0}
    assert polib.pofile(str(catalogues)).find("Make a report").msgstr == "قدِّم بلاغًا"


def test_the_translators_catalogue_holds_every_client_text(catalogues):
    ids = {e.msgid for e in polib.pofile(str(catalogues))}
    assert {WELCOME, "Ask us a question", "Your question", "Skip to content"} <= ids
    assert "Only mine" not in ids  # a staff text
    assert re.search(r"Plural-Forms: nplurals=6", catalogues.read_text())


def test_a_correction_that_breaks_a_placeholder_is_refused_and_logged(client, db, make_user, catalogues):
    """Bad input changes nothing: a text that lost its %(reference)s would break the page."""
    msgid = "Your report %(reference)s"
    shipped = polib.pofile(str(catalogues)).find(msgid).msgstr
    client.force_login(make_user(Role.TRANSLATOR, username="vertaler"))
    response = _correct(client, catalogues, msgid, "بلاغك")
    assert response.status_code == 302
    assert polib.pofile(str(catalogues)).find(msgid).msgstr == shipped
    refused = AuditEntry.objects.get(action="translation.refused")
    assert refused.data["new"] == "بلاغك" and "placeholders" in refused.data["problems"][0]
    assert not AuditEntry.objects.filter(action="translation.corrected").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Niet bewaard" in page or "Not saved" in page
