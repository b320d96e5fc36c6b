"""Deeply nested JSON (issue 12, item 2): ``[`` x 100,000 was a 500 RecursionError on every
JSON endpoint, the public report intake included. Now every DRF view and every line reader
measures the nesting first and refuses it as bad JSON, with the reason."""

import json

import pytest
from hypothesis import given, strategies as st

from loket.core import safejson
from loket.core.roles import Role
from tests.whistle.api_support import stored_counts

DEEP = "[" * 100_000


@pytest.mark.django_db
def test_a_deep_body_to_the_public_report_intake_is_a_400_and_stores_nothing(client):
    before = stored_counts()
    response = client.post("/api/v1/whistle/reports", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON meer dan 64 niveaus diep genest"  # Dutch, the default
    assert stored_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/whistle/receipt", "/api/v1/whistle/receipt/messages"])
def test_every_reporter_endpoint_refuses_it(client, path):
    response = client.post(path, '{"a":' * 50_000, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, role", [("/api/v1/rules/evaluate", Role.DECISION_OFFICER), ("/api/v1/contact/contacts", Role.CONTACT_AGENT)]
)
def test_a_deep_body_to_a_staff_endpoint_is_a_400_in_the_users_language(client, make_user, path, role):
    client.force_login(make_user(role))
    response = client.post(path, DEEP, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON nested more than 64 levels deep"


@pytest.mark.django_db
def test_json_that_is_only_somewhat_nested_still_reaches_the_view(client):
    # Nesting within the bound passes the parser: the view answers about the content instead.
    body = json.dumps({"description": "x", "anonymity": [[[[["anonymous"]]]]]})
    response = client.post("/api/v1/whistle/reports", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" not in json.dumps(response.json())


def test_a_deep_line_in_a_contact_import_is_a_bad_line_and_the_rest_is_stored(db):
    import time_machine

    from loket.contact.models import Contact
    from loket.contact.services import import_jsonl

    good = {"ref": "ok", "channel": "email", "name": "A. Ali", "received_at": "2026-06-01T10:00:00+02:00"}
    with time_machine.travel("2026-06-10T12:00:00+02:00", tick=False):
        report = import_jsonl([DEEP + "\n", json.dumps(good) + "\n"])
    assert report.stored == 1 and Contact.objects.filter(ref="ok").exists()
    assert [number for number, _reason in report.bad] == [1]
    assert report.bad[0][1] == "JSON meer dan 64 niveaus diep genest"  # in the commands' language, Dutch


def test_a_deep_line_in_a_rules_audit_is_a_bad_line():
    from loket.rules.audit import audit_lines

    result = audit_lines([DEEP], 7, "en")
    assert [(line, reason) for line, _ref, reason in result.bad] == [(7, "JSON: JSON nested more than 64 levels deep")]


def _depth(value) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from('[]{}"\\ab,:')),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet=st.sampled_from('[]{}"\\ab'), max_size=4), children, max_size=3)
    ),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_the_measured_depth_is_the_real_depth_brackets_in_strings_aside(value):
    text = json.dumps(value)
    assert safejson.nesting_depth(text) == _depth(value)
    assert safejson.loads(text, limit=max(_depth(value), 1)) == value
    if _depth(value) > 1:
        with pytest.raises(safejson.TooDeepError):
            safejson.loads(text, limit=_depth(value) - 1)


def test_the_depth_is_measured_without_recursion():
    assert safejson.nesting_depth("[" * 1_000_000 + "]" * 1_000_000) == 1_000_000
    with pytest.raises(ValueError):
        safejson.loads("[" * 1_000_000)


@given(
    st.one_of(st.text(alphabet=st.sampled_from('[]{}"x\\'), max_size=60), JSON_VALUES.map(json.dumps)),
    st.integers(1, 6),
)
def test_the_fast_check_lets_nothing_too_deep_through_and_refuses_no_valid_json_within_the_bound(text, limit):
    """Nothing deeper than the limit passes; valid JSON within it always does (text that is
    not JSON at all may be refused as too deep or later as invalid: a 400 either way)."""
    try:
        safejson.check_depth(text, limit)
    except safejson.TooDeepError:
        try:
            json.loads(text)
        except ValueError:
            return
        assert _depth(json.loads(text)) > limit
    else:
        assert safejson.nesting_depth(text) <= limit
