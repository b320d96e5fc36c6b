"""Fixtures for cases and decisions: a team with an officer of every kind, and case builders.

Every test that depends on "today" travels to a fixed day (``TODAY``, a Monday) so that
deadlines, penalties and the rules' judgement do not depend on the wall clock.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from loket.cases import services
from loket.core.roles import Role

TODAY = date(2026, 6, 1)


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False
    )


@pytest.fixture
def today():
    with at(TODAY):
        yield TODAY


@pytest.fixture
def staff(make_user, org):
    """People of the objections team, and one of another department."""
    team = org["team"]
    return {
        "objection": make_user(Role.OBJECTION_OFFICER, username="olga", unit=team),
        "objection2": make_user(Role.OBJECTION_OFFICER, username="otto", unit=team),
        "decision": make_user(Role.DECISION_OFFICER, username="daan", unit=team),
        "reader": make_user(Role.SECOND_READER, username="rita", unit=team),
        "lead": make_user(Role.TEAM_LEAD, username="tom", unit=team),
        "first": make_user(Role.DECISION_OFFICER, username="first", unit=team),
        "outsider": make_user(Role.OBJECTION_OFFICER, username="outsider", unit=org["other"]),
        "team": team,
    }


@pytest.fixture
def objection(staff, today):
    """An objection received in time, against a decision by ``first`` signed by an outside id."""

    def make(**overrides):
        fields = dict(
            actor=staff["objection"],
            kind="objection",
            track="regular",
            team=staff["team"],
            received_on=date(2026, 5, 4),
            contested_decided_on=date(2026, 4, 20),
            contested_notified_on=date(2026, 4, 21),
            contested_author=staff["first"],
            contested_signatory_ref="E0001",
        )
        handler = overrides.pop("handler", fields["actor"])
        fields.update(overrides)
        return handle(services.open_case(**fields), handler)

    return make


def handle(case, officer):
    """The tests give the case to the officer they follow (the system's draw chose someone
    else: it never gives a case to whoever opened it); the draw has tests of its own."""
    if officer is not None:
        services.assign(case=case, officer=officer, via="test")
    return case


@pytest.fixture
def application(staff, today):
    def make(**overrides):
        fields = dict(
            actor=staff["decision"],
            kind="application",
            track="regular",
            team=staff["team"],
            received_on=date(2026, 5, 4),
        )
        handler = overrides.pop("handler", fields["actor"])
        fields.update(overrides)
        return handle(services.open_case(**fields), handler)

    return make
