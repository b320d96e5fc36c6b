"""Settings for the test suite: the production settings with debugging turned on explicitly.

Production is the default of ``loket.settings`` (issue 12: a public 500 must never show
the debug page, and the site is HTTPS only). The tests serve plain HTTP to the test client
and to the browser tests' live server, so they turn debugging on here, before the settings
are read, and every default that follows from it (plain HTTP, no HSTS) follows from it
here too. pytest-django still runs each test with ``DEBUG = False``, as Django's test
runner does. Tests of the production defaults start a subprocess with ``loket.settings``.
"""

import os

os.environ.setdefault("LOKET_DEBUG", "1")

from loket.settings import *  # noqa: F403

# The tests never read the translators' corrections of a demo run (var/translations): only the
# apps' catalogues, unless a test prepares its own (tests/core/test_translators.py).
TRANSLATIONS_DIR = VAR_DIR / "no-translations-in-tests"  # noqa: F405
LOCALE_PATHS = [TRANSLATIONS_DIR, BASE_DIR / "loket" / "locale"]  # noqa: F405
