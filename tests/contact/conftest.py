"""Fixtures of the contact app: agents of each role and a quick way to make contacts."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from loket.contact.inputs import clean_contact
from loket.core.roles import Role

AMS = ZoneInfo("Europe/Amsterdam")
_refs = itertools.count(1)


def at(*args) -> datetime:
    """An Amsterdam date and time: at(2026, 6, 1, 10)."""
    return datetime(*args, tzinfo=AMS)


def line(**fields) -> dict:
    """One contact in the import format, with defaults for what a test does not care about."""
    ref = fields.pop("ref") if "ref" in fields else f"ref-{next(_refs)}"
    base = {"ref": ref, "channel": "email", "received_at": "2026-06-01T10:00:00+02:00"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture
def agent(make_user):
    return make_user(Role.CONTACT_AGENT, username="agent")


@pytest.fixture
def counter_agent(make_user):
    return make_user(Role.COUNTER_AGENT, username="counter")


@pytest.fixture
def lead(make_user):
    return make_user(Role.TEAM_LEAD, username="lead")


@pytest.fixture
def receive(db):
    """receive(**fields) -> Received: one contact through intake, as the import would."""
    from loket.contact.services import receive_contact

    def do(actor="import", **fields):
        return receive_contact(data=clean_contact(line(**fields)), actor=actor)

    return do


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the source language); tests that check Dutch say so."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def under_review(monkeypatch):
    """under_review(ref): the matching service will send contact ``ref`` to its review queue
    (whatever its scoring would say), with a review item as link_contact makes one."""
    from loket.clients.models import ReviewItem
    from loket.contact import clientlink

    refs = set()
    real = clientlink.link

    def link(data, *, actor):
        if data.ref not in refs:
            return real(data, actor=actor)
        ReviewItem.objects.create(
            identity={"name": data.name, "birth_date": data.birth_date},
            source=data.ref,
            score=0.8,
            reasons=["name ~0.80"],
        )
        return clientlink.Link(client_id=None, outcome="review", score=0.8, reasons=["name ~0.80"])

    monkeypatch.setattr(clientlink, "link", link)
    return refs.add
