"""Fixtures for the core tests."""

import pytest

from loket.core.deadlines import clear_calendar_cache


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # A test's days equated by decree are rolled back with its transaction; the calendar's
    # copy of them must not outlive the test either.
    clear_calendar_cache()
    yield
    clear_calendar_cache()
