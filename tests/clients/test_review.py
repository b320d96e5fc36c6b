"""The review queue: an agent decides who sent a doubtful contact."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.clients.models import Client
from loket.clients.review_models import ReviewStatus
from loket.clients.services import confirm_review
from loket.clients.signals import review_decided
from loket.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(link):
    link(name="Ahmed Al-Hassan", birth_date="1988-03-14")
    result = link(name="Ahmed Alhassan", phone="0612345678", source="contact:C1")
    assert result.outcome == "review"
    return result.review


def test_review_item_keeps_what_the_contact_said_and_its_candidates(item):
    assert item.identity == {"name": "Ahmed Alhassan", "phone": "0612345678"}
    assert item.source == "contact:C1" and item.status == ReviewStatus.OPEN
    candidate = item.candidates.get()
    assert candidate.client.display_name == "Ahmed Al-Hassan" and candidate.reasons


def test_agent_confirms_a_candidate_and_the_client_learns_the_new_details(
    item, agent, django_capture_on_commit_callbacks
):
    received = []
    review_decided.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t")
    chosen = item.candidates.get().client
    with django_capture_on_commit_callbacks(execute=True):
        client = confirm_review(item=item, client=chosen, actor=agent)
    review_decided.disconnect(dispatch_uid="t")
    assert client == chosen
    assert "+31612345678" in client.phones.values_list("number", flat=True)
    item.refresh_from_db()
    assert item.status == ReviewStatus.LINKED and item.client == client and item.resolved_by == agent
    assert len(received) == 1 and received[0]["item"] == item and received[0]["client"] == client


def test_agent_creates_a_new_client(item, agent):
    client = confirm_review(item=item, client=None, actor=agent)
    assert client.display_name == "Ahmed Alhassan" and Client.objects.count() == 2
    item.refresh_from_db()
    assert item.status == ReviewStatus.CREATED


def test_decided_item_cannot_be_decided_again(item, agent):
    confirm_review(item=item, client=None, actor=agent)
    with pytest.raises(ValidationError, match="already decided"):
        confirm_review(item=item, client=None, actor=agent)


def test_only_client_staff_decide(item, make_user):
    with pytest.raises(PermissionDenied):
        confirm_review(item=item, client=None, actor=make_user(Role.SECOND_READER))


# --- the client made while a contact waits -------------------------------------------


def test_the_senders_next_contact_waits_on_the_client_made_for_the_first(item, link):
    """The same phone again: no second review, the contact joins the waiting client."""
    waiting = item.provisional
    assert waiting is not None and waiting.display_name == "Ahmed Alhassan"
    again = link(name="Ahmed Alhassan", phone="0612345678")
    assert again.outcome == "linked" and again.client == waiting and "phone exact" in again.reasons
    assert item.candidates.get().client != waiting


def test_confirming_a_candidate_merges_the_waiting_client_into_it_and_can_be_undone(item, link, agent):
    from loket.clients.models import ClientMerge
    from loket.clients.services import undo_merge

    waiting = item.provisional
    link(name="Ahmed Alhassan", phone="0612345678", email="ahmed@example.org")  # waits with it
    chosen = item.candidates.get().client
    assert confirm_review(item=item, client=chosen, actor=agent) == chosen
    waiting.refresh_from_db()
    assert waiting.merged_into == chosen
    assert {"+31612345678"} <= set(chosen.phones.values_list("number", flat=True))
    assert "ahmed@example.org" in chosen.emails.values_list("address", flat=True)  # from the later contact
    merge = ClientMerge.objects.get(keep=chosen, merged=waiting)
    assert f"Review item {item.pk}" in merge.reason and not merge.automatic
    undo_merge(merge=merge, actor=agent, reason="the agent chose wrongly")
    waiting.refresh_from_db()
    assert waiting.merged_into is None and "ahmed@example.org" in waiting.emails.values_list("address", flat=True)


def test_someone_new_keeps_the_waiting_client(item, agent):
    before = Client.objects.count()
    assert confirm_review(item=item, client=None, actor=agent) == item.provisional
    assert Client.objects.count() == before


def test_choosing_the_waiting_client_itself_keeps_it(item, agent):
    assert confirm_review(item=item, client=item.provisional, actor=agent) == item.provisional
    item.refresh_from_db()
    assert item.status == ReviewStatus.CREATED


def test_identifiers_of_two_clients_make_no_waiting_client(link):
    first = link(name="Ahmed Al-Hassan", v_number="1234567890").client
    second = link(name="Ahmed Al-Hassan", v_number="2234567890", case_ref="zk 2024 001").client
    result = link(name="Ahmed Al-Hassan", v_number="1234567890", case_ref="zk 2024 001")
    assert result.outcome == "review" and result.client is None and result.review.provisional is None
    assert {c.client_id for c in result.candidates} == {first.pk, second.pk}


def test_the_relink_leaves_a_waiting_client_to_the_agent(item, link):
    from loket.clients.services.relink import relink

    waiting = item.provisional
    link(name="Ahmed Alhassan", phone="0612345678", birth_date="1988-03-14")  # now as alike as can be
    report = relink()
    waiting.refresh_from_db()
    assert waiting.merged_into is None and report.merged == []
