"""The integrity officer records, on a closed report's page, when its file may be deleted:
a reason and a date, never age alone (directive art. 18); bad input changes nothing."""

import pytest

from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import Allegation, RetentionDecision
from tests.conftest import PASSWORD

from .report_fixtures import (  # noqa: F401
    _cheap_handler_keys,
    action_url,
    actions_logged,
    clock,
    detail_url,
    handler_client,
    signed_in,
    staff,
    submit,
)


@pytest.fixture(autouse=True)
def _still(clock):
    """Every test here runs on MONDAY, 1 June 2026, with the clock standing still."""


@pytest.fixture
def officer_client(staff, signed_in):
    return signed_in(staff.head)


@pytest.fixture
def closed_report(handler_client, officer_client, submit, staff):
    report = submit().report
    keyring = Keyring.from_password(staff.handler, PASSWORD)
    services.acknowledge(report=report, user=staff.handler, keyring=keyring)
    allegation = services.add_allegation(
        report=report, user=staff.handler, keyring=keyring, summary="The counter was closed without notice."
    )
    services.record_finding(
        allegation=allegation,
        user=staff.handler,
        keyring=keyring,
        outcome=Allegation.Outcome.SUBSTANTIATED,
        reasons="The rosters show it.",
    )
    services.send_feedback(report=report, user=staff.handler, keyring=keyring, body="We looked into it.")
    return services.close_report(report=report, user=staff.handler)


REASON = "No proceedings, appeals or follow-up depend on this file any more."


def test_the_officer_records_a_retention_decision_on_the_report_page(officer_client, closed_report):
    page = officer_client.get(detail_url(closed_report)).content.decode()
    assert "Record the decision" in page
    response = officer_client.post(
        action_url("decide_retention", closed_report),
        {"decide_retention-reason": REASON, "decide_retention-delete_on": "2026-09-01"},
    )
    assert response.status_code == 302
    decision = RetentionDecision.objects.get(report=closed_report)
    assert decision.reason == REASON and str(decision.delete_on) == "2026-09-01"
    assert "whistle.retention.decided" in actions_logged(closed_report)
    page = officer_client.get(detail_url(closed_report)).content.decode()
    assert "decided that the file is deleted on" in page and "Record the decision" not in page


def changes_logged(report):
    """The audit entries of changes: showing the page again logs a read, which is right."""
    return [a for a in actions_logged(report) if a != "whistle.report.read"]


@pytest.mark.parametrize(
    "data, error",
    [
        ({"decide_retention-reason": "", "decide_retention-delete_on": "2026-09-01"}, "required"),
        ({"decide_retention-reason": REASON, "decide_retention-delete_on": "2026-05-01"}, "past"),
        ({"decide_retention-reason": REASON, "decide_retention-delete_on": "tomorrow"}, "date"),
        ({"decide_retention-reason": "no longer", "decide_retention-delete_on": "2026-09-01"}, "Record why"),
    ],
)
def test_bad_input_changes_nothing(officer_client, closed_report, data, error):
    logged = changes_logged(closed_report)
    response = officer_client.post(action_url("decide_retention", closed_report), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not RetentionDecision.objects.exists()
    assert changes_logged(closed_report) == logged


def test_a_handler_is_not_offered_it_and_cannot_post_it(handler_client, closed_report):
    assert "Record the decision" not in handler_client.get(detail_url(closed_report)).content.decode()
    response = handler_client.post(
        action_url("decide_retention", closed_report),
        {"decide_retention-reason": REASON, "decide_retention-delete_on": "2026-09-01"},
    )
    assert response.status_code == 403
    assert not RetentionDecision.objects.exists()


def test_an_open_report_has_no_retention_form(officer_client, handler_client, submit):
    report = submit().report
    assert "Record the decision" not in officer_client.get(detail_url(report)).content.decode()
