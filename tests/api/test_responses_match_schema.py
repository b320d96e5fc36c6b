"""Real answers of the API, with real data, are what openapi.yaml says: every status is
documented and every body fits its schema (a null only where the schema allows one)."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.cases import services as case_services
from loket.cases.models import Case
from loket.core.models import User
from tests.cases.conftest import staff, today  # noqa: F401
from tests.decisions.conftest import verify_session
from tests.decisions.test_api import OBJECTION  # the same objection the decisions API tests file

from .conftest import bearer
from .schema_check import check

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


@pytest.fixture
def systems(staff, make_token):
    return {
        role: bearer(make_token(role, name=role.replace("_", "-"), unit="TEAM"))
        for role in ("objection_officer", "second_reader", "team_lead", "contact_agent", "administrator")
    }


def call(api, method, path, body=None):
    kwargs = {"content_type": "application/json"} if body is not None else {}
    response = (
        getattr(api, method.lower())(path, body, **kwargs) if body is not None else getattr(api, method.lower())(path)
    )
    check(response, path, method)
    return response


@pytest.mark.django_db
def test_an_objection_from_intake_to_decision(systems, staff, today, client):
    officer = systems["objection_officer"]
    case = call(officer, "POST", "/api/v1/cases/", OBJECTION).json()
    pk = case["id"]
    # The partner system works the case as its officer (the draw never picks a service user).
    case_services.assign(
        case=Case.objects.get(pk=pk), officer=User.objects.get(username="api-objection-officer"), via="test"
    )
    call(officer, "GET", "/api/v1/cases/")
    call(officer, "GET", f"/api/v1/cases/{pk}")
    draft = {"outcome": "unfounded", "reasons": REASONS, "signatory": "tom"}
    call(officer, "PUT", f"/api/v1/decisions/cases/{pk}/draft", draft)
    assert call(officer, "POST", f"/api/v1/decisions/cases/{pk}/issue", {}).status_code == 403  # only tom signs
    # tom signs in his own session, verified with his second factor: stopped (no hearing, no second reader)
    signatory = Client()
    signatory.force_login(staff["lead"])
    staff["lead"].otp_device = TOTPDevice.objects.create(user=staff["lead"], name="phone", confirmed=True)
    verify_session(signatory, staff["lead"])
    assert call(signatory, "POST", f"/api/v1/decisions/cases/{pk}/issue", {}).status_code == 400
    call(officer, "POST", f"/api/v1/cases/{pk}/events", {"type": "hearing_held", "on": "2026-05-20", "by": "otto"})
    client.force_login(staff["reader"])  # the drawn second reader
    call(client, "POST", f"/api/v1/decisions/cases/{pk}/approve")
    decision = call(signatory, "POST", f"/api/v1/decisions/cases/{pk}/issue", {})
    assert decision.status_code == 201, decision.json()
    call(officer, "GET", f"/api/v1/decisions/{decision.json()['id']}")
    call(officer, "GET", f"/api/v1/cases/{pk}")


@pytest.mark.django_db
def test_a_case_without_a_client_or_deadline(systems, today):
    lead = systems["team_lead"]
    case = call(
        lead,
        "POST",
        "/api/v1/cases/",
        {"kind": "application", "track": "regular", "team": "TEAM", "received_on": "2026-05-04"},
    )
    assert case.json()["client_id"] is None
    call(lead, "GET", "/api/v1/cases/")
    call(lead, "POST", f"/api/v1/decisions/cases/{case.json()['id']}/penalty", {})


@pytest.mark.django_db
def test_contacts_questions_and_clients(systems, today):
    agent = systems["contact_agent"]
    contact = call(
        agent,
        "POST",
        "/api/v1/contact/contacts",
        {
            "ref": "tel-1",
            "channel": "phone",
            "received_at": "2026-05-04T09:30:00+02:00",
            "name": "Sara Ahmadi",
            "phone": "+31612345678",
        },
    )
    call(
        agent,
        "POST",
        "/api/v1/contact/contacts",
        {"ref": "tel-1", "channel": "phone", "received_at": "2026-05-04T09:30:00+02:00"},
    )
    call(agent, "GET", "/api/v1/contact/questions")
    call(agent, "GET", f"/api/v1/contact/questions/{contact.json()['question_id']}")
    client_id = contact.json()["client_id"]
    if client_id:
        call(agent, "GET", f"/api/v1/clients/{client_id}/")
    call(agent, "GET", "/api/v1/clients/?q=Sara")
    call(systems["administrator"], "GET", "/api/v1/rules/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path, body",
    [
        ("GET", "/api/v1/cases/999999", None),
        ("GET", "/api/v1/cases/?kind=nonsense", None),
        ("GET", "/api/v1/cases/?page=99", None),
        ("POST", "/api/v1/cases/", {"kind": "nonsense"}),
        ("POST", "/api/v1/cases/", [1, 2]),
        ("PUT", "/api/v1/decisions/cases/999999/draft", {"outcome": "granted"}),
        ("GET", "/api/v1/clients/?q=", None),
        ("GET", "/api/v1/contact/questions/999999", None),
        ("POST", "/api/v1/rules/evaluate", {"ref": 1}),
    ],
)
def test_errors_are_documented_with_their_bodies(systems, method, path, body):
    call(systems["administrator"], method, path, body)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cases/", "/api/v1/rules/", "/api/v1/contact/questions"])
def test_refusals_are_documented(systems, client, path):
    call(client, "GET", path)  # no credential: 401
    call(systems["contact_agent"] if "contact" not in path else systems["second_reader"], "GET", path)  # 403
