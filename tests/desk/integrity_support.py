"""Fixtures for the integrity pages (imported by tests/desk/test_integrity_*.py).

Pages are tested through the real sign-in (password and TOTP), which unlocks a reader's
key for the session: ``signed_in`` and the cheap key derivation come from the report
pages' fixtures.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from loket.core.models import Employee, OrgUnit
from loket.core.roles import Role
from loket.whistle import services
from loket.whistle.keyring import Keyring, ensure_keypair
from loket.whistle.models import NamedPerson
from loket.whistle.services import ReportInput
from tests.conftest import PASSWORD
from tests.desk.report_fixtures import _cheap_handler_keys, signed_in  # noqa: F401  (fixtures)

AMS = ZoneInfo("Europe/Amsterdam")
GROUNDS = "Reorganisation of the team agreed with the works council in March, for all staff alike."
REASONS = "The reorganisation plan predates the report and applies to the whole team in the same way."


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def english(settings):
    # Pages in English, whatever the catalogue holds; sessions outlive the days a test skips.
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600
    with translation.override("en"):
        yield


@pytest.fixture
def login(signed_in, settings):
    """login(user) -> a Client signed in with password and TOTP that asks for English pages."""

    def make(user):
        client = signed_in(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def clock():
    with time_machine.travel(at(2026, 6, 1), tick=False) as traveller:
        yield traveller


def _manage(unit, user):
    unit.manager = user.employee
    unit.save(update_fields=["manager"])


@pytest.fixture
def staff(db, make_user, org, clock):
    """IND: director (team lead) › DEPT: dept_head (team lead *and* integrity officer) ›
    TEAM: lead (team lead) with reporter, witness, helper, unrelated (no accounts);
    INTEGRITY: officer (integrity officer, manages it), officer2, handler, staffer."""
    s = SimpleNamespace(org=org)
    s.integrity = OrgUnit.objects.create(code="INTEGRITY", name="Integrity office", parent=org["top"])
    s.director = make_user(Role.TEAM_LEAD, username="director", unit=org["top"])
    s.dept_head = make_user(Role.TEAM_LEAD, Role.INTEGRITY_OFFICER, username="depthead", unit=org["dept"])
    s.lead = make_user(Role.TEAM_LEAD, username="lead", unit=org["team"])
    s.officer = make_user(Role.INTEGRITY_OFFICER, username="officer", unit=s.integrity)
    s.officer2 = make_user(Role.INTEGRITY_OFFICER, username="officer2", unit=s.integrity)
    s.handler = make_user(Role.REPORT_HANDLER, username="handler", unit=s.integrity)
    s.investigator = make_user(Role.INVESTIGATOR, username="investigator", unit=s.integrity)
    s.staffer = Employee.objects.create(number="E-STAFF", name="Stella Staffer", unit=s.integrity)
    for unit, user in (
        (org["top"], s.director),
        (org["dept"], s.dept_head),
        (org["team"], s.lead),
        (s.integrity, s.officer),
    ):
        _manage(unit, user)
    team = org["team"]
    s.reporter = Employee.objects.create(number="E-REP", name="Renee Reporter", unit=team)
    s.witness = Employee.objects.create(number="E-WIT", name="Wim Witness", unit=team)
    s.helper = Employee.objects.create(number="E-HELP", name="Hanna Helper", unit=team)
    s.unrelated = Employee.objects.create(number="E-UNREL", name="Ursula Unrelated", unit=team)
    s.concerned = Employee.objects.create(number="E-CON", name="Otto Ambtenaar", unit=org["other"])
    for user in (s.dept_head, s.officer, s.officer2, s.handler, s.investigator):
        ensure_keypair(user, PASSWORD)
    return s


def submit(description="The counter was closed for weeks and nobody answered the phone.", **fields):
    fields.setdefault("anonymity", "anonymous")
    return services.submit_report(ReportInput(description=description, **fields)).report


@pytest.fixture
def protected(staff):
    """A confidential report by the reporter about Otto, with a witness and a helper named."""
    report = submit(
        description="Otto Ambtenaar took money at the counter; Wim Witness saw it.",
        anonymity="confidential",
        reporter_name="Renee Reporter",
        reporter_employee_number=staff.reporter.number,
        involved_employees=[staff.concerned.number],
    )
    ring = Keyring.from_password(staff.handler, PASSWORD)
    services.protect_reporter(report=report, user=staff.handler, keyring=ring)  # the number the reporter gave
    services.name_person(
        report=report, user=staff.handler, keyring=ring, employee=staff.witness, role=NamedPerson.Role.WITNESS
    )
    services.name_person(
        report=report, user=staff.handler, keyring=ring, employee=staff.helper, role=NamedPerson.Role.FACILITATOR
    )
    staff.report = report
    return staff
