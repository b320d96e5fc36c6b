"""The catalogue on the staff site (/desk/rules/) and the API (/api/v1/rules/)."""

import pytest

from loket.core.roles import Role
from loket.rules.engine import RULESET_VERSION
from tests.rules.builders import objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, make_user):
    user = make_user(Role.OBJECTION_OFFICER)
    client.force_login(user)
    return user


def test_catalogue_lists_every_rule_with_source_and_outcome_in_dutch(client, officer):
    page = client.get("/desk/rules/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    for rule_id in ("OBJ-01", "HEAR-01", "MAND-01", "FOUR-01", "DW-02", "REV-02"):
        assert f">{rule_id}</a>" in page
    assert "Hoorplicht" in page and "Awb 7:2" in page and "blokkeert de beslissing" in page
    assert RULESET_VERSION in page
    assert page.count("<h1") == 1


def test_catalogue_in_english_when_the_officer_reads_english(client, officer):
    client.post("/i18n/setlang/", {"language": "en", "next": "/desk/rules/"})
    page = client.get("/desk/rules/").content.decode()
    assert "Duty to hear" in page and "blocks the decision" in page


def test_rule_page_shows_description_source_validity_and_its_tests(client, officer):
    page = client.get("/desk/rules/DEC-02/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "19 weken" in page and "Vw 76" in page
    assert "test_periods.py::test_dec02_nineteen_weeks_are_not_moved_off_a_holiday" in page
    assert "sinds" in page


def test_unknown_rule_is_404(client, officer):
    assert client.get("/desk/rules/NOPE-99/").status_code == 404


def test_catalogue_is_for_people_who_decide(client, make_user):
    assert client.get("/desk/rules/").status_code == 302  # sign in first
    client.force_login(make_user(Role.CONTACT_AGENT))
    assert client.get("/desk/rules/").status_code == 403
    assert client.get("/api/v1/rules/").status_code == 403


@pytest.mark.parametrize("role", [Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.SECOND_READER, Role.TEAM_LEAD])
def test_menu_entry_for_deciders(client, make_user, role):
    client.force_login(make_user(role))
    assert 'href="/desk/rules/"' in client.get("/desk/").content.decode()


def test_no_menu_entry_for_contact_agents(client, make_user):
    client.force_login(make_user(Role.CONTACT_AGENT))
    assert 'href="/desk/rules/"' not in client.get("/desk/").content.decode()


def test_api_lists_the_catalogue(client, officer):
    rules = client.get("/api/v1/rules/", HTTP_ACCEPT_LANGUAGE="en").json()
    hear = next(r for r in rules if r["id"] == "HEAR-01")
    assert hear["source"] == "Awb 7:2" and hear["outcome"] == "block" and hear["kinds"] == ["objection"]
    assert hear["valid_from"] == "1994-01-01" and hear["in_force"] is True and hear["tests"]


def test_api_judges_a_case_without_storing_it(client, officer):
    answer = client.post(
        "/api/v1/rules/evaluate", objection(heard=False), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["blocked"] is True and body["ruleset"] == RULESET_VERSION
    assert body["violations"][0]["rule"] == "HEAR-01" and body["violations"][0]["source"] == "Awb 7:2"
    clean = client.post("/api/v1/rules/evaluate", objection(), content_type="application/json").json()
    assert clean["blocked"] is False and clean["violations"] == []


def test_api_bad_case_answers_400_per_field_in_the_users_language(client, officer):
    case = objection()
    case["kind"] = "complaint"
    answer = client.post("/api/v1/rules/evaluate", case, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl")
    assert answer.status_code == 400
    assert "onbekende waarde 'complaint'" in answer.json()["kind"][0]
    answer = client.post("/api/v1/rules/evaluate", "[1, 2]", content_type="application/json")
    assert answer.status_code == 400 and "case" in answer.json()
