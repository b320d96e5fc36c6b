"""Issue 15 items 3 and 4 for a case's documents: a file the client handed in for a case (a
contact attachment) is read under the case's need to know, and every download, allowed or
refused, writes one audit entry with actor, action, object, result, origin and purpose."""

import pytest
from django.urls import reverse

from loket.clients.models import Client
from loket.contact.models import Attachment
from loket.contact.services.client_site import ClientFile, hand_in_document
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role


@pytest.fixture
def document(application, staff):
    """A case assigned to daan, and a document its client handed in for it on My Loket."""
    client = Client.objects.create(display_name="Amal")
    case = application(client=client, handler=staff["decision"])
    contact = hand_in_document(
        client_id=client.pk, case_ref=case.reference, file=ClientFile("passport.txt", b"hello"), actor="portal"
    )
    return case, Attachment.objects.get(contact=contact)


def _download(client, user, item):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.get(reverse("desk:contact:attachment", args=[item.pk]))


def _entries():
    return list(AuditEntry.objects.filter(action__startswith="contact.attachment.read").order_by("seq"))


def test_the_assigned_officer_opens_the_document_and_the_read_is_logged(client, document, staff):
    case, item = document
    response = _download(client, staff["decision"], item)
    assert response.status_code == 200 and response.content == b"hello"
    [entry] = _entries()
    assert (entry.actor, entry.action, entry.object_type, entry.object_id) == (
        "daan",
        "contact.attachment.read",
        "contact.attachment",
        str(item.pk),
    )
    assert entry.data["result"] == "allowed" and entry.data["basis"] == "assigned"
    assert entry.data["case"] == case.reference
    assert entry.data["origin"] == "page:desk:contact:attachment GET" and entry.data["purpose"] == "client contact"


@pytest.mark.parametrize("who", ["outsider", "objection"])
def test_an_officer_without_need_to_know_is_refused_and_offered_the_glass(client, document, staff, make_user, who, org):
    _case, item = document
    user = staff[who]
    response = _download(client, user, item)
    assert response.status_code == 403 and b"hello" not in response.content
    assert "Break the glass" in response.content.decode() or "break the glass" in response.content.decode()
    [entry] = _entries()
    assert entry.action == "contact.attachment.read.refused" and entry.data["result"] == "refused"
    assert entry.actor == user.username and entry.data["origin"] == "page:desk:contact:attachment GET"


def test_a_team_lead_of_another_team_may_not_open_the_document(client, document, make_user, org):
    _case, item = document
    lead = make_user(Role.TEAM_LEAD, username="lea", unit=org["other"])
    assert _download(client, lead, item).status_code == 403
    assert _entries()[0].data["result"] == "refused"


def test_after_breaking_the_glass_the_document_opens_for_the_day(client, document, staff):
    from loket.integrity.services import break_glass

    case, item = document
    break_glass(actor=staff["outsider"], case=case, reason="The client is at the desk with a question.")
    response = _download(client, staff["outsider"], item)
    assert response.status_code == 200
    assert _entries()[-1].data["basis"] == "break_glass"


def test_the_contact_desk_reads_what_came_in_and_that_is_logged_too(client, document, make_user):
    _case, item = document
    agent = make_user(Role.CONTACT_AGENT, username="agent")
    assert _download(client, agent, item).status_code == 200
    [entry] = _entries()
    assert (entry.actor, entry.data["result"], entry.data["basis"]) == ("agent", "allowed", "contact desk")
    assert entry.data["purpose"] == "client contact"
