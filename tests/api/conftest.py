"""Fixtures of the API tests: a token for a role, and a client that sends it."""

import pytest
from django.test import Client

from loket.api import services


@pytest.fixture
def make_token(db):
    """make_token(role, name=None, unit="") -> the raw token of a new service user with ``role``."""
    count = iter(range(1, 1000))

    def make(role, name=None, unit="", expires_at=None):
        _, raw = services.create_token(
            name=name or f"system-{next(count)}", role=str(role), actor="test", unit=unit, expires_at=expires_at
        )
        return raw

    return make


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
