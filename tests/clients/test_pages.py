"""Staff pages: search, a client's file with merges and undo, the review queue."""

import pytest
from django.urls import reverse

from loket.clients.models import Client, ClientMerge
from loket.clients.review_models import ReviewStatus
from loket.clients.services import ContactIdentity, register_client
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role

pytestmark = pytest.mark.django_db


def register(**fields):
    return register_client(identity=ContactIdentity(**fields), actor="counter")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_search_finds_a_name_in_another_spelling_and_script(agent_client):
    ahmed = register(name="أحمد الحسن", birth_date="1988-03-14", v_number="1234567890")
    register(name="Fatima Ibrahim", birth_date="1970")
    page = agent_client.get(reverse("desk:clients:search"), {"q": "Achmed Alhassan"})
    assert page.status_code == 200
    assert reverse("desk:clients:detail", args=[ahmed.pk]) in page.content.decode()
    assert "Fatima" not in page.content.decode()
    by_v = agent_client.get(reverse("desk:clients:search"), {"q": "12-3456-7890"})
    assert reverse("desk:clients:detail", args=[ahmed.pk]) in by_v.content.decode()
    assert AuditEntry.objects.filter(action="clients.client.searched").count() == 2


def test_client_page_shows_names_in_every_script_and_logs_the_read(agent_client, agent):
    ahmed = register(name="أحمد الحسن", birth_date="1988", v_number="1234567890", phone="0612345678")
    page = agent_client.get(reverse("desk:clients:detail", args=[ahmed.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "أحمد الحسن" in html and "+31612345678" in html and "1234567890" in html
    entry = AuditEntry.objects.get(action="clients.client.read")
    assert entry.actor == agent.username and entry.object_id == str(ahmed.pk)


def test_shared_phone_is_shown_as_shared(agent_client):
    mother = register(name="Fatima Hassan", phone="0611111111")
    son = register(name="Omar Hassan", phone="0611111111")
    html = agent_client.get(reverse("desk:clients:detail", args=[mother.pk])).content.decode()
    assert "Shared with other clients" in html and reverse("desk:clients:detail", args=[son.pk]) in html


def test_merge_and_undo_through_the_pages(agent_client):
    a = register(name="Khaled Ibrahim", birth_date="1980")
    b = register(name="Khalid Ibrahim", birth_date="1980-02-03", phone="0622222222")
    response = agent_client.post(
        reverse("desk:clients:merge", args=[a.pk]), {"other": b.pk, "reason": "same passport number on both files"}
    )
    assert response.status_code == 302
    merge = ClientMerge.objects.get()
    page = agent_client.get(reverse("desk:clients:detail", args=[a.pk])).content.decode()
    assert "same passport number on both files" in page and "Undo this merge" in page
    response = agent_client.post(
        reverse("desk:clients:undo_merge", args=[merge.pk]), {f"m{merge.pk}-reason": "two brothers"}
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into is None and "+31622222222" in b.phones.values_list("number", flat=True)


def test_merge_refused_with_a_clear_message_and_nothing_changed(agent_client):
    a = register(name="Ali Hassan", v_number="1111111111")
    b = register(name="Ali Hassan", v_number="2222222222")
    response = agent_client.post(reverse("desk:clients:merge", args=[a.pk]), {"other": b.pk, "reason": "same"})
    assert response.status_code == 400 and "different V-numbers" in response.content.decode()
    missing = agent_client.post(reverse("desk:clients:merge", args=[a.pk]), {"other": 999999, "reason": "x"})
    assert missing.status_code == 400 and "no client with this number" in missing.content.decode()
    assert not ClientMerge.objects.exists()


def test_review_queue_confirm_a_candidate(agent_client, link):
    ahmed = link(name="Ahmed Al-Hassan", birth_date="1988-03-14").client
    item = link(name="Ahmed Alhassan", phone="0612345678").review
    page = agent_client.get(reverse("desk:clients:review"))
    assert page.status_code == 200 and "Ahmed Alhassan" in page.content.decode()
    response = agent_client.post(
        reverse("desk:clients:review_decide", args=[item.pk]), {f"r{item.pk}-decision": str(ahmed.pk)}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewStatus.LINKED and item.client == ahmed


def test_review_queue_new_client_or_a_searched_one(agent_client, link):
    link(name="Ahmed Al-Hassan", birth_date="1988-03-14")
    other = register(name="Ahmad Hassan", birth_date="1990")
    first = link(name="Ahmed Alhassan", phone="0612345678").review
    second = link(name="Ahmed Al Hassan", email="ah@example.org").review
    agent_client.post(reverse("desk:clients:review_decide", args=[first.pk]), {f"r{first.pk}-decision": "new"})
    agent_client.post(reverse("desk:clients:review_decide", args=[second.pk]), {f"r{second.pk}-other": other.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ReviewStatus.CREATED and first.client.display_name == "Ahmed Alhassan"
    assert second.client == other


def test_review_decision_without_a_choice_changes_nothing(agent_client, link):
    link(name="Ahmed Al-Hassan", birth_date="1988-03-14")
    item = link(name="Ahmed Alhassan").review
    response = agent_client.post(reverse("desk:clients:review_decide", args=[item.pk]), {}, follow=True)
    assert "Choose a client" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ReviewStatus.OPEN and Client.objects.count() == 1


@pytest.mark.parametrize("name", ["desk:clients:search", "desk:clients:review"])
def test_pages_need_a_client_role(client, make_user, name):
    assert client.get(reverse(name)).status_code == 302  # to sign in
    client.force_login(make_user(Role.DECISION_OFFICER))
    assert client.get(reverse(name)).status_code == 403


def test_menu_offers_the_pages_to_contact_and_counter_agents(client, make_user):
    for role in (Role.CONTACT_AGENT, Role.COUNTER_AGENT):
        client.force_login(make_user(role))
        html = client.get(reverse("desk:home")).content.decode()
        assert reverse("desk:clients:search") in html and reverse("desk:clients:review") in html
