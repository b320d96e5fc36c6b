"""Issue 12, item 1: the report page's "Protected against retaliation" list must not name a
confidential reporter. Their identity is shown only on a recorded reason, and each such
view is logged (``whistle.identity.viewed``)."""

from loket.core.audit_models import AuditEntry

from .report_fixtures import (  # noqa: F401
    MONDAY,
    _cheap_handler_keys,
    action_url,
    actions_logged,
    clock,
    detail_url,
    handler_client,
    page_messages,
    signed_in,
    staff,
    submit,
)


def _protected_list(html: str) -> str:
    start = html.index("Protected against retaliation")
    return html[start : html.index("</ul>", start)]


def _confidential_report_by_the_witness(staff, submit, handler_client):
    """Wendy Witness reports in confidence, giving her employee number; the handler
    confirms it without seeing it, and assigns an investigator."""
    report = submit(
        description="Cash changes hands at counter 3.",
        anonymity="confidential",
        reporter_name="Wendy Witness",
        reporter_email="wendy@example.org",
        reporter_employee_number=staff.witness.number,
    ).report
    response = handler_client.post(action_url("protect_reporter", report), {"protect_reporter-employee": ""})
    assert response.status_code == 302
    return report


def test_an_investigator_sees_that_the_reporter_is_protected_but_not_who(staff, submit, signed_in, handler_client):
    investigator = signed_in(staff.investigator)
    report = _confidential_report_by_the_witness(staff, submit, handler_client)
    handler_client.post(action_url("acknowledge", report), {"acknowledge-body": ""})
    handler_client.post(
        action_url("assign", report), {"assign-assignee": staff.investigator.pk, "assign-role": "investigator"}
    )

    html = investigator.get(detail_url(report)).content.decode()
    assert "Protected against retaliation" in html
    assert "The reporter (identity confidential: shown only with a recorded reason)" in html
    assert "Wendy" not in html and staff.witness.number not in html
    assert not AuditEntry.objects.filter(action="whistle.identity.viewed").exists()
    # The handler's own list does not name her either (the page's employee pickers list everyone).
    assert "Wendy" not in _protected_list(handler_client.get(detail_url(report)).content.decode())


def test_the_identity_comes_only_with_a_recorded_reason_and_is_logged(staff, submit, handler_client):
    report = _confidential_report_by_the_witness(staff, submit, handler_client)
    response = handler_client.post(
        action_url("reveal_identity", report), {"reveal_identity-reason": "We must call her back about the rota."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wendy Witness (E-WITNESS)" in html  # protected as
    assert actions_logged(report).count("whistle.identity.viewed") == 1


def test_confirming_the_reporters_number_does_not_name_her_in_the_message(staff, submit, handler_client):
    report = submit(
        description="Cash changes hands at counter 3.",
        anonymity="confidential",
        reporter_name="Wendy Witness",
        reporter_employee_number=staff.witness.number,
    ).report
    response = handler_client.post(
        action_url("protect_reporter", report), {"protect_reporter-employee": ""}, follow=True
    )
    assert "The reporter is protected from the day of the report." in page_messages(response)
    assert "whistle.reporter.protected" in actions_logged(report)


def test_an_open_reporter_is_named(staff, submit, handler_client):
    report = submit(
        description="The fire exit is blocked.",
        anonymity="open",
        reporter_name="Wendy Witness",
        reporter_employee_number=staff.witness.number,
    ).report
    handler_client.post(action_url("protect_reporter", report), {"protect_reporter-employee": ""})
    assert "Wendy Witness — reporter" in _protected_list(handler_client.get(detail_url(report)).content.decode())
