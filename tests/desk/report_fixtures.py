"""Fixtures for the handlers' report pages (imported by tests/desk/test_report_*.py).

A handler's key is unlocked only by signing in with password and TOTP, so the pages are
tested through the real sign-in: ``signed_in(user)`` posts to /account/sign-in/, the
``password_verified`` signal unlocks the key into the session and sets the key cookie.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import nacl.pwhash
import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from loket.core import audit
from loket.core.models import Employee
from loket.core.roles import REPORT_READER_ROLES, Role, has_role
from loket.whistle import crypto, services
from loket.whistle.keyring import COOKIE_NAME
from loket.whistle.models import Report
from loket.whistle.services import ReportInput
from tests.conftest import PASSWORD

AMS = ZoneInfo("Europe/Amsterdam")
#: A Monday; the acknowledgement of a report received now is due Monday 8 June.
MONDAY = datetime(2026, 6, 1, 10, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _cheap_handler_keys(monkeypatch):
    # Production unlocks a handler's key with argon2id "interactive"; tests keep argon2id
    # at its minimum cost. Receipts keep their real cost.
    monkeypatch.setattr(crypto, "PASSWORD_OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(crypto, "PASSWORD_MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


@pytest.fixture
def clock(settings):
    """Time stands still on MONDAY until the test moves it (``clock.move_to``). Staff
    sessions last 8 hours; these tests jump days ahead with one sign-in, so here they last longer."""
    settings.SESSION_COOKIE_AGE = 120 * 24 * 3600
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(db, totp_for):
    """signed_in(user) -> a test Client signed in with password and TOTP, key unlocked."""

    def sign_in(user) -> Client:
        client = english(Client())
        code = totp_for(user)()
        response = client.post(
            reverse("core:login"), {"username": user.get_username(), "password": PASSWORD, "otp_token": code}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        if has_role(user, *REPORT_READER_ROLES):
            assert client.cookies.get(COOKIE_NAME), "the key cookie was not set at sign-in"
        return client

    return sign_in


def english(client: Client) -> Client:
    """The tests read the English texts; Dutch is the site's default language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def client(client):
    """pytest-django's test client, reading English."""
    return english(client)


def _manage(unit, user):
    unit.manager = user.employee
    unit.save(update_fields=["manager"])


@pytest.fixture
def staff(db, make_user, org):
    """The organisation, every manager a report reader so that hiding is really tested::

    IND: director (handler, manages IND)
    ├── DEPT: head (integrity officer, manages DEPT)
    │   └── TEAM: lead (handler, manages TEAM), accused (handler), witness (no account)
    └── OTHER: handler, handler2, investigator — outside the line of TEAM
    """
    s = SimpleNamespace(org=org)
    s.director = make_user(Role.REPORT_HANDLER, username="director", unit=org["top"])
    s.head = make_user(Role.INTEGRITY_OFFICER, username="head", unit=org["dept"])
    s.lead = make_user(Role.REPORT_HANDLER, username="lead", unit=org["team"])
    s.accused = make_user(Role.REPORT_HANDLER, username="accused", unit=org["team"])
    s.witness = Employee.objects.create(number="E-WITNESS", name="Wendy Witness", unit=org["team"])
    s.handler = make_user(Role.REPORT_HANDLER, username="handler", unit=org["other"])
    s.handler2 = make_user(Role.REPORT_HANDLER, username="handler2", unit=org["other"])
    s.investigator = make_user(Role.INVESTIGATOR, username="investigator", unit=org["other"])
    _manage(org["top"], s.director)
    _manage(org["dept"], s.head)
    _manage(org["team"], s.lead)
    return s


@pytest.fixture
def submit(db):
    """submit(description=..., anonymity=..., **fields) -> SubmittedReport, through the web channel."""

    def make(
        description="The counter was closed for weeks and nobody answered the phone.", anonymity="anonymous", **fields
    ):
        return services.submit_report(ReportInput(description=description, anonymity=anonymity, **fields))

    return make


@pytest.fixture
def handler_client(staff, signed_in):
    """The independent handler, signed in before any report arrives (so reports are sealed for them)."""
    return signed_in(staff.handler)


def detail_url(report: Report) -> str:
    return reverse("desk:reports:detail", args=[report.reference])


def action_url(name: str, report: Report, *args) -> str:
    return reverse(f"desk:reports:{name}", args=[report.reference, *args])


def actions_logged(report: Report) -> list[str]:
    return [entry.action for entry in audit.entries_for(report)]


def reload(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
