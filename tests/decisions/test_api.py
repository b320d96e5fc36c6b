"""The cases and decisions API: list, detail, events, draft, approve, issue (400 with the
violations when stopped), penalty; bad input is 400 per field, never a 500."""

from datetime import date

import pytest

from loket.cases.models import Case
from loket.decisions.models import Decision
from loket.integrity.models import Absence
from tests.decisions.conftest import verify_session

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return as_user


OBJECTION = {
    "kind": "objection",
    "track": "regular",
    "team": "TEAM",
    "received_on": "2026-05-04",
    "contested_decided_on": "2026-04-20",
    "contested_notified_on": "2026-04-21",
    "contested_author": "first",
    "contested_signatory_ref": "E0001",
}


def test_the_whole_objection_through_the_api(api, staff, today):
    # otto is away, so the system's draw gives the case the team lead opens to olga
    Absence.objects.create(officer=staff["objection2"], starts_on=today, ends_on=today)
    response = api(staff["lead"]).post("/api/v1/cases/", OBJECTION, content_type="application/json")
    officer = api(staff["objection"])
    assert response.status_code == 201, response.json()
    case = response.json()
    assert case["contested"] == {
        "decided_on": "2026-04-20",
        "notified_on": "2026-04-21",
        "author": "first",
        "signatory": "E0001",
    }
    pk = case["id"]
    response = officer.put(
        f"/api/v1/decisions/cases/{pk}/draft",
        {"outcome": "unfounded", "reasons": REASONS, "signatory": "tom"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["signatory"] == "tom"
    response = officer.post(f"/api/v1/decisions/cases/{pk}/issue", {}, content_type="application/json")
    assert response.status_code == 403 and "Only the signatory (tom)" in str(response.json())
    signatory = api(staff["lead"])
    response = signatory.post(f"/api/v1/decisions/cases/{pk}/issue", {}, content_type="application/json")
    assert response.status_code == 403 and "second factor" in str(response.json())
    verify_session(signatory, staff["lead"])
    response = signatory.post(f"/api/v1/decisions/cases/{pk}/issue", {}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert {v["rule"] for v in body["violations"]} == {"HEAR-01", "FOUR-01"}
    assert ("HEAR-01", "Awb 7:2") in {(v["rule"], v["source"]) for v in body["violations"]}
    assert any("HEAR-01" in m for m in body["non_field_errors"])
    response = officer.post(
        f"/api/v1/cases/{pk}/events",
        {"type": "hearing_held", "on": "2026-05-20", "by": "otto"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["events"][-1]["by"] == "otto"
    reader = api(staff["reader"])
    assert reader.post(f"/api/v1/decisions/cases/{pk}/approve").json()["second_reader"] == "rita"
    officer = api(staff["lead"])
    verify_session(officer, staff["lead"])
    response = officer.post(f"/api/v1/decisions/cases/{pk}/issue", {}, content_type="application/json")
    assert response.status_code == 201, response.json()
    decision = response.json()
    assert (decision["author"], decision["signatory"], decision["second_reader"]) == ("olga", "tom", "rita")
    assert officer.get(f"/api/v1/decisions/{decision['id']}").json()["ruleset_version"].startswith("rules-")
    response = officer.post(f"/api/v1/decisions/cases/{pk}/issue", {}, content_type="application/json")
    assert response.status_code == 400 and "once" in str(response.json())
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"kind": "appeal"}, "kind"),
        ({"received_on": "2026-13-01"}, "received_on"),
        ({"received_on": None}, "received_on"),
        ({"contested_notified_on": None}, "contested_notified_on"),
        ({"team": "NOPE"}, "team"),
        ({"contested_author": "nobody"}, "contested_author"),
        ({"received_on": "2026-04-01"}, "received_on"),
    ],
)
def test_bad_cases_are_400_per_field(api, staff, today, changes, field):
    response = api(staff["objection"]).post("/api/v1/cases/", {**OBJECTION, **changes}, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Case.objects.exists()


def test_bad_events_and_drafts_are_400(api, staff, objection):
    case = objection()
    client = api(staff["objection"])
    for body in (
        {"type": "hearing_held", "on": "2026-05-20"},
        {"type": "nonsense", "on": "2026-05-20"},
        {"type": "hearing_invited"},
        {"type": "hearing_invited", "on": "2030-01-01"},
        [],
    ):
        assert client.post(f"/api/v1/cases/{case.pk}/events", body, content_type="application/json").status_code == 400
    for body in ({"outcome": "revoked"}, {"outcome": "granted", "signatory": "rita"}, {}):
        response = client.put(f"/api/v1/decisions/cases/{case.pk}/draft", body, content_type="application/json")
        assert response.status_code == 400
    assert client.post(f"/api/v1/decisions/cases/{case.pk}/issue", {}).status_code == 404  # no draft yet
    response = client.post(
        f"/api/v1/decisions/cases/{case.pk}/penalty", {"amount": "10"}, content_type="application/json"
    )
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_the_second_reader_equal_to_the_author_is_400(api, staff, objection, make_user):
    from loket.core.roles import Role

    both = make_user(Role.OBJECTION_OFFICER, Role.SECOND_READER, username="both", unit=staff["team"])
    case = objection(handler=both)
    client = api(both)
    assert (
        client.put(
            f"/api/v1/decisions/cases/{case.pk}/draft",
            {"outcome": "unfounded", "reasons": REASONS},
            content_type="application/json",
        ).status_code
        == 200
    )
    response = client.post(f"/api/v1/decisions/cases/{case.pk}/approve")
    assert response.status_code == 400 and "FOUR-01" in response.json()["second_reader"][0]


def test_list_and_permissions(api, staff, objection, application):
    objection()
    application()
    client = api(staff["lead"])
    body = client.get("/api/v1/cases/").json()
    assert body["count"] == 2 and {"due_on", "days_left", "penalty_owed"} <= set(body["results"][0]["standing"])
    assert client.get("/api/v1/cases/", {"kind": "objection"}).json()["count"] == 1
    outsider = api(staff["outsider"])
    assert outsider.get("/api/v1/cases/").json()["count"] == 0
    assert outsider.get(f"/api/v1/cases/{Case.objects.first().pk}").status_code == 403
    reader = api(staff["reader"])
    assert reader.post("/api/v1/cases/", OBJECTION, content_type="application/json").status_code == 403


def test_a_late_case_penalty_through_the_api(api, staff, application):
    case = application(received_on=date(2026, 1, 5))
    client = api(staff["decision"])
    client.post(
        f"/api/v1/cases/{case.pk}/events",
        {"type": "notice_of_default", "on": "2026-04-20"},
        content_type="application/json",
    )
    assert client.get(f"/api/v1/cases/{case.pk}").json()["standing"]["penalty_owed"] == "812.00"
    response = client.post(f"/api/v1/decisions/cases/{case.pk}/penalty", {}, content_type="application/json")
    assert response.status_code == 201 and response.json()["amount"] == "812.00"


def test_the_schema_documents_the_endpoints(api, staff):
    response = api(staff["lead"]).get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/decisions/cases/{id}/issue" in text and "/api/v1/cases/{id}/events" in text
