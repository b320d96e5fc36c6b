"""Fixtures for the client site: a report handler with a key pair (so that every report
filed is sealed for them), and the reporting channel's cheap test keys."""

import re

import pytest

from tests.whistle.api_support import handler  # noqa: F401  (fixture)
from tests.whistle.conftest import _cheap_handler_keys  # noqa: F401  (autouse fixture)

RECEIPT_ON_PAGE = re.compile(r'class="loket-receipt"[^>]*>\s*(\d{4} \d{4} \d{4} \d{4})\s*<')


def receipt_on(response) -> str:
    """The receipt as the receipt page shows it, in four groups of four digits."""
    match = RECEIPT_ON_PAGE.search(response.content.decode())
    assert match, "no receipt on the page"
    return match.group(1)


@pytest.fixture
def english(client):
    """The reporter's browser asks for English (Accept-Language), for tests that match the
    English source wording; without it the pages are in Dutch, the default language."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def file_report(client):
    """file_report(**fields) -> the receipt page's response for a report sent by the web form."""

    def file(**fields):
        data = {
            "description": "The counter was closed for weeks and nobody answered the phone.",
            "anonymity": "anonymous",
            "category": "service_failure",
            "strip_metadata": "on",
            **fields,
        }
        return client.post("/melden/", data)

    return file
