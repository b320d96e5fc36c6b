"""Fixtures of the clients tests: an agent, and a shortcut to link a contact."""

import pytest
from django.utils import translation

from loket.clients.services import ContactIdentity, link_contact
from loket.core.roles import Role


@pytest.fixture
def agent(make_user):
    return make_user(Role.CONTACT_AGENT)


@pytest.fixture
def link(db):
    """link(**identity fields) -> MatchResult, as the intake system would call it."""

    def run(actor="intake", create=True, source="", **fields):
        return link_contact(identity=ContactIdentity(**fields), actor=actor, create=create, source=source)

    return run


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the source language); test_dutch.py checks Dutch."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
