"""The cases fixtures (team, staff, case builders, a fixed today) serve the integrity tests."""

import pytest

from loket.core.roles import Role
from tests.cases.conftest import application, objection, staff, today  # noqa: F401


@pytest.fixture(autouse=True)
def _english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def integrity_officer(make_user, org):
    return make_user(Role.INTEGRITY_OFFICER, username="ilse", unit=org["top"], email="ilse@example.org")
