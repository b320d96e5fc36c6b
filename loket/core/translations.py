"""Translators correct client texts without a code change or a deployment (issue 13, item 5).

The corrections live in catalogues outside the code, in ``settings.TRANSLATIONS_DIR``
(``LOKET_TRANSLATIONS_DIR``, by default ``var/translations``), which is first in
``LOCALE_PATHS`` and so wins over the apps' own catalogues. ``loket prepare_translations``
writes there, for each language, one catalogue with every client-facing text, keeping what a
translator already changed; a translator (role ``translator``) edits it in django-rosetta at
/desk/translations/. Each saved correction is written to the audit log, and every web
process notices the newer compiled catalogue within ``TRANSLATIONS_CHECK_SECONDS`` and
drops its cached translations, so the corrected text is served without a restart.
"""

from __future__ import annotations

import gettext as gettext_module
import hashlib
import json
import os
import re
import threading
import time
from collections import Counter
from pathlib import Path

import polib
from django.conf import settings
from django.contrib import messages
from django.core.checks import Warning, register
from django.utils.translation import gettext as _, trans_real

from . import audit
from .languages import CLIENT_LANGUAGES, CLIENT_MARK, CLIENT_SOURCES
from .templatetags import local_dates

LOKET = Path(__file__).resolve().parents[1]
_lock = threading.Lock()
_seen = {"checked": 0.0, "stamp": None}
_pending = threading.local()


PLACEHOLDER = re.compile(
    r"%%|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{[^{}\s]*\}"
)
TAG = re.compile(r"<[^<>]+>")


def placeholders(text: str) -> Counter:
    return Counter(p for p in PLACEHOLDER.findall(text) if p != "%%")


def tags(text: str) -> Counter:
    return Counter(" ".join(t.split()) for t in TAG.findall(text))


def unfaithful(msgid: str, msgid_plural: str, text: str) -> list[str]:
    """How a translation differs from its source in what the code fills in or renders: its
    placeholders (%(name)s, %s, {0}) and its HTML tags. An empty list when it does not."""
    problems = []
    source = placeholders(msgid) | placeholders(msgid_plural or "")
    if set(placeholders(text)) != set(source):
        problems.append(f"placeholders {sorted(placeholders(text))} differ from {sorted(source)}")
    if tags(text) != tags(msgid):
        problems.append(f"markup {sorted(tags(text))} differs from {sorted(tags(msgid))}")
    return problems


def translations_dir() -> Path | None:
    configured = getattr(settings, "TRANSLATIONS_DIR", None)
    return Path(configured) if configured else None


def _client_facing(app: str, entry: polib.POEntry) -> bool:
    if CLIENT_MARK in (entry.comment or ""):
        return True
    return any(f"{app}/{ref}".startswith(CLIENT_SOURCES) for ref, _line in entry.occurrences)


def _key(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


SHIPPED = "shipped "


def _digest(entry: polib.POEntry) -> str:
    text = json.dumps([entry.msgstr, sorted(entry.msgstr_plural.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _corrected(entry: polib.POEntry) -> bool:
    """True when a translator changed the text since it was shipped (its comment keeps the
    digest of the shipped text)."""
    for line in (entry.tcomment or "").splitlines():
        if line.startswith(SHIPPED):
            return line[len(SHIPPED) :].strip() != _digest(entry)
    return False


def prepare(languages=None) -> dict[str, int]:
    """Write the translators' catalogue of each language; return the number of corrections kept.

    An entry a translator corrected is kept; any other entry takes the apps' current text, so
    that a release's new and improved texts come through."""
    kept = {}
    for lang in languages or [code for code in CLIENT_LANGUAGES if code != "en"]:
        shipped: dict[tuple, polib.POEntry] = {}
        for path in sorted(LOKET.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")):
            app = path.parts[-5]
            for entry in polib.pofile(str(path)):
                if not entry.obsolete and _client_facing(app, entry):
                    shipped.setdefault(_key(entry), entry)
        target = translations_dir() / lang / "LC_MESSAGES" / "django.po"
        old = {_key(e): e for e in polib.pofile(str(target))} if target.exists() else {}
        po = polib.POFile(wrapwidth=78)
        po.metadata = {
            "Project-Id-Version": "Loket",
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
        for path in LOKET.glob(f"portal/locale/{lang}/LC_MESSAGES/django.po"):
            po.metadata["Plural-Forms"] = polib.pofile(str(path)).metadata.get("Plural-Forms", "")
        corrections = 0
        for key, entry in shipped.items():
            fresh = polib.POEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgctxt=entry.msgctxt,
                msgstr=entry.msgstr,
                msgstr_plural=dict(entry.msgstr_plural),
                occurrences=entry.occurrences,
                flags=[f for f in entry.flags if f != "fuzzy"],
            )
            fresh.tcomment = SHIPPED + _digest(fresh)
            before = old.get(key)
            if before is not None and _corrected(before):
                fresh.msgstr, fresh.msgstr_plural = before.msgstr, dict(before.msgstr_plural)
                fresh.flags = list(before.flags)
                corrections += 1
            po.append(fresh)
        target.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(target))
        po.save_as_mofile(str(target.with_suffix(".mo")))
        kept[lang] = corrections
    reload_translations()
    return kept


@register()
def translators_catalogues_are_current(app_configs, **kwargs):
    """A translators' catalogue older than an app's catalogue hides the newer texts."""
    root = translations_dir()
    stale = []
    for target in sorted(root.glob("*/LC_MESSAGES/django.po")) if root and root.is_dir() else []:
        lang = target.parts[-3]
        newest = max((p.stat().st_mtime for p in LOKET.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")), default=0)
        if newest > target.stat().st_mtime:
            stale.append(lang)
    if stale:
        return [
            Warning(
                f"The translators' catalogues in {root} are older than the apps' ({', '.join(stale)}).",
                hint="Run `loket prepare_translations` (scripts/prod does it at every start).",
                id="loket.W020",
            )
        ]
    return []


# --- serving a correction without a restart ---------------------------------------------------


def _stamp():
    root = translations_dir()
    if root is None or not root.is_dir():
        return None
    return max((p.stat().st_mtime_ns for p in root.glob("*/LC_MESSAGES/django.mo")), default=None)


def reload_translations() -> None:
    """Forget this process's compiled catalogues: Django caches them for the process's life,
    and Python's gettext caches each .mo file it opened by its path."""
    root = translations_dir()
    with _lock:
        if root is not None:
            prefix = os.path.abspath(root)
            for key in [k for k in list(gettext_module._translations) if str(k[1]).startswith(prefix)]:
                gettext_module._translations.pop(key, None)
        trans_real._translations = {}
        trans_real._default = None
        trans_real.translation_catalog_exists.cache_clear()
        local_dates.clear()  # month names may have been corrected
        _seen["stamp"] = _stamp()
        _seen["checked"] = time.monotonic()


def reload_if_changed() -> bool:
    """Called on each request: at most every TRANSLATIONS_CHECK_SECONDS, look whether a
    translator saved a newer catalogue (in any process, on any node sharing the directory)."""
    interval = getattr(settings, "TRANSLATIONS_CHECK_SECONDS", 5)
    now = time.monotonic()
    if now - _seen["checked"] < interval:
        return False
    _seen["checked"] = now
    stamp = _stamp()
    if stamp == _seen["stamp"]:
        return False
    reload_translations()
    return True


# --- the audit log of corrections (django-rosetta's signals) ----------------------------------


def entry_changed(sender, user=None, old_msgstr="", old_fuzzy=False, pofile="", language_code="", **kwargs):
    """Rosetta sends this for each changed entry before it saves the file. A text that lost or
    gained a placeholder or a tag would break the page (or be shown untranslated): it is put
    back as it was. Either way the change waits here until the file is saved."""
    pending = getattr(_pending, "changes", None)
    if pending is None:
        pending = _pending.changes = []
    new = sender.msgstr if not sender.msgid_plural else dict(sender.msgstr_plural)
    texts = [sender.msgstr] if not sender.msgid_plural else list(sender.msgstr_plural.values())
    problems = [p for text in texts if text for p in unfaithful(sender.msgid, sender.msgid_plural, text)]
    if problems:
        if sender.msgid_plural:
            sender.msgstr_plural = dict(old_msgstr) if isinstance(old_msgstr, dict) else sender.msgstr_plural
        else:
            sender.msgstr = old_msgstr
        if old_fuzzy and "fuzzy" not in sender.flags:
            sender.flags.append("fuzzy")
        elif not old_fuzzy and "fuzzy" in sender.flags:
            sender.flags.remove("fuzzy")
    root = translations_dir()
    path = Path(pofile)
    pending.append(
        {
            "language": language_code,
            "msgid": sender.msgid,
            "msgctxt": sender.msgctxt or "",
            "old": old_msgstr,
            "new": new,
            "fuzzy": "fuzzy" in sender.flags,
            "catalogue": str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name,
            "refused": problems,
            "actor": user,
        }
    )


def catalogue_saved(sender, language_code="", request=None, **kwargs):
    """Rosetta saved (and compiled) the catalogue: log each correction, serve it at once."""
    changes = getattr(_pending, "changes", None) or []
    _pending.changes = []
    actor = getattr(request, "user", None)
    for change in changes:
        who = change.pop("actor") or actor
        refused = change.pop("refused")
        audit.record(
            actor=who,
            action="translation.refused" if refused else "translation.corrected",
            object_type="translation",
            object_id=f"{change['language']}:{change['msgid'][:100]}",
            data={**change, "problems": refused} if refused else change,
        )
        if refused and request is not None:
            messages.error(
                request,
                _("Not saved: %(text)s — keep the placeholders and tags of the source text (%(problems)s).")
                % {"text": change["msgid"][:80], "problems": "; ".join(refused)},
            )
    reload_translations()


def connect() -> None:
    from rosetta import signals

    signals.entry_changed.connect(entry_changed, dispatch_uid="loket.translations.entry_changed")
    signals.post_save.connect(catalogue_saved, dispatch_uid="loket.translations.saved")
