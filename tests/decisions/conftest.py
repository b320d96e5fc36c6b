"""The cases fixtures (team, staff, case builders, a fixed today) serve the decisions tests too."""

import pytest

from tests.cases.conftest import application, objection, staff, today  # noqa: F401


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the services' messages in English; Dutch is the site's default."""
    from django.utils import translation

    with translation.override("en"):
        yield
