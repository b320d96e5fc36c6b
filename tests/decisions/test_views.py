"""The decision panel on a case's page and the team lead's dashboard."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from loket.cases import services as case_services
from loket.decisions import services
from loket.decisions.models import Decision, IssueAttempt
from tests.decisions.conftest import code_of

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_writing_the_draft_on_the_page_and_bad_input(as_user, staff, objection):
    case = objection()
    client = as_user(staff["objection"])
    url = reverse("desk:decisions:save_draft", args=[case.pk])
    response = client.post(url, {"draft-outcome": "revoked", "draft-signatory": staff["objection"].pk})
    assert response.status_code == 400 and 'id="id_draft-outcome-error"' in response.content.decode()
    response = client.post(
        url, {"draft-outcome": "granted", "draft-reasons": REASONS, "draft-signatory": staff["lead"].pk}
    )
    assert response.status_code == 302
    assert case.draft.signatory == staff["lead"]


def test_the_issue_form_shows_the_blocking_rule_with_its_source_then_issues(as_user, staff, objection):
    case = objection()
    services.save_draft(case=case, actor=staff["objection"], outcome="granted", reasons=REASONS)
    client = _english(as_user(staff["objection"]))
    page = client.get(reverse("desk:cases:detail", args=[case.pk])).content.decode()
    assert 'id="rules-blocking"' in page and "HEAR-01" in page  # seen before pressing the button
    response = client.post(reverse("desk:decisions:issue", args=[case.pk]))
    assert response.status_code == 400 and 'id="id_issue-otp_token-error"' in response.content.decode()
    response = client.post(
        reverse("desk:decisions:issue", args=[case.pk]), {"issue-otp_token": code_of(staff["objection"])}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="issue-stopped"' in html and "HEAR-01" in html and "Awb 7:2" in html
    assert "The decision was not issued." in html
    assert not Decision.objects.exists()
    client.post(
        reverse("desk:cases:record_hearing", args=[case.pk]),
        {"hearing-on": "2026-05-20", "hearing-by": staff["objection2"].pk},
    )
    response = client.post(reverse("desk:decisions:issue", args=[case.pk]))
    assert response.status_code == 302
    assert Decision.objects.get().case == case
    assert "What the rules said" in client.get(reverse("desk:cases:detail", args=[case.pk])).content.decode()


def test_warnings_get_a_reason_field_each_and_are_required(as_user, staff, objection):
    case = objection(received_on=date(2026, 5, 27))  # late: OBJ-01 warns
    case_services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 28), by=staff["objection2"]
    )
    services.save_draft(case=case, actor=staff["objection"], outcome="granted", reasons=REASONS)
    client = _english(as_user(staff["objection"]))
    assert 'name="issue-ack_OBJ-01"' in client.get(reverse("desk:cases:detail", args=[case.pk])).content.decode()
    response = client.post(
        reverse("desk:decisions:issue", args=[case.pk]),
        {"issue-ack_OBJ-01": "", "issue-otp_token": code_of(staff["objection"])},
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_issue-ack_OBJ-01-error"' in html
    response = client.post(
        reverse("desk:decisions:issue", args=[case.pk]),
        {"issue-ack_OBJ-01": "The envelope shows it was posted in time."},
    )
    assert response.status_code == 302
    assert Decision.objects.get().rule_results[0]["acknowledgement"].startswith("The envelope")


def test_the_second_reader_approves_on_the_page_but_not_their_own_draft(as_user, staff, objection):
    case = objection()
    services.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS)
    client = as_user(staff["reader"])
    assert 'id="approve-button"' in client.get(reverse("desk:cases:detail", args=[case.pk])).content.decode()
    assert client.post(reverse("desk:decisions:approve", args=[case.pk])).status_code == 302
    case.draft.refresh_from_db()
    assert case.draft.approved
    other = as_user(staff["objection"])  # not a second reader
    assert other.post(reverse("desk:decisions:approve", args=[case.pk])).status_code == 403


def test_actions_without_a_draft_or_on_another_teams_case(as_user, staff, objection):
    case = objection()
    client = as_user(staff["objection"])
    assert client.post(reverse("desk:decisions:issue", args=[case.pk])).status_code == 400
    assert as_user(staff["outsider"]).post(reverse("desk:decisions:issue", args=[case.pk])).status_code == 403
    assert client.get(reverse("desk:decisions:issue", args=[case.pk])).status_code == 405


def test_the_penalty_form(as_user, staff, application):
    case = application(received_on=date(2026, 1, 5))
    case_services.record_event(case=case, actor=staff["decision"], type="notice_of_default", on=date(2026, 4, 20))
    client = as_user(staff["decision"])
    response = client.post(reverse("desk:decisions:fix_penalty", args=[case.pk]), {"penalty-amount": "5000"})
    assert response.status_code == 400 and 'id="id_penalty-amount-error"' in response.content.decode()
    assert client.post(reverse("desk:decisions:fix_penalty", args=[case.pk]), {}).status_code == 302
    assert case.events.get(type="penalty_fixed").amount == 812


def test_the_dashboard_counts_stopped_rules_acknowledged_warnings_and_late_decisions(
    as_user, staff, objection, application
):
    case = objection(received_on=date(2026, 5, 27))
    draft = services.save_draft(case=case, actor=staff["objection"], outcome="granted", reasons=REASONS)
    for _ in range(2):
        with pytest.raises(services.DecisionStopped):
            services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    case_services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 28), by=staff["objection2"]
    )
    services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={"OBJ-01": "Posted in time."})
    late = application(received_on=date(2026, 1, 5))
    case_services.record_event(case=late, actor=staff["decision"], type="notice_of_default", on=date(2026, 4, 20))
    client = _english(as_user(staff["lead"]))
    response = client.get(reverse("desk:decisions:dashboard"))
    assert response.status_code == 200
    context = response.context
    assert [(r["rule"], r["attempts"]) for r in context["stopped"]] == [("HEAR-01", 2), ("OBJ-01", 2)]
    assert [(r["rule"], r["count"]) for r in context["acknowledged"]] == [("OBJ-01", 1)]
    assert context["totals"] == {"attempts": 3, "issued": 1, "stopped": 2}
    [team] = context["teams"]
    assert (team["issued"], team["late"], team["open_late"], team["owed"]) == (1, 0, 1, 812)
    html = response.content.decode()
    assert 'id="chart-stopped"' in html and "vendor/chart.js/chart.umd.js" in html
    assert IssueAttempt.objects.count() == 3
    assert client.get(reverse("desk:decisions:dashboard"), {"since": "not a date", "team": "x"}).status_code == 200


def test_only_team_leads_see_the_dashboard(as_user, staff):
    assert as_user(staff["objection"]).get(reverse("desk:decisions:dashboard")).status_code == 403


def test_the_case_page_speaks_dutch(as_user, staff, objection):
    case = objection()
    services.save_draft(case=case, actor=staff["objection"], outcome="granted", reasons=REASONS)
    client = as_user(staff["objection"])
    client.cookies["django_language"] = "nl"
    with translation.override("nl"):
        html = client.get(reverse("desk:cases:detail", args=[case.pk])).content.decode()
    assert "Concept wijzigen" in html and "Hoorzitting vastleggen" in html
    assert "hoorzitting" in html  # the rule's own message, in Dutch too
