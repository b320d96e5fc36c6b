"""Shared fixtures: staff of every role, each with a password and (for report readers)
a TOTP device, and helpers to unlock a handler's keyring."""

import itertools
import os

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, settings as hyp_settings

from loket.core.models import Employee, OrgUnit, User

hyp_settings.register_profile(
    "loket", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hyp_settings.load_profile("loket")

# The longest tests (a minute or more each on 2 cores: subprocesses that migrate their own
# database, browsers in ten languages, races) go first: pytest-xdist hands tests out in
# collection order, so they start early on both workers and no long one is left for the end
# while the other core idles. That needs small hand-outs (``--maxschedchunk=2`` in
# pyproject.toml): by default the first hand-out is a quarter of each worker's share, so one
# worker got every long test at once and ran seven minutes after the other had finished. Django's order stays: tests in a transaction, then tests that
# empty the tables (flush; the data migrations' rows are gone after them), then the rest;
# only a slow test without a database jumps to the very front. Within that, order is kept.
SLOW_FIRST = (
    "tests/bench/test_bench_scripts.py",
    "tests/bench/test_faults.py",
    "tests/contact/test_import_resumed.py",
    "tests/appointments/test_race.py",
    "tests/core/test_prod_start.py",
    "tests/e2e/test_client_pages_axe.py",
    "tests/clients/test_batch_linking.py",
    "tests/e2e/test_languages.py",
    "tests/api/test_schemathesis.py",
)


def _django_group(item) -> int:
    """0: in a transaction, 1: flushes the tables, 2: no database (pytest-django's order)."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    marker, fixtures = item.get_closest_marker("django_db"), getattr(item, "fixturenames", ())
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or {
        "transactional_db",
        "live_server",
    } & set(fixtures):
        return 1
    return 0 if marker or "db" in fixtures else 2


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out tests that use no database and are skipped on no condition (they prove the same "
        "on every database: scripts/test-all runs them on SQLite only)",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--database-tests-only"):
        # A test that may be skipped (skipif) can depend on the database it is run with
        # (scripts/prod started on PostgreSQL): those stay, as do all tests with a database.
        left_out = {i for i in items if _django_group(i) == 2 and not i.get_closest_marker("skipif")}
        if left_out:
            config.hook.pytest_deselected(items=[i for i in items if i in left_out])
            items[:] = [i for i in items if i not in left_out]

    def key(item):
        path = item.nodeid.split("::", 1)[0]
        rank = SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)
        group = _django_group(item)
        return (-1 if group == 2 and rank < len(SLOW_FIRST) else group, rank)

    items.sort(key=key)  # stable: the same order on every worker


PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests keep it but on MD5 for user fixtures' speed.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture
def make_user(db):
    """make_user(*roles, username=None, employee=None) -> User with PASSWORD."""

    def make(*roles, username=None, unit=None, email=None):
        n = next(_counter)
        username = username or f"user{n}"
        user = User.objects.create_user(username, email=email or f"{username}@example.org", password=PASSWORD)
        for role in roles:
            group, _ = Group.objects.get_or_create(name=str(role))
            user.groups.add(group)
        if unit is not None:
            Employee.objects.create(number=f"E{n:05d}", name=username.title(), user=user, unit=unit)
        return user

    return make


@pytest.fixture
def totp_for():
    """totp_for(user) -> a function giving the current TOTP code of a new device."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(user):
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        return lambda: f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"

    return make


@pytest.fixture
def org(db):
    """A small organisation: director > head of department > team lead > two officers."""
    top = OrgUnit.objects.create(code="IND", name="Directorate")
    dept = OrgUnit.objects.create(code="DEPT", name="Objections department", parent=top)
    team = OrgUnit.objects.create(code="TEAM", name="Objections team 1", parent=dept)
    other = OrgUnit.objects.create(code="OTHER", name="Asylum department", parent=top)
    return {"top": top, "dept": dept, "team": team, "other": other}


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Days equated by decree are cached per process; a rolled-back test must not leak them."""
    from loket.core.deadlines import clear_calendar_cache

    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _fresh_receipt_counts():
    """Wrong receipts are counted per client in this process's memory; a test starts clean."""
    from loket.whistle import throttle

    throttle.forget()


@pytest.fixture(autouse=True)
def _fresh_estimates():
    """The linkage weights and the question window in use are cached per process for a
    minute; a rolled-back test's estimates must not link or group the next test's contacts."""
    from loket.clients.services.estimation import forget_current as forget_weights
    from loket.contact.services.question_window import forget_current as forget_window

    forget_weights()
    forget_window()
    yield
    forget_weights()
    forget_window()


@pytest.fixture(autouse=True)
def _no_language_leak():
    """A test that activates a language must not hand it to the next test in the worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def _audit_key_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("audit-keys")


@pytest.fixture(autouse=True)
def _audit_outside_the_database(settings, tmp_path_factory, _audit_key_dir):
    """The audit log's keys and checkpoints live outside the database: each test gets an
    empty checkpoint folder, so that one test's checkpoints never judge another's log."""
    settings.AUDIT_KEY_DIR = _audit_key_dir
    settings.AUDIT_CHECKPOINT_DIR = tmp_path_factory.mktemp("audit-checkpoints")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database, just migrated, is also written to a SQLite file (on SQLite) that
    benchmarks and commands run in a subprocess copy instead of migrating again
    (bench/migrated.py: about 15 s of CPU each)."""
    import sqlite3
    from contextlib import closing

    from django.db import connection

    from bench.migrated import ENV

    if connection.vendor == "sqlite":
        path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
        with django_db_blocker.unblock(), closing(sqlite3.connect(path)) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        os.environ[ENV] = str(path)
    yield
    os.environ.pop(ENV, None)


@pytest.fixture
def migrated_sqlite(django_db_setup):
    """A migrated SQLite file for a subprocess to copy (``bench/migrated.py``); None on
    PostgreSQL. Tests without a database ask for it so that the suite's database exists."""
    from bench.migrated import ENV

    return os.environ.get(ENV)
