"""API: read a client and search clients, staff only, documented in OpenAPI."""

import pytest

from loket.clients.services import ContactIdentity, register_client
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def ahmed(db):
    return register_client(
        identity=ContactIdentity(
            name="أحمد الحسن", birth_date="1988", v_number="1234567890", phone="0612345678", case_ref="ZK-1"
        ),
        actor="counter",
    )


def test_read_a_client(api, ahmed):
    response = api.get(f"/api/v1/clients/{ahmed.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["v_number"] == "1234567890" and body["birth_date"] == "1988"
    assert body["names"] == [{"full_name": "أحمد الحسن", "script": "Arab", "is_original": True}]
    assert body["phones"] == ["+31612345678"] and body["case_refs"] == ["ZK-1"] and body["merged_into"] is None
    assert AuditEntry.objects.filter(action="clients.client.read", object_id=str(ahmed.pk)).exists()


def test_search_by_name_and_identifier(api, ahmed):
    assert [c["id"] for c in api.get("/api/v1/clients/", {"q": "Ahmed Al-Hassan"}).json()] == [ahmed.pk]
    assert [c["id"] for c in api.get("/api/v1/clients/", {"q": "V1234567890"}).json()] == [ahmed.pk]
    assert api.get("/api/v1/clients/", {"q": "Nobody Known"}).json() == []


def test_search_without_a_query_is_a_400_per_field(api):
    response = api.get("/api/v1/clients/")
    assert response.status_code == 400 and "q" in response.json()


def test_unknown_client_404_and_roles_checked(client, make_user, ahmed):
    assert client.get(f"/api/v1/clients/{ahmed.pk}/").status_code in (401, 403)
    client.force_login(make_user(Role.DECISION_OFFICER))
    assert client.get(f"/api/v1/clients/{ahmed.pk}/").status_code == 403
    client.force_login(make_user(Role.CONTACT_AGENT))
    assert client.get("/api/v1/clients/999999/").status_code == 404


def test_documented_in_openapi(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/clients/{id}/" in schema and "Search clients" in schema
