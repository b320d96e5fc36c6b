"""The contact API: one contact in, where it landed out; 400 with a message per field."""

import pytest
import time_machine

from loket.contact.models import Contact
from tests.contact.conftest import at, line

pytestmark = pytest.mark.django_db
URL = "/api/v1/contact/contacts"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(2026, 6, 2, 12), tick=False):
        yield


@pytest.fixture
def api(client, agent):
    client.force_login(agent)
    return client


def test_a_contact_in_and_the_same_ref_again(api):
    body = line(ref="tel-1", channel="phone", name="Mohammed Ali", phone="0612345678", topic="status")
    first = api.post(URL, body, content_type="application/json")
    again = api.post(URL, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["question"].startswith("KV-") and first.json()["match"] == "new"
    assert again.json()["created"] is False and Contact.objects.count() == 1


def test_bad_input_is_400_per_field(api):
    response = api.post(
        URL,
        line(ref="x", channel="fax", name="A", phone="12", received_at="2026-06-01T10:00:00"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"channel", "received_at"} == set(response.json())  # the odd phone refuses nothing
    assert not Contact.objects.exists()


def test_a_doubtful_phone_and_address_are_kept_through_the_api(api):
    response = api.post(
        URL,
        line(ref="odd", channel="web", name="Aïsha Haile", phone="+31 6 77512915", email="aïsha12@gmail.com"),
        content_type="application/json",
    )
    assert response.status_code == 201
    contact = Contact.objects.get(ref="odd")
    assert (contact.phone, contact.email) == ("+31 6 77512915", "aïsha12@gmail.com")
    assert contact.doubts == {
        "phone": {"written": "+31 6 77512915", "reason": "phone_invalid"},
        "email": {"written": "aïsha12@gmail.com", "reason": "email_international"},
    }
    assert {(p.number, p.doubt) for p in contact.client.phones.all()} == {("+31 6 77512915", "phone_invalid")}


def test_queue_and_question(api):
    api.post(
        URL,
        line(ref="w", channel="web", name="Sara", email="s@example.org", topic="fees"),
        content_type="application/json",
    )
    queue = api.get("/api/v1/contact/questions").json()
    assert len(queue) == 1 and queue[0]["topic"] == "fees"
    detail = api.get(f"/api/v1/contact/questions/{queue[0]['id']}").json()
    assert detail["contacts"][0]["ref"] == "w"


def test_the_api_needs_a_contact_role(client, make_user):
    client.force_login(make_user())
    assert client.post(URL, line(ref="w", name="A"), content_type="application/json").status_code == 403
    client.logout()
    assert client.get("/api/v1/contact/questions").status_code in (401, 403)


def test_the_schema_lists_the_contact_api(client, agent):
    client.force_login(agent)
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/contact/contacts" in schema
