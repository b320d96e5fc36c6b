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
