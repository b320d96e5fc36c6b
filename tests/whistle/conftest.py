"""Fixtures for the reporting channel: an organisation chart with people in the line of
the persons a report names and people outside it, handlers with key pairs, and helpers
to file a report and to open a handler's keyring."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import nacl.pwhash
import pytest
import time_machine
from django.utils import translation

from loket.core.models import Employee, OrgUnit
from loket.core.roles import Role
from loket.whistle import crypto, services
from loket.whistle.keyring import Keyring, ensure_keypair
from loket.whistle.services import ReportInput
from tests.conftest import PASSWORD

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour=10, minute=0):
    """A moment in Amsterdam, for time_machine."""
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def travel(year, month, day, hour=10, minute=0):
    return time_machine.travel(at(year, month, day, hour, minute), tick=False)


@pytest.fixture(autouse=True)
def _cheap_handler_keys(monkeypatch):
    # Unlocking a handler's key costs argon2id "interactive" (64 MiB) in production; the
    # tests keep argon2id but at its minimum cost. Receipts keep their real cost.
    monkeypatch.setattr(crypto, "PASSWORD_OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(crypto, "PASSWORD_MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


@pytest.fixture
def english():
    """Messages in the source language, for tests that match their wording (the default
    language is Dutch once the catalogue is compiled)."""
    with translation.override("en"):
        yield


def _manage(unit: OrgUnit, user) -> None:
    unit.manager = user.employee
    unit.save(update_fields=["manager"])


@pytest.fixture
def people(db, make_user, org):
    """The organisation::

        IND (director)
        ├── DEPT (head, also a report handler)
        │   └── TEAM (lead)  — accused (a report handler!), colleague (no account)
        ├── OTHER (other_manager)
        └── INTEGRITY (officer, integrity officer and the unit's manager)
                          — handler, handler2, investigator

    Everyone who may read reports has a key pair made from PASSWORD.
    """
    integrity_unit = OrgUnit.objects.create(code="INTEGRITY", name="Integrity office", parent=org["top"])
    p = SimpleNamespace(org=org, integrity_unit=integrity_unit)
    p.director = make_user(Role.TEAM_LEAD, username="director", unit=org["top"])
    p.head = make_user(Role.TEAM_LEAD, Role.REPORT_HANDLER, username="head", unit=org["dept"])
    p.lead = make_user(Role.TEAM_LEAD, username="lead", unit=org["team"])
    p.accused = make_user(Role.REPORT_HANDLER, username="accused", unit=org["team"])
    p.colleague = Employee.objects.create(number="E-COLLEAGUE", name="Colleague Without Account", unit=org["team"])
    p.other_manager = make_user(Role.TEAM_LEAD, username="othermanager", unit=org["other"])
    p.officer = make_user(Role.INTEGRITY_OFFICER, username="officer", unit=integrity_unit)
    p.handler = make_user(Role.REPORT_HANDLER, username="handler", unit=integrity_unit)
    p.handler2 = make_user(Role.REPORT_HANDLER, username="handler2", unit=integrity_unit)
    p.investigator = make_user(Role.INVESTIGATOR, username="investigator", unit=integrity_unit)
    _manage(org["top"], p.director)
    _manage(org["dept"], p.head)
    _manage(org["team"], p.lead)
    _manage(org["other"], p.other_manager)
    _manage(integrity_unit, p.officer)
    for user in (p.head, p.accused, p.officer, p.handler, p.handler2, p.investigator):
        ensure_keypair(user, PASSWORD)
    return p


@pytest.fixture
def keyring():
    """keyring(user) -> the user's Keyring, unlocked with their password."""
    return lambda user: Keyring.from_password(user, PASSWORD)


@pytest.fixture
def submit(db):
    """submit(description=..., anonymity=..., **fields) -> SubmittedReport (web channel)."""

    def make(
        description="The counter was closed for weeks and nobody answered the phone.",
        anonymity="anonymous",
        channel="web",
        recorded_by=None,
        **fields,
    ):
        data = ReportInput(description=description, anonymity=anonymity, **fields)
        return services.submit_report(data, channel=channel, recorded_by=recorded_by)

    return make


@pytest.fixture
def acknowledged(people, submit, keyring):
    """An anonymous report, acknowledged by ``people.handler``; returns (submitted, handler keyring)."""
    submitted = submit()
    ring = keyring(people.handler)
    services.acknowledge(report=submitted.report, user=people.handler, keyring=ring)
    return submitted, ring
